"""Fixtures: tiny random writers saved to a temp dir and loaded with the ordinary `from_pretrained`."""

import pytest

from core.settings import TabModel
from core.text.corpus import VERSE_TAG

VERSE = [VERSE_TAG + "\nShall I compare thee to a summer's day?\nThou art more lovely and more temperate:\n"] * 40
SCENE = ("# Hamlet\n\n## ACT I\n\n### SCENE I. Elsinore. A platform before the castle.\n\n"
         "_FRANCISCO at his post. Enter to him BERNARDO_\n\n**BERNARDO**  \nWho's there?\n\n"
         "**FRANCISCO**  \nNay, answer me: stand, and unfold yourself.\n")

CHAT_TEMPLATE = ("{% for message in messages %}<|{{ message['role'] }}|>{{ message['content'] }}\n{% endfor %}"
                 "{% if add_generation_prompt %}<|assistant|>{% endif %}")


def tiny_gpt2(tokenizer, seed: int = 0, positions: int = 128):
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(seed)
    config = GPT2Config(vocab_size=len(tokenizer), n_positions=positions, n_embd=32, n_layer=2, n_head=2,
                        bos_token_id=tokenizer.eos_token_id, eos_token_id=tokenizer.eos_token_id)
    return GPT2LMHeadModel(config)


@pytest.fixture(scope="session")
def poet_dir(tmp_path_factory):
    """A model in the poet's format: our tokenizer with the verse and play tags."""
    from core.text.corpus import play_scenes
    from core.text.tokenizer import train_tokenizer

    tokenizer = train_tokenizer(VERSE + play_scenes(SCENE), vocab_size=400)
    folder = tmp_path_factory.mktemp("poet")
    tiny_gpt2(tokenizer).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def clean_poet_dir(tmp_path_factory):
    """A poet-format model whose every token is whole printable text and that never ends early, so what it
    writes tokenises back to the same tokens: the watermark tests need that (trained models mostly do it)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    from core.text.corpus import END_OF_TEXT, SPECIAL_TOKENS, play_scenes

    backend = Tokenizer(models.BPE())
    backend.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    backend.decoder = decoders.ByteLevel()
    backend.train_from_iterator(VERSE + play_scenes(SCENE), trainers.BpeTrainer(
        vocab_size=300, special_tokens=list(SPECIAL_TOKENS)))
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=backend, eos_token=END_OF_TEXT, pad_token=END_OF_TEXT,
                                        additional_special_tokens=list(SPECIAL_TOKENS[1:]))
    model = tiny_gpt2(tokenizer, seed=2)
    model.generation_config.eos_token_id = None
    folder = tmp_path_factory.mktemp("clean-poet")
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture
def clean_poet_backend(clean_poet_dir):
    from core.text.writer import backend_for

    return backend_for(TabModel("embedded", str(clean_poet_dir)))


@pytest.fixture(scope="session")
def chat_model_dir(tmp_path_factory):
    """A Hub-style instruction model: a byte-level tokenizer without our tags, with a chat template."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    backend = Tokenizer(models.BPE())
    backend.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    backend.decoder = decoders.ByteLevel()
    backend.train_from_iterator(VERSE * 3, trainers.BpeTrainer(
        vocab_size=350, special_tokens=["</s>"], initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=backend, eos_token="</s>", pad_token="</s>")
    tokenizer.chat_template = CHAT_TEMPLATE
    folder = tmp_path_factory.mktemp("chat-model")
    tiny_gpt2(tokenizer, seed=1, positions=512).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture
def poet_backend(poet_dir):
    from core.text.writer import backend_for

    return backend_for(TabModel("embedded", str(poet_dir)))


@pytest.fixture
def chat_backend(chat_model_dir):
    from core.text.writer import backend_for

    return backend_for(TabModel("hub", str(chat_model_dir)))
