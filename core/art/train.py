"""Train the embedded text-to-image model on the procedural renderer's scenes and captions.

    python -m core.art.train --seed 0

Renders `--scenes` scenes once (cached as uint8 pixels in `--work-dir`), leaving out every scene
that shows one of the HELD_OUT_COMBINATIONS, so adherence can be measured on combinations the model
never saw. With `--subjects S` a share S of them are compositions with a subject people ask for
(core.art.compositions: a cat on the moon, a red car by the sea at night), never one of the held-out
(subject, place, time) compositions; their captions name subject, place and time first. Each step draws a batch, writes a fresh caption for every scene (many phrasings per
scene), drops 10% of captions for classifier-free guidance, and trains UNet and text encoder
together to predict v (DDPM, cosine schedule, v-prediction, min-SNR-5 loss weights) in fp32 on the CPU (bf16 autocast
measured 6% slower per step on 2 cores). Keeps an exponential moving average of the weights, which
is what gets saved. Checkpoints every `--checkpoint-every` steps and resumes from there with the
same arguments.

The painter with subjects (runs/painter), seed 0, in stages resumed from the same work folder:

    python -m core.art.train --seed 0 --subjects 0.75 --attention-heads 4 --out runs/painter/model \
        --work-dir runs/painter/work --checkpoint-every 250 --beside-from-step 10000 --steps N

with N = 5000, then 8000, then 11000 (each stage's learning rate decays to its own N; the checkpoints between
were measured). From step 10,000 a subject stands beside a building rather than in front of it.
"""

from __future__ import annotations

import json
import random
import re
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np
import torch

from core.art.scenes import MODEL_SIZE, RENDERER_VERSION, Scene, caption, render_scene, sample_scene
from core.training import (config_from_command_line, hardware_label, log_entry, read_checkpoint, start_run,
                           warmup_cosine, write_checkpoint)

# Combinations no training scene shows; the adherence benchmark asks for them.
HELD_OUT_COMBINATIONS = (
    {"building": "castle", "time": "night"},
    {"water": "sea", "season": "winter"},
    {"mountain_colour": "purple", "snowy_peaks": True},
    {"building": "tower", "weather": "fog"},
)
CAPTION_DROPOUT = 0.1


@dataclass(frozen=True)
class TrainingConfig:
    out: str = "assets/models/art-diffusion"
    work_dir: str = "runs/art-diffusion"
    scenes: int = 100_000
    subjects: float = 0.0  # share of scenes with a subject (core.art.compositions); 0 trains the landscapes only
    # from this step on a subject stands beside a building (core.art.scenes.Scene.framing "beside"), before it in
    # the middle ("centre", where it hid most castles); the shipped painter switched at 10,000 of 11,000 steps
    beside_from_step: int = 0
    steps: int = 5200
    batch_size: int = 32
    learning_rate: float = 1e-3
    warmup_steps: int = 300
    ema_decay: float = 0.999
    min_snr_gamma: float = 5.0
    size: int = MODEL_SIZE
    text_width: int = 128
    unet_channels: str = "32,64,128"
    attention_heads: int = 32  # the landscape painter's; a new painter trains with 4 (core.art.components)
    seed: int = 0
    threads: int = 2
    checkpoint_every: int = 500


def shows_held_out_combination(scene: Scene) -> bool:
    attributes = scene.attributes()
    return any(all(attributes.get(key) == value for key, value in combination.items())
               for combination in HELD_OUT_COMBINATIONS)


def training_scenes(count: int, seed: int, subjects: float = 0.0, framing: str = "beside") -> list[Scene]:
    """`count` scenes, a share `subjects` of them with a subject; none shows a held-out combination."""
    from core.art.compositions import sample_composition

    rng, scenes = random.Random(seed), []
    while len(scenes) < count:
        scene = sample_composition(rng, framing=framing) if subjects and rng.random() < subjects else sample_scene(rng)
        if not shows_held_out_combination(scene):
            scenes.append(scene)
    return scenes


def scene_caption(scene: Scene, rng: random.Random) -> str:
    """The caption of a landscape, or of a composition (subject, place and time first)."""
    if scene.subject == "none":
        return caption(scene, rng)
    from core.art.compositions import composition_caption

    return composition_caption(scene, rng)


