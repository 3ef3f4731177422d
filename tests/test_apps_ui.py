import gradio as gr
import pytest

from apps.ui import launch_options


def test_uploads_are_capped_and_the_page_loads_no_web_fonts():
    options = launch_options(7860)
    assert options["max_file_size"]
    fonts = [str(font) for font in options["theme"].font]
    assert not any("GoogleFont" in type(font).__name__ for font in options["theme"].font), fonts


def test_in_the_dark_theme_a_hovered_option_does_not_outshine_the_chosen_one():
    from apps.ui import THEME
    from core.chart_colours import contrast

    def colour(name: str) -> list[float]:  # as Gradio resolves a dark variable: "*x" is x_dark where there is one
        value = getattr(THEME, name)
        while value.startswith("*"):
            value = getattr(THEME, f"{value[1:]}_dark", None) or getattr(THEME, value[1:])
        return [int(value[i:i + 2], 16) / 255 for i in (1, 3, 5)]

    def luminance(rgb: list[float]) -> float:
        return contrast(rgb, [0, 0, 0]) * 0.05 - 0.05

    unchosen, hovered, chosen = (colour(f"checkbox_label_background_fill{state}_dark")
                                 for state in ("", "_hover", "_selected"))
    assert luminance(unchosen) < luminance(hovered) and hovered[2] <= hovered[0] + 0.15  # a grey lift, not indigo
    assert contrast(hovered, chosen) > 1.2  # still told apart from the chosen option


@pytest.mark.parametrize("switch, served", [(None, True), ("False", False), ("0", False), ("True", True)])
def test_the_mcp_server_is_on_unless_the_operator_turns_it_off(monkeypatch, switch, served):
    if switch is None:
        monkeypatch.delenv("GRADIO_MCP_SERVER", raising=False)
    else:
        monkeypatch.setenv("GRADIO_MCP_SERVER", switch)
    assert launch_options(7860)["mcp_server"] is served


def test_a_status_lines_audit_record_is_words_linking_to_the_log_searched_for_it():
    """A newcomer read "Audit record `8dfb80497c`" as jargon: the id is in the link, not in the sentence."""
    from apps.ui import audit_record

    assert audit_record("0123456789") == "[See its audit record](?tab=ethics/transparency&record=0123456789)"
    assert audit_record("0123456789", "2") == "[2](?tab=ethics/transparency&record=0123456789)"


def test_a_jobs_time_reads_in_seconds_then_minutes():
    from apps.ui import elapsed_words

    assert [elapsed_words(s) for s in (0.4, 12.9, 60, 125)] == ["0 s", "12 s", "1 min 00 s", "2 min 05 s"]


def test_a_pictures_settings_and_credentials_read_as_words_not_python():
    from apps.deepfake_check import action_words, settings_words, source_words

    text = settings_words({"model_id": "art-diffusion", "parameters": {"steps": 20, "image_to_image": False,
                                                                       "size": None, "prompt": "a cat"}})
    assert text == "prompt “a cat”; 20 steps; model: the built-in painter"  # not its folder name
    assert "{" not in text and "'" not in text and "None" not in text
    # a Genlab picture's own settings in a visitor's order and words: it read "model id art-diffusion; batch 1;
    # batch index 0; guidance 4.0; image to image no; model art-diffusion; prompt ..."
    text = settings_words({"model_id": "art-diffusion", "batch": 1, "batch_index": 0, "guidance": 4.0,
                           "image_to_image": False, "model": "art-diffusion", "prompt": "a lighthouse",
                           "scheduler": "DPM-Solver++", "seed": 7, "steps": 20, "record_id": "46ccddb2f4",
                           "tab": "art", "cfg_rescale": 0.7})
    assert text == ("prompt “a lighthouse”; seed 7; 20 steps; guidance 4.0; "
                    "sampler DPM-Solver++ (its recipe for each step); "  # a name, said what it is (review 13)
                    "model: the built-in painter; made on the Art tab; cfg rescale 0.7")  # no audit record's id (review 11)
    assert source_words("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia") == \
        "made by a trained model"
    assert action_words("c2pa.created") == "created"


def test_continue_a_text_asks_for_a_text_where_the_other_modes_say_it_may_stay_empty():
    from apps.writing import show_mode_fields

    assert "Leave empty" not in show_mode_fields("Continue a text")[0]["placeholder"]
    assert show_mode_fields("Poem")[0]["placeholder"] == "Leave empty to let the model begin"


