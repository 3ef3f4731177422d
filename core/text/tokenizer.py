"""The embedded poet's tokenizer: byte-level BPE (GPT-2's scheme) trained on its own corpus.

Built with `tokenizers` and wrapped in `PreTrainedTokenizerFast`, so it saves and loads with the
ordinary `from_pretrained(path)`. The tags that name a document's kind are special tokens, never split.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.text.corpus import END_OF_TEXT, SPECIAL_TOKENS


def train_tokenizer(texts: Iterable[str], vocab_size: int = 8192):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    backend = Tokenizer(models.BPE())
    backend.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    backend.decoder = decoders.ByteLevel()
    backend.post_processor = processors.ByteLevel(trim_offsets=False)
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=list(SPECIAL_TOKENS), min_frequency=2,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    backend.train_from_iterator(texts, trainer=trainer)
    return PreTrainedTokenizerFast(tokenizer_object=backend, bos_token=END_OF_TEXT, eos_token=END_OF_TEXT,
                                   unk_token=END_OF_TEXT, pad_token=END_OF_TEXT,
                                   additional_special_tokens=[token for token in SPECIAL_TOKENS if token != END_OF_TEXT])