def caption_vocabulary(scenes: list[Scene], seed: int, captions_per_scene: int = 3) -> list[str]:
    """Every word the captions use, and every word for a subject where there are subjects."""
    from core.art.components import WORD_PATTERN

    rng, words = random.Random(seed), set()
    for scene in scenes[:20000]:
        for _ in range(captions_per_scene):
            words.update(re.findall(WORD_PATTERN, scene_caption(scene, rng).lower()))
    if any(scene.subject != "none" for scene in scenes):
        from core.art.subjects import words as subject_words

        words.update(word for phrase in subject_words() for word in re.findall(WORD_PATTERN, phrase.lower()))
    return sorted(words)


def render_pixels(scenes: list[Scene], size: int, work: Path) -> np.ndarray:
    with_subjects = sum(scene.subject != "none" for scene in scenes)
    beside = "-beside" if any(scene.framing == "beside" for scene in scenes) else ""
    path = work / (f"pixels-{len(scenes)}-{size}-v{RENDERER_VERSION}{f'-s{with_subjects}' if with_subjects else ''}"
                   f"{beside}.npy")
    if path.exists():
        return np.load(path, mmap_mode="r")
    pixels = np.lib.format.open_memmap(path.with_suffix(".partial.npy"), mode="w+", dtype=np.uint8,
                                       shape=(len(scenes), size, size, 3))
    for index, scene in enumerate(scenes):
        pixels[index] = np.asarray(render_scene(scene, size))
    pixels.flush()
    del pixels
    path.with_suffix(".partial.npy").rename(path)
    return np.load(path, mmap_mode="r")


def learning_rate(step: int, config: TrainingConfig) -> float:
    return warmup_cosine(step, config.learning_rate, config.warmup_steps, config.steps, floor=0.1)


def loss_weights(noise_scheduler, timesteps: torch.Tensor, gamma: float) -> torch.Tensor:
    """Min-SNR-gamma weights for a v-prediction loss (Hang et al., 2023): min(SNR, gamma) / (SNR + 1).

    Nearly clean pictures (high SNR), whose loss is easy and tells little about layout, count less;
    so do nearly pure noise steps. The middle of the schedule, where objects get their place, counts most.
    """
    alphas = noise_scheduler.alphas_cumprod[timesteps]
    snr = alphas / (1 - alphas)
    return snr.clamp(max=gamma) / (snr + 1)


def components_config(config: TrainingConfig):
    from core.art.components import ComponentsConfig

    return ComponentsConfig(size=config.size, text_width=config.text_width, attention_heads=config.attention_heads,
                            unet_channels=tuple(int(c) for c in config.unet_channels.split(",")))


def averaged_pipeline(unet, text_encoder, tokenizer, ema: list):
    """The pipeline that paints with the moving average `ema` of the UNet's and text encoder's weights, as saved."""
    from core.art.components import build_sampler
    from core.art.pipeline import PixelArtPipeline

    with torch.no_grad():
        for average, parameter in zip(ema, [*unet.parameters(), *text_encoder.parameters()]):
            parameter.copy_(average)
    return PixelArtPipeline(unet=unet.eval(), scheduler=build_sampler(), text_encoder=text_encoder.eval(),
                            tokenizer=tokenizer)