def test_the_art_tabs_limits_and_examples_follow_the_words_the_painter_knows(monkeypatch):
    import apps.art as art
    from core.art.known_words import SCENERY

    monkeypatch.setattr(art, "_embedded", lambda: True)
    monkeypatch.setattr(art, "embedded_size_words", lambda: "64x64 pixel art")
    monkeypatch.setattr(art, "known_word_groups", lambda: {SCENERY: ["dawn", "lake"], "Animals": ["cat", "dog"],
                                                           "Food": ["cake"]})
    assert "small scenes, 64x64 pixel art: one thing (3 words for animals and food)" in art.LIMITS()
    assert "(animals and food)" in art.embedded_note() and art.examples() == art.SUBJECT_EXAMPLES
    monkeypatch.setattr(art, "known_word_groups", lambda: {SCENERY: ["dawn", "lake"]})  # a landscape painter
    assert "only small landscapes" in art.LIMITS() and "no people, animals" in art.LIMITS()
    assert art.examples() == art.EXAMPLES and "small landscapes" in art.embedded_note()


def test_the_art_tabs_word_list_counts_things_as_about_does(monkeypatch):
    """Review 12: About said "309 words for animals, …" and the Art tab's list "Words … knows (402)", scenery
    included."""
    import apps.art as art
    from core.art.known_words import SCENERY

    groups = {SCENERY: ["dawn", "lake"], "Animals": ["cat", "dog"], "Food": ["cake"]}
    monkeypatch.setattr(art, "_embedded", lambda: True)
    monkeypatch.setattr(art, "embedded_size_words", lambda: "64x64 pixel art")
    monkeypatch.setattr(art, "known_word_groups", lambda: groups)
    assert "(3 words for animals and food)" in art.LIMITS()
    assert art.known_words_title(groups) == "Words the built-in painter knows (3 for things, 2 for the scene)"
    assert art.known_words_title({SCENERY: ["dawn", "lake"]}) == "Words the built-in painter knows (2)"


def test_writing_names_its_styles_and_methods_in_words_and_spells_out_each_acronym():
    from apps.writing_tuning import ADAPT_INTRODUCTION, PREFERENCE_INTRODUCTION
    from core.text.sampling import PRESETS

    assert list(PRESETS) == ["Predictable", "Balanced", "Creative"]
    adapt, prefer = " ".join(ADAPT_INTRODUCTION.split()), " ".join(PREFERENCE_INTRODUCTION.split())
    assert "LoRA** (low-rank adaptation)" in adapt
    assert "reinforcement learning from human feedback (**RLHF**)" in prefer
    assert "Direct preference optimisation (**DPO**)" in prefer and "PPO" not in prefer


def test_molecules_spells_out_smiles_and_selfies():
    from apps.molecules import INTRODUCTION, INTRODUCTION_WITHOUT_GENERATOR, SELFIES_SENTENCE

    for introduction in (INTRODUCTION, INTRODUCTION_WITHOUT_GENERATOR):
        assert "**SMILES** (the simplified molecular-input line-entry system:" in " ".join(introduction.split())
    assert "**SELFIES** (self-referencing embedded strings)" in SELFIES_SENTENCE


def test_a_quests_files_have_short_names_a_phone_shows_whole():
    from apps.quests import FILE_STEM_CHARS, file_stem

    assert file_stem("The Sunken Crypt of the Dragon Queen") == "the-sunken-crypt"
    assert file_stem("Rescue at Dawn") == "rescue-at-dawn"
    assert file_stem("Überwaldschatzkammerschlüsselsuche!") == "überwaldschatzkammer"
    assert file_stem("???") == "quest"
    assert all(len(file_stem(title)) <= FILE_STEM_CHARS for title in ("a " * 40, "x" * 80, "The Long Way Home Again"))


