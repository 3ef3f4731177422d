"""The embedded text-to-image model's parts, all standard library classes so each loads with `from_pretrained`.

- tokenizer: word-level over the captions' vocabulary (`PreTrainedTokenizerFast`); unknown words map
  to [UNK], so any prompt can be typed and the words the model knows still count.
- text encoder: a small `CLIPTextModel` (transformers), trained from scratch with the UNet.
- UNet: a small `UNet2DConditionModel` (diffusers) denoising RGB pixels directly (no VAE: at 32x32
  pixel art, latent compression would cost more detail than it saves compute). The prompt reaches it
  twice: cross-attention over the words at the two lower resolutions, and the words pooled into one
  vector added to the timestep embedding (`addition_embed_type="text"`), which scales and shifts every
  ResNet block (`resnet_time_scale_shift="scale_shift"`), full resolution included. With
  cross-attention alone, pictures for different prompts from the same seed came out nearly the same.
- scheduler: DDPM for training; DPM-Solver++, Euler or DDIM for sampling, from the same config. The
  model predicts v (velocity), not the noise: under the cosine schedule's near-pure noise at the first
  sampling steps, a noise prediction says almost nothing about the picture, so the colours came from
  the seed instead of the prompt (seen in a first run); v says it directly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

SPECIAL_TOKENS = {"pad_token": "[PAD]", "unk_token": "[UNK]", "bos_token": "[BOS]", "eos_token": "[EOS]"}
MAX_PROMPT_TOKENS = 48  # the longest of 3,000 training captions took 37, [BOS] and [EOS] included
WORD_PATTERN = r"[a-z]+|[^a-z\s]"


@dataclass(frozen=True)
class ComponentsConfig:
    size: int = 32
    text_width: int = 128
    text_layers: int = 2
    unet_channels: tuple[int, ...] = (32, 64, 128)
    # The number of attention heads: diffusers' UNet2DConditionModel reads its `attention_head_dim` as that.
    # 32 heads (the landscape painter's) leave each head 2 to 4 dimensions; `python bench/art_training_step.py`
    # printed 6.7 s a training step with 32 heads against 2.5 s with 4, the same parameters.
    attention_heads: int = 32


def build_tokenizer(words: list[str]):
    from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    vocabulary = list(SPECIAL_TOKENS.values()) + sorted(set(words) - set(SPECIAL_TOKENS.values()))
    backend = Tokenizer(models.WordLevel({word: i for i, word in enumerate(vocabulary)}, unk_token="[UNK]"))
    backend.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    backend.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(),
                                                     pre_tokenizers.Split(Regex(WORD_PATTERN), behavior="isolated")])
    backend.post_processor = processors.TemplateProcessing(single="[BOS] $A [EOS]",
                                                           special_tokens=[("[BOS]", 2), ("[EOS]", 3)])
    return PreTrainedTokenizerFast(tokenizer_object=backend, model_max_length=MAX_PROMPT_TOKENS, **SPECIAL_TOKENS)


def build_text_encoder(vocab_size: int, config: ComponentsConfig):
    from transformers import CLIPTextConfig, CLIPTextModel

    return CLIPTextModel(CLIPTextConfig(
        vocab_size=vocab_size, hidden_size=config.text_width, intermediate_size=config.text_width * 4,
        num_hidden_layers=config.text_layers, num_attention_heads=max(1, config.text_width // 32),
        max_position_embeddings=MAX_PROMPT_TOKENS, pad_token_id=0, bos_token_id=2, eos_token_id=3))


def build_unet(config: ComponentsConfig):
    from diffusers import UNet2DConditionModel

    levels = len(config.unet_channels)
    return UNet2DConditionModel(
        sample_size=config.size, in_channels=3, out_channels=3, layers_per_block=1,
        block_out_channels=config.unet_channels,
        down_block_types=("DownBlock2D",) + ("CrossAttnDownBlock2D",) * (levels - 1),
        up_block_types=("CrossAttnUpBlock2D",) * (levels - 1) + ("UpBlock2D",),
        cross_attention_dim=config.text_width, attention_head_dim=config.attention_heads,
        addition_embed_type="text", addition_embed_type_num_heads=max(1, config.text_width // 32),
        resnet_time_scale_shift="scale_shift", norm_num_groups=32)


def build_training_scheduler():
    from diffusers import DDPMScheduler

    return DDPMScheduler(num_train_timesteps=1000, beta_schedule="squaredcos_cap_v2", prediction_type="v_prediction",
                         clip_sample=False)


def build_sampler():
    """DPM-Solver++, the tab's default sampler; its estimate of the picture is kept inside the pixel range."""
    from diffusers import DPMSolverMultistepScheduler

    return DPMSolverMultistepScheduler.from_config(build_training_scheduler().config, algorithm_type="dpmsolver++",
                                                   thresholding=True, sample_max_value=1.0)


def picture_sizes(folder: str | Path) -> tuple[int, int]:
    """(the side a saved pipeline paints at, the side of the pictures it returns), read from its config files
    without loading it: twice the first where the folder holds the learned upscaler (core.art.upscaler)."""
    folder = Path(folder)
    painted = int(json.loads((folder / "unet" / "config.json").read_text())["sample_size"])
    upscaled = (json.loads((folder / "model_index.json").read_text()).get("upscaler") or [None])[0] is not None
    return painted, painted * 2 if upscaled else painted