def train(config: TrainingConfig) -> Path:
    from core.art.components import build_text_encoder, build_tokenizer, build_training_scheduler, build_unet

    work = start_run(config.seed, config.threads, config.work_dir)
    started = time.time()
    scenes = training_scenes(config.scenes, config.seed, config.subjects, framing="centre")
    tokenizer = build_tokenizer(caption_vocabulary(scenes, config.seed))  # the framing changes no caption
    centre = render_pixels(scenes, config.size, work) if config.beside_from_step > 0 else None
    beside = (render_pixels([replace(scene, framing="beside") for scene in scenes], config.size, work)
              if config.beside_from_step < config.steps else None)
    print(f"data: {len(scenes):,} scenes at {config.size}x{config.size}, {len(tokenizer)} words, "
          f"ready in {time.time() - started:.0f} s", flush=True)

    parts = components_config(config)
    unet, text_encoder = build_unet(parts), build_text_encoder(len(tokenizer), parts)
    noise_scheduler = build_training_scheduler()
    parameters = list(unet.parameters()) + list(text_encoder.parameters())
    optimizer = torch.optim.AdamW(parameters, lr=config.learning_rate, weight_decay=0.01)
    ema = [p.detach().clone() for p in parameters]
    step, elapsed_before = 0, 0.0
    if checkpoint := read_checkpoint(work):
        unet.load_state_dict(checkpoint["unet"])
        text_encoder.load_state_dict(checkpoint["text_encoder"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        ema = checkpoint["ema"]
        step, elapsed_before = checkpoint["step"], checkpoint["elapsed_s"]
    print(f"parameters: UNet {sum(p.numel() for p in unet.parameters()) / 1e6:.2f} M, text encoder "
          f"{sum(p.numel() for p in text_encoder.parameters()) / 1e6:.2f} M", flush=True)

    log = (work / "log.jsonl").open("a")
    session_start, losses = time.time(), []
    unet.train()
    text_encoder.train()
    while step < config.steps:
        rng = np.random.default_rng([config.seed, step])
        picks = np.sort(rng.choice(len(scenes), size=config.batch_size, replace=False))
        caption_rng = random.Random(int(rng.integers(2**31)))
        captions = ["" if caption_rng.random() < CAPTION_DROPOUT else scene_caption(scenes[i], caption_rng)
                    for i in picks]
        pixels = beside if step >= config.beside_from_step else centre
        clean = torch.from_numpy(np.asarray(pixels[picks], dtype=np.float32)).permute(0, 3, 1, 2) / 127.5 - 1
        generator = torch.Generator().manual_seed(int(rng.integers(2**31)))
        noise = torch.randn(clean.shape, generator=generator)
        timesteps = torch.randint(0, noise_scheduler.config.num_train_timesteps, (len(picks),), generator=generator)
        noisy = noise_scheduler.add_noise(clean, noise, timesteps)
        tokens = tokenizer(captions, padding="max_length", truncation=True, return_tensors="pt")
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, config)
        conditions = text_encoder(tokens.input_ids, attention_mask=tokens.attention_mask).last_hidden_state
        predicted = unet(noisy, timesteps, encoder_hidden_states=conditions).sample
        target = noise_scheduler.get_velocity(clean, noise, timesteps)
        loss = (loss_weights(noise_scheduler, timesteps, config.min_snr_gamma)
                * (predicted - target).pow(2).mean(dim=(1, 2, 3))).mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(parameters, 1.0)
        optimizer.step()
        with torch.no_grad():
            decay = min(config.ema_decay, (1 + step) / (10 + step))
            for average, parameter in zip(ema, parameters):
                average.mul_(decay).add_(parameter.detach(), alpha=1 - decay)
        losses.append(loss.item())
        step += 1
        if step % config.checkpoint_every == 0 or step == config.steps:
            elapsed = elapsed_before + time.time() - session_start
            entry = {"step": step, "loss": round(float(np.mean(losses)), 5), "lr": learning_rate(step, config),
                     "elapsed_s": round(elapsed, 1)}
            losses = []
            log_entry(log, entry)
            write_checkpoint(work, {"unet": unet.state_dict(), "text_encoder": text_encoder.state_dict(),
                                    "optimizer": optimizer.state_dict(), "ema": ema, "step": step,
                                    "elapsed_s": elapsed})

    pipeline = averaged_pipeline(unet, text_encoder, tokenizer, ema)
    out = Path(config.out)
    pipeline.save_pretrained(out, max_shard_size="9MB")
    training = {**asdict(config), "training_seconds": round(elapsed_before + time.time() - session_start, 1),
                "held_out_combinations": list(HELD_OUT_COMBINATIONS),
                "parameters": sum(p.numel() for p in parameters),
                "hardware": hardware_label(config.threads, "fp32")}
    (out / "training.json").write_text(json.dumps(training, indent=2))
    print(f"saved to {out}", flush=True)
    return out


def main() -> None:
    train(config_from_command_line(TrainingConfig, __doc__))


if __name__ == "__main__":
    main()