def test_the_language_model_findings_name_the_model_in_words_and_say_each_verdict_once():
    from apps.ethics import probe_markdown, quantisation_markdown
    from core.ethics.bias_probe import ProbeResult
    from core.ethics.quantization import QuantizationResult, VariantMeasurement

    counts = {job: {"he": he, "she": she, "they": 1, "none": 5} for job, he, she in
              (("nurse", 12, 1), ("doctor", 11, 1), ("cook", 5, 5))}
    text = probe_markdown(ProbeResult("poet-gpt", counts), 20)
    assert "by the built-in poet." in text and "poet-gpt" not in text
    assert "2 towards he (nurse, doctor)" in text and "skewed towards" not in text  # the headline says it once
    assert "he 12" not in text and "12.0:1" not in text  # the counts are the table's, not repeated above it
    result = QuantizationResult(VariantMeasurement("fp32", 27.9, 147, 113.2, "The moon"),
                                VariantMeasurement("int8", 15.9, 242, 113.4, "The sun"), 12288)
    text = quantisation_markdown(result)
    assert "**1.8x smaller** (27.9 → 15.9 MB)" in text and "writes **242** instead of 147 word pieces (tokens)" in text
    assert "How surprised it is by 12,288 word pieces of text it never learned from (its perplexity; lower is " \
           "better) goes from 113.2 to 113.4." in text
    result = QuantizationResult(VariantMeasurement("fp32", 27.9, 147, 113.26, "The moon"),
                                VariantMeasurement("int8", 15.9, 242, 113.34, "The sun"), 12288)
    shown = [str(row["perplexity"]) for row in result.rows]  # the table beside the sentence says the same
    assert f"goes from {shown[0]} to {shown[1]}." in quantisation_markdown(result)


def test_the_error_level_pictures_label_names_the_colours_it_is_drawn_in():
    import numpy as np
    from PIL import Image

    from apps.deepfake_check import ELA_LABEL
    from core.forensics.ela import error_levels

    picture = np.full((256, 256, 3), 120, np.uint8)
    picture[96:160, 96:160] = np.random.default_rng(0).integers(0, 255, (64, 64, 3))  # a pasted, noisy patch
    drawn = np.asarray(error_levels(Image.fromarray(picture)).ela_image).reshape(-1, 3).astype(int)
    most, least = drawn[drawn.sum(axis=1).argmax()], drawn[drawn[:, 0].argmin()]
    assert most[0] > 200 and most[2] < 60 and "orange: changed most" in ELA_LABEL  # it said "bright"
    # Dark, not a glaring pure blue over most of the map in a dark page (review 12).
    assert least[2] > least[0] and least[2] > least[1] and least.sum() < 120 and "dark blue: least" in ELA_LABEL


def test_the_video_timelines_legend_sits_below_it_the_detector_in_its_own_panel_and_lists_only_what_is_drawn():
    from types import SimpleNamespace

    from apps.deepfake_check import _timeline_figure

    frames = [SimpleNamespace(seconds=s, peak_score=1.0 + s, face_peak_score=None, genlab_watermark=False,
                              stable_diffusion_watermark=False, learned_probability_ai=0.1) for s in (0.0, 1.5, 3.0)]
    figure = _timeline_figure(SimpleNamespace(frames=frames, faces_checked=True))
    # the detector's chance has its own panel under the peak scores, not a second axis over them
    assert figure.layout.yaxis2.overlaying is None and figure.layout.yaxis2.domain[1] < figure.layout.yaxis.domain[0]
    assert figure.layout.legend.orientation == "h" and figure.layout.legend.y < 0
    # no empty "largest face"; the threshold is named in the legend, not by a label the grid lines ran through
    assert [trace.name for trace in figure.data] == ["fine grid in the whole frame",
                                                     "traces of enlarging above this line", "learned detector"]
    assert not [note for note in figure.layout.annotations if "enlarging" in note.text]
    # each panel's title stands clear of its top tick's label ("100%" touched it on a phone)
    titles = [note for note in figure.layout.annotations if note.text.startswith(("How strongly", "Learned"))]
    assert len(titles) == 2 and all(note.yshift >= 6 for note in titles)


