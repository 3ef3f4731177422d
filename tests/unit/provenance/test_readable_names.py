from core.provenance.readable_names import hardware_name, model_name


def test_the_models_that_ship_are_named_in_words_alone():
    # a review read "the built-in poet (poet-gpt)" and "the Lab's GAN (lab-gan)" as internal codes
    assert model_name("poet-gpt") == "the built-in poet"
    assert model_name("art-diffusion") == "the built-in painter"
    assert model_name("lab-gan") == "the Lab's GAN"
    assert model_name("openai-community/gpt2") == "openai-community/gpt2"
    assert model_name("grammar planner") == "grammar planner"  # words already


def test_the_molecule_optimisers_are_named_as_the_tab_names_them_not_by_their_algorithm():
    # the energy chart and the audit log said "Graph GA", the Molecules tab says "Breed molecules"
    assert model_name("Graph GA") == "the molecule breeder"
    assert model_name("Generator-guided") == "the molecule generator taught a goal"
    assert model_name(None) == "unknown"


def test_the_table_generators_say_what_they_are():
    # the energy table and the audit log named "Gaussian copula" without a word of what it is
    assert model_name("Gaussian copula") == "Gaussian copula (a statistics method for tables)"
    assert model_name("CTGAN") == "CTGAN (an adversarial network for tables)"
    assert model_name("TVAE") == "TVAE (an autoencoder for tables)"


def test_the_fairness_audits_models_say_what_they_are():
    # the audit log's only model named without a word of what it is, in the eighth review
    assert model_name("Logistic regression") == "logistic regression (a simple statistical model)"
    assert model_name("Gradient boosting") == "gradient boosting (many small decision trees)"


def test_the_platform_label_reads_as_a_server_and_its_processor():
    assert hardware_name("x86_64 Linux") == "Linux server, Intel or AMD processor"
    assert hardware_name(None) == "not recorded"
