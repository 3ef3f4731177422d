def test_the_painters_words_are_grouped_as_a_visitor_asks_for_them(tmp_path):
    from core.art.components import build_tokenizer
    from core.art.known_words import SCENERY, known_words
    from core.art.train import caption_vocabulary, training_scenes

    vocabulary = caption_vocabulary(training_scenes(400, seed=0, subjects=0.8), seed=0)
    build_tokenizer(vocabulary).save_pretrained(tmp_path / "tokenizer")
    groups = known_words(tmp_path)
    assert list(groups)[0] == SCENERY
    assert {"cat", "kitten", "dog"} <= set(groups["Animals"])
    assert "astronaut" in groups["People"] and "rocket" in groups["Vehicles"]
    assert {"night", "lake", "autumn"} <= set(groups[SCENERY])
    every = [word for words in groups.values() for word in words]
    assert len(every) == len(set(every))  # each word once
    assert not {"the", "with", "by", "a"} & set(every)
    assert all(set(words) <= set(vocabulary) for words in groups.values())


def test_the_art_tab_lists_the_shipped_painters_words():
    from apps.art import known_word_groups, known_words_markdown

    groups = known_word_groups()
    text = known_words_markdown(groups)
    assert all(f"**{title}**" in text for title in groups)
    assert "castle" in text and "night" in text