def test_the_spectrum_chart_speaks_of_pattern_sizes_not_frequency_numbers_and_log_energy():
    """A review found "log energy" and bare numbers 0 to 250 under the picture check's spectrum."""
    from types import SimpleNamespace

    import numpy as np
    from PIL import Image

    from apps.deepfake_check import _spectrum_figure
    from core.forensics.spectrum import spectrum

    picture = Image.fromarray((np.random.default_rng(0).random((96, 96, 3)) * 255).astype(np.uint8))
    figure = _spectrum_figure(SimpleNamespace(frequencies=spectrum(picture)))
    assert list(figure.layout.xaxis2.ticktext) == ["coarse", "fine"] and figure.layout.yaxis2.showticklabels is False
    assert "log" not in figure.layout.yaxis2.title.text.split("(")[0] and "energy" not in figure.layout.yaxis2.title.text
    # review 12: the picture's two "fine" met at its corner ("finefine" on a phone): up and down names each once
    assert list(figure.layout.xaxis.ticktext) == ["fine", "coarse", "fine"]
    assert list(figure.layout.yaxis.ticktext) == ["coarse", "fine"] and figure.layout.yaxis.tickvals[0] > 0


def test_the_spectrum_title_says_what_it_found_in_words_then_its_score_and_that_blocks_are_another_sign():
    """Review 11: "Peak score 3.4 / 5 or more: a fine grid left by enlarging" beside "enlarged by whole pixels" read
    as a contradiction. Review 13: "Fine-grid score 2.5" led as a bare number; review 14: "fine-grid score" stood
    unexplained."""
    from apps.deepfake_check import spectrum_title
    from core.forensics.spectrum import Spectrum

    def measured(peak_score: float, block_size: int | None) -> Spectrum:
        return Spectrum(log_magnitude=None, radial_profile=None, peak_score=peak_score, peaks=[], block_size=block_size)

    low_with_blocks = spectrum_title(measured(3.4, 16))
    assert low_with_blocks.startswith("No fine grid from smooth enlarging<br><sup>a grid's strength here: 3.4, under "
                                      "the 5 it takes")
    assert "<br>but 16x16 blocks show enlarging by repeating pixels</sup>" in low_with_blocks
    # review 12: each line short enough for a phone's chart ("…enlarged by repeating whole pixels" was cut at its
    # edge) and no "as smooth enlarging leaves" after "no fine grid", which read garbled
    lines = low_with_blocks.replace("<sup>", "").replace("</sup>", "").split("<br>")
    assert all(len(line) <= 52 for line in lines) and "leaves" not in low_with_blocks
    high = spectrum_title(measured(8.7, None))
    assert high.startswith("A fine grid, as from smooth enlarging<br><sup>a grid's strength here: 8.7, over the 5 "
                           "it takes")
    assert high.count("<br>") == 1  # no fragments: "(it takes 5 or more)" stood alone on a line (review 15)
    assert "score" not in low_with_blocks + high
    assert "blocks" not in high


def test_the_optimisers_legend_sits_under_its_chart_not_on_the_plots_top():
    from types import SimpleNamespace

    from apps.molecules import _optimisation_view

    history = [SimpleNamespace(generation=g, best=0.5 + g / 10, mean=0.4 + g / 10, top=[("CCO", 0.5 + g / 10)])
               for g in (1, 2, 3)]
    figure = _optimisation_view(history, SimpleNamespace(population=20), final=False)[0]
    assert figure.layout.legend.orientation == "h" and figure.layout.legend.y < 0


def test_writings_status_line_says_when_the_first_words_came_in_seconds():
    from apps.writing import _stats
    from core.text.writer import WritingUpdate

    update = WritingUpdate(text="a", written="a", tokens=40, seconds=2.0, first_token_s=0.304, done=False,
                           model_label="poet-gpt", backend="embedded", seed=7, watermarked=True)
    line = _stats(update)
    assert "first words after 0.3 s" in line and " ms" not in line and "first token" not in line
    quick = _stats(WritingUpdate(text="a", written="a", tokens=40, seconds=2.0, first_token_s=0.012, done=False,
                                 model_label="poet-gpt", backend="embedded", seed=7, watermarked=True))
    assert "first words within 0.1 s" in quick and "0.0 s" not in quick  # it read "first words after 0.0 s"


def test_the_diffusion_strip_says_how_far_through_the_noise_each_picture_is_in_round_shares():
    from apps.lab import noise_steps_words

    words = noise_steps_words([0, 50, 100, 200, 300, 500, 699, 999])
    assert words == ("After 0%, 5%, 10%, 20%, 30%, 50%, 70% and 100% of the 1,000 noise steps: by the last, nothing of "
                     "the digit is left.")


