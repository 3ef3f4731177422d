import random

from core.art.components import MAX_PROMPT_TOKENS, build_tokenizer
from core.art.scenes import caption
from core.art.train import caption_vocabulary, training_scenes


def test_the_tokenizer_reads_words_and_commas_and_every_caption_fits_whole():
    # It once also made a token of every space: 82% of captions were cut short, losing their last words.
    scenes = training_scenes(2000, seed=0)
    tokenizer = build_tokenizer(caption_vocabulary(scenes, seed=0))
    tokens = tokenizer.convert_ids_to_tokens(tokenizer("A forest,  in Autumn").input_ids)
    assert tokens == ["[BOS]", "a", "forest", ",", "in", "autumn", "[EOS]"]
    rng = random.Random(1)
    lengths = [len(tokenizer(caption(scene, rng)).input_ids) for scene in scenes]
    assert max(lengths) <= MAX_PROMPT_TOKENS
