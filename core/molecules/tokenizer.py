"""SMILES tokens: atoms in brackets, two-letter halogens, ring closures and bonds, one token each.

Built as a `tokenizers` WordLevel model behind `PreTrainedTokenizerFast`, so it saves and
loads with the ordinary `from_pretrained(path)`.
"""

from __future__ import annotations

import re

SMILES_PATTERN = r"(\[[^\]]+]|Br?|Cl?|N|O|S|P|F|I|b|c|n|o|s|p|\(|\)|\.|=|#|-|\+|\\|\/|:|~|@|\?|>|\*|\$|%[0-9]{2}|[0-9])"
SPECIAL_TOKENS = {"pad_token": "<pad>", "bos_token": "<bos>", "eos_token": "<eos>", "unk_token": "<unk>"}
_SMILES_RE = re.compile(SMILES_PATTERN)


def split_smiles(smiles: str) -> list[str]:
    return _SMILES_RE.findall(smiles)


def build_tokenizer(vocabulary: list[str]):
    """A PreTrainedTokenizerFast over `vocabulary` plus the special tokens (ids 0-3)."""
    from tokenizers import Regex, Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    tokens = list(SPECIAL_TOKENS.values()) + sorted(set(vocabulary) - set(SPECIAL_TOKENS.values()))
    backend = Tokenizer(models.WordLevel({token: i for i, token in enumerate(tokens)}, unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.Split(Regex(SMILES_PATTERN), behavior="isolated")
    return PreTrainedTokenizerFast(tokenizer_object=backend, **SPECIAL_TOKENS)