def test_a_table_wider_than_a_laptops_page_wraps_into_it_each_column_keeping_its_longest_word():
    import pandas as pd

    from apps.ui import TABLE_CELL_PADDING_PX, TABLE_CHARACTER_PX, fitted_column_widths

    small = pd.DataFrame({"rank": [1, 2], "score": [0.93, 0.91]})
    assert fitted_column_widths(small) == []  # Gradio's own widths fit
    wide = pd.DataFrame({"time (UTC)": ["2026-12-06 03:26:42"], "model": ["the built-in painter"],
                         "record": ["6da9f87e4a"], "settings and prompt": ["prompt: a castle by a lake at dusk " * 6],
                         **{f"column {n}": ["signed (local development certificate)"] for n in range(3)}})
    widths = [float(width.removesuffix("px")) for width in fitted_column_widths(wide, page_px=1200)]
    assert len(widths) == 7 and 1190 <= sum(widths) <= 1200
    assert widths[2] >= len("6da9f87e4a") * TABLE_CHARACTER_PX and widths[0] >= len("2026-12-06") * TABLE_CHARACTER_PX
    assert widths[3] > len("castle,") * TABLE_CHARACTER_PX + 60  # the long settings get some of the room left
    # a Hub model's id breaks at its "/": as one word it made the whole audit log scroll sideways on a laptop
    audit_log = pd.DataFrame([["2026-12-07 07:28:33", "Synthetic data", "stabilityai/stable-diffusion-xl-base-1.0",
                               "a built-in model", "hidden in the word choices", "signed (local development "
                               "certificate)", "0.0000044", "0.091", "c1b211ab91", "another session", ""]],
                             columns=["time (UTC)", "tab", "model", "kind of model", "watermark",
                                      "signed credentials (C2PA)", "energy (Wh)", "seconds", "record", "made in",
                                      "settings and prompt"])
    widths = [float(width.removesuffix("px")) for width in fitted_column_widths(audit_log, page_px=1200)]
    assert 1190 <= sum(widths) <= 1200
    # a date breaks at no "-", as a browser keeps it: counted as three words, its column was cut to "2026-12-" / "07"
    logged = pd.DataFrame([["2026-12-07 10:31:16", "Ethics", "logistic regression (a simple statistical model)",
                            "a fairness audit", "none", "none", "", "", "5e396eec76", "another session", ""],
                           ["2026-12-07 10:22:05", "Art", "the built-in painter", "a built-in model",
                            "hidden in the pixels", "signed (local development certificate)", "0.021", "1.9",
                            "05e4e49e22", "this session", "prompt: a castle by a lake at dusk; seed 12345"]],
                          columns=audit_log.columns)
    time_px = float(fitted_column_widths(logged, page_px=1200)[0].removesuffix("px"))
    assert time_px >= len("2026-12-07") * TABLE_CHARACTER_PX + TABLE_CELL_PADDING_PX
    many = pd.DataFrame({f"column {n}": ["CC(=O)Oc1ccccc1C(=O)O"] for n in range(8)})
    assert fitted_column_widths(many, page_px=1200) == []  # its words alone are wider: it scrolls, cells whole
    # the anonymiser's sample, as its table shows it: headed in words, it fits the page, and its notes keep 12
    # characters a line (left to Gradio, "Megan / Holden / moved / house;" took 7 lines a row, 3 rows a screen)
    from apps.ethics import SAMPLE_CUSTOMERS, anonymize

    _, shown_customers, _, _ = anonymize(str(SAMPLE_CUSTOMERS))
    customers = shown_customers["value"]
    assert shown_customers["label"] == "Anonymised rows (all 40)"
    assert "date of birth" in customers.columns and "date_of_birth" not in customers.columns
    widths = [float(width.removesuffix("px")) for width in fitted_column_widths(customers, page_px=1200)]
    assert widths and widths[list(customers.columns).index("notes")] >= 12 * TABLE_CHARACTER_PX
    from apps.ui import revealed_table

    shown = revealed_table(wide)  # fitted columns wrap: the energy table's cells were cut to "Intel or AMD proc…"
    assert shown["visible"] and shown["wrap"] is True and len(shown["column_widths"]) == 7
    assert revealed_table(small)["column_widths"] == [] and revealed_table(small.head(0), True)["visible"] is False


