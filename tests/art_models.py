"""Fixtures: tiny random text-to-image pipelines saved to a temp dir and loaded with `from_pretrained`."""

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def tiny_pixel_art_dir(tmp_path_factory):
    """The embedded model's architecture at toy size: pixel-space UNet, word-level tokenizer, CLIP text encoder."""
    import torch

    from core.art.components import ComponentsConfig, build_sampler, build_text_encoder, build_tokenizer, build_unet
    from core.art.pipeline import PixelArtPipeline

    torch.manual_seed(0)
    config = ComponentsConfig(size=32, text_width=32, unet_channels=(32, 32), attention_heads=8)
    tokenizer = build_tokenizer("a castle at night by the sea with mountains".split())
    scheduler = build_sampler()
    pipeline = PixelArtPipeline(unet=build_unet(config), scheduler=scheduler,
                                text_encoder=build_text_encoder(len(tokenizer), config), tokenizer=tokenizer)
    folder = tmp_path_factory.mktemp("pixel-art")
    pipeline.save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def tiny_stable_diffusion_dir(tmp_path_factory):
    return save_tiny_stable_diffusion(tmp_path_factory.mktemp("tiny-sd"))


def save_tiny_stable_diffusion(folder: Path) -> Path:
    """A Stable Diffusion pipeline with tiny random UNet, VAE and CLIP text model, and the fixture tokenizer."""
    import torch
    from diffusers import AutoencoderKL, EulerDiscreteScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from transformers import AutoTokenizer, CLIPTextConfig, CLIPTextModel

    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(FIXTURES / "tiny-clip-tokenizer")
    text_encoder = CLIPTextModel(CLIPTextConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=37,
                                                num_hidden_layers=2, num_attention_heads=4, max_position_embeddings=16,
                                                bos_token_id=0, eos_token_id=1, pad_token_id=1))
    unet = UNet2DConditionModel(sample_size=16, in_channels=4, out_channels=4, layers_per_block=1,
                                block_out_channels=(32, 64), down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
                                up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"), cross_attention_dim=32,
                                attention_head_dim=8, norm_num_groups=32)
    vae = AutoencoderKL(in_channels=3, out_channels=3, latent_channels=4, block_out_channels=(32, 64),
                        down_block_types=("DownEncoderBlock2D",) * 2, up_block_types=("UpDecoderBlock2D",) * 2,
                        norm_num_groups=32, sample_size=32)
    scheduler = EulerDiscreteScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear")
    pipeline = StableDiffusionPipeline(unet=unet, vae=vae, text_encoder=text_encoder, tokenizer=tokenizer,
                                       scheduler=scheduler, safety_checker=None, feature_extractor=None,
                                       requires_safety_checker=False)
    pipeline.save_pretrained(folder)
    return folder


def save_tiny_safety_checker(folder: Path, flags_everything: bool = False) -> Path:
    """Stable Diffusion's safety checker at toy size (tiny random CLIP vision model, 32 px input), with its concept
    thresholds set so that it flags every picture, or none."""
    import torch
    from diffusers.pipelines.stable_diffusion.safety_checker import StableDiffusionSafetyChecker
    from transformers import CLIPConfig, CLIPImageProcessor

    torch.manual_seed(0)
    config = CLIPConfig(text_config={"hidden_size": 32, "intermediate_size": 37, "num_hidden_layers": 1,
                                     "num_attention_heads": 4},
                        vision_config={"hidden_size": 32, "intermediate_size": 37, "num_hidden_layers": 1,
                                       "num_attention_heads": 4, "image_size": 32, "patch_size": 8},
                        projection_dim=16)
    checker = StableDiffusionSafetyChecker(config)
    threshold = -2.0 if flags_everything else 2.0  # a cosine similarity is always above -2 and below 2
    with torch.no_grad():
        checker.concept_embeds_weights.fill_(threshold)
        checker.special_care_embeds_weights.fill_(2.0)
    checker.save_pretrained(folder)
    CLIPImageProcessor(size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32}).save_pretrained(folder)
    return folder


@pytest.fixture(scope="session", autouse=True)
def picture_safety_checker(tmp_path_factory):
    """Every Hub painter in the tests runs a tiny safety checker that lets every picture through, loaded like the
    real one (GENLAB_ART_SAFETY_CHECKER); tests of withheld pictures give a painter one that flags everything."""
    import os

    from core.settings import reset_settings

    folder = save_tiny_safety_checker(tmp_path_factory.mktemp("safety-checker"))
    os.environ["GENLAB_ART_SAFETY_CHECKER"] = str(folder)
    reset_settings()
    yield folder
