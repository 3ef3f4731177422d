from core.wording import listed


def test_words_are_listed_as_a_sentence_lists_them():
    assert listed(["name"]) == "name"
    assert listed(["name", "email"]) == "name and email"
    assert listed(["name", "email", "phone"]) == "name, email and phone"
    assert listed(["violence", "hate", "self-harm"], "or") == "violence, hate or self-harm"
    assert listed([]) == ""