def test_the_lab_comparisons_introduction_calls_real_digits_no_ceiling_where_a_model_scores_above_them():
    """It said "The first row is real digits: as good as it gets" above a GAN's 95% recall against real digits' 91%."""
    import json
    from pathlib import Path

    from apps.lab import COMPARISON_INTRODUCTION
    from core.lab.shipped import COMPARISON_FILE

    shipped = Path(__file__).resolve().parents[1] / "assets" / "models" / "lab" / COMPARISON_FILE
    rows = json.loads(shipped.read_text())["rows"]
    real = next(row for row in rows if row["model"] == "Real digits")
    assert any(row[measure] > real[measure] for row in rows for measure in ("recall", "precision"))
    assert "as good as it gets" not in COMPARISON_INTRODUCTION and "not a ceiling" in COMPARISON_INTRODUCTION


def test_the_lab_comparisons_note_says_no_sample_count_of_its_own():
    """The note under the table said "a thousand samples" beside the measured "500 samples per model"."""
    import re

    from apps.lab import COMPARISON_MEASURES

    assert not re.search(r"(\d[\d,]*|hundred|thousand) samples", COMPARISON_MEASURES)


def test_the_token_table_shows_a_new_line_as_an_arrow_not_as_python():
    from apps.writing import _visible

    assert _visible("\n\nThe") == "↵↵The" and _visible(" sea") == " sea" and _visible("\x07") == "\\x07"


def test_the_token_table_names_the_poets_markers_in_words_and_keeps_a_choice_on_one_line():
    """Review 13: a raw "<|endoftext|>" stood among the top choices, and "2." and "7%" on two lines on a phone."""
    from apps.writing import _choice_words

    assert _choice_words("<|endoftext|>", 0.027) == "(end of text)\u00a02.7%"
    assert _choice_words(" sea", 0.112) == "“\u00a0sea”\u00a011.2%"
    assert _choice_words(",", 0.0004) == "“,”\u00a0under\u00a00.1%"


def test_writings_note_names_the_colour_the_given_words_are_drawn_in():
    """Review 11: the note said the request's words are "marked blue"; since the chips turned hex they are grey."""
    from apps.writing import CHOICE_BANDS, CHOICES_NOTE, GIVEN_BAND

    colour_names = {"#9ca3af": "grey", "#3b82f6": "blue"}
    assert f"are marked {colour_names[CHOICE_BANDS[GIVEN_BAND]]}" in CHOICES_NOTE


def test_writing_and_the_text_check_give_the_watermarks_green_share_it_uses():
    """Writing said the watermark favours 'a secret half' of the tokens; the text check, a quarter (it is 25%)."""
    from apps.deepfake_check import TEXT_CHECK_INTRODUCTION
    from apps.writing import CHOICES_NOTE
    from core.text.watermark import GREENLIST_RATIO

    share = f"{GREENLIST_RATIO:.0%}"
    assert f"favours a secret {share} of all tokens" in CHOICES_NOTE and "half" not in CHOICES_NOTE
    assert f"Ordinary text has about {share} of its word pieces green" in TEXT_CHECK_INTRODUCTION


def test_the_audit_tables_label_says_how_many_records_it_holds_and_that_it_scrolls():
    """Six rows fill the audit table's frame: a review read them over "30 records since ..." as a contradiction."""
    from apps.ethics import log_label

    assert log_label(30) == "Audit log: 30 records, newest first; scroll the table for the rest"
    assert log_label(1) == "Audit log: 1 record, newest first"
    assert log_label(7) == "Audit log: 7 records, newest first"  # a frame may show all seven: no "scroll"
    assert log_label(1200) == "Audit log: 1,200 records, newest first; the newest 500 shown here, all of them in the download"


def test_the_acronyms_a_review_found_bare_are_spelled_out_where_they_appear():
    """A review read "(CTGAN, TVAE)" on About's card, "conditional tabular GAN" and "C2PA" with no words for them."""
    from apps import about, deepfake_check, synthetic_data

    assert "Coalition for Content Provenance and Authenticity" in about.PROVENANCE
    assert "CTGAN" not in synthetic_data.LIMITS
    assert "generative adversarial network, GAN" in synthetic_data.GENERATORS_IN_BRIEF
    assert "variational autoencoder" in synthetic_data.GENERATORS_IN_BRIEF
    from types import SimpleNamespace

    report = SimpleNamespace(credentials=SimpleNamespace(found=False), metadata=SimpleNamespace(
        generator="a painter", camera={}, software={}, generation_parameters={}))
    assert deepfake_check._metadata_markdown(report).startswith(
        "### Content Credentials (C2PA, the Coalition for Content Provenance and Authenticity's standard)")


