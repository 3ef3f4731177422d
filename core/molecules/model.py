"""A molecule language model: an LSTM over SMILES or SELFIES tokens, as in MOSES' CharRNN, sized for CPUs.

A `transformers` PreTrainedModel, so weights save and load with the ordinary
`save_pretrained` / `SmilesLSTM.from_pretrained(path)`.
"""

from __future__ import annotations

import torch
from torch import nn
from transformers import PretrainedConfig, PreTrainedModel


class SmilesLSTMConfig(PretrainedConfig):
    model_type = "genlab-smiles-lstm"

    def __init__(self, vocab_size: int = 32, embedding_size: int = 64, hidden_size: int = 384, num_layers: int = 3,
                 dropout: float = 0.0, pad_token_id: int = 0, bos_token_id: int = 1, eos_token_id: int = 2,
                 max_sequence_length: int = 100, molecule_format: str = "smiles", **kwargs):
        super().__init__(pad_token_id=pad_token_id, bos_token_id=bos_token_id, eos_token_id=eos_token_id, **kwargs)
        self.vocab_size = vocab_size
        self.embedding_size = embedding_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.dropout = dropout
        self.max_sequence_length = max_sequence_length
        self.molecule_format = molecule_format  # "smiles" or "selfies": what the tokens spell


class SmilesLSTM(PreTrainedModel):
    config_class = SmilesLSTMConfig
    base_model_prefix = "smiles_lstm"

    def __init__(self, config: SmilesLSTMConfig):
        super().__init__(config)
        self.embedding = nn.Embedding(config.vocab_size, config.embedding_size, padding_idx=config.pad_token_id)
        self.lstm = nn.LSTM(config.embedding_size, config.hidden_size, config.num_layers, batch_first=True,
                            dropout=config.dropout if config.num_layers > 1 else 0.0)
        self.head = nn.Linear(config.hidden_size, config.vocab_size)
        self.post_init()

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            nn.init.xavier_uniform_(module.weight)
            nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, std=0.1)

    def forward(self, input_ids: torch.Tensor, state=None, labels: torch.Tensor | None = None):
        """Logits for the next token at every position (and the loss when `labels` are given)."""
        hidden, state = self.lstm(self.embedding(input_ids), state)
        logits = self.head(hidden)
        loss = None
        if labels is not None:
            loss = nn.functional.cross_entropy(logits.reshape(-1, logits.size(-1)), labels.reshape(-1),
                                               ignore_index=-100)
        return logits, state, loss