def test_a_molecule_drawings_figures_read_as_the_table_beside_it():
    """A review read "drug-like 0.54" over the table's 0.538, and "score 0.770" beside its 0.77."""
    from apps.molecules import as_in_table

    assert [as_in_table(v) for v in (0.5384, 0.55, 0.7700001)] == ["0.538", "0.55", "0.77"]
    assert as_in_table(1.8271, 2) == "1.83"


def test_a_drawing_says_the_same_in_generate_and_properties():
    """A review read "drug-like 0.884/1" under a generated molecule and "drug-like 0.55" under aspirin in
    Properties: both now say it out of 1, with how hard it is to make out of 10."""
    import pandas as pd

    from apps.molecules import drawing_legends

    frame = pd.DataFrame({"qed": [0.5503], "sa_score": [1.5812]})
    assert drawing_legends(["aspirin"], frame) == ["aspirin\ndrug-like 0.55/1\nhard to make 1.58/10"]


def test_the_anonymised_table_is_labelled_with_the_rows_it_shows():
    """Review 12: "Anonymised rows (first 200)" stood over the sample's 40 rows."""
    from apps.ethics import anonymised_rows_label

    assert anonymised_rows_label(40) == "Anonymised rows (all 40)"
    assert anonymised_rows_label(5000) == "Anonymised rows (the first 200 of 5,000)"


def test_molecules_disclosure_does_not_say_generated_molecules_are_unknown():
    """Review 13: "not found in nature" stood beside "70% new (not among the 1.58 M training molecules)"."""
    from apps.molecules import AI_DISCLOSURE

    assert "not found in nature" not in AI_DISCLOSURE and "some may be molecules already known" in AI_DISCLOSURE


def test_the_lab_digit_charts_grey_bar_is_every_digit_not_read_alike_surely():
    """Review 13: "grey ?: they differ" beside a status saying the grey ones also include digits one is unsure of."""
    import numpy as np

    from core.lab.figures import digits_figure

    title = digits_figure(np.arange(10), 3).layout.title.text
    assert "agree surely" in title and "grey ?: the rest" in title and "they differ" not in title


SPELLED_OUT_TERMS = ("fine-tuning", "low-rank", "optimisation", "optimization", "denoising", "probabilistic",
                     "stochastic", "gradient", "latent")


def test_every_fold_title_says_what_a_visitor_does_there_in_plain_words():
    """Writing's folds were titled "(LoRA: low-rank fine-tuning)" and "(DPO: direct preference optimisation)", a
    textbook's terms where a visitor looks for what to do (review 13): an acronym may follow in brackets, its
    meaning is the fold's first paragraph."""
    import gradio as gr

    from app import build_app

    blocks = build_app().blocks.values()
    titles = [block.label for block in blocks if isinstance(block, gr.Accordion)]
    assert len(titles) > 10
    technical = [title for title in titles if any(term in title.lower() for term in SPELLED_OUT_TERMS)]
    assert not technical, technical
    # any other frame's title ("Its loss" over the Lab's chart) names a term only after plain words, in brackets
    import re

    labels = [block.label for block in blocks if isinstance(getattr(block, "label", None), str)
              and not isinstance(block, gr.Accordion)]
    bare = [label for label in labels
            if any(term in re.sub(r"\([^)]*\)", "", label).lower() for term in SPELLED_OUT_TERMS + ("loss",))]
    assert not bare, bare


def test_the_energy_charts_longest_bar_carries_its_figure_inside_it():
    """Outside the bar that fills the chart, "0.0000039 Wh" ran off a phone's screen (review 13)."""
    from apps.ethics import energy_figure

    names = ["Quests:<br>grammar planner", "Writing:<br>the built-in poet"]
    bars = energy_figure(names, [0.0000039, 0.0000052]).data[0]
    assert bars.type == "bar" and bars.textposition == "auto"  # inside where it fits, beside a short bar
    dots = energy_figure(names, [0.0000039, 0.015]).data[0]
    assert dots.type == "scatter" and dots.textposition == "top right"
