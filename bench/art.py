"""Art: the embedded model's speed and adherence, our pipeline's overhead against plain diffusers,
and, with CUDA, a Stable Diffusion 2.1-sized UNet at 768x768.

    python bench/art.py [--model assets/models/art-diffusion] [--repeats 5] [--overhead-repeats 20]
                        [--images-per-prompt 8] [--composition-judge runs/painter/judge [--compare OLD_MODEL]]

- Embedded, 2 CPU cores, default settings (20 steps, DPM-Solver++, guidance 4): seconds per picture
  from the pipeline alone, and from the tab's `paint()` (watermark, metadata, C2PA, audit row included).
- Adherence on core.art.evaluate's prompt set (judge: core.art.classifier) and the Fréchet distance
  on the judge's features against held-out renders, beside the floor of renders against renders.
- With `--composition-judge`: adherence on held-out compositions (core.art.evaluate.composition_adherence),
  for the model and each `--compare` model, beside the judge's reading of renders of the same scenes.
- Overhead: `paint()` without sealing time against `StableDiffusionPipeline.__call__` on the same tiny
  random SD model, same settings, same run; the plain call is timed twice, interleaved, so the table
  shows how far two series of the very same call differ.
- With CUDA: a UNet built from Stable Diffusion 2.1's architecture (random weights), fp16, 768x768,
  50 steps, beside the seed's 3.2 s on an A100.
All torch work runs on the app's one torch thread (core.torch_thread), the plain pipeline calls included,
so both sides run as they would in the app. Prints Markdown tables, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("GENLAB_DATA_DIR", tempfile.mkdtemp(prefix="genlab-bench-"))


def embedded_speed(model: Path, repeats: int) -> dict:
    import torch

    from core import torch_thread
    from core.art.generator import ArtRequest, Painter, paint

    painter = Painter.load(model, "embedded")
    pipeline = painter.pipeline
    torch_thread.run(pipeline, "warm-up", num_inference_steps=2)
    alone, full = [], []
    for seed in range(repeats):
        started = time.perf_counter()
        torch_thread.run(pipeline, "a castle by a lake at dusk", num_inference_steps=20, guidance_scale=4.0,
                         generator=torch.Generator().manual_seed(seed))
        alone.append(time.perf_counter() - started)
        started = time.perf_counter()
        list(paint(ArtRequest(prompt="a castle by a lake at dusk", seed=seed), painter=painter))
        full.append(time.perf_counter() - started)
    return {"pipeline_seconds": round(statistics.median(alone), 3), "paint_seconds": round(statistics.median(full), 3),
            "threads": torch.get_num_threads()}


def adherence(model: Path, images_per_prompt: int) -> dict:
    from core.art.classifier import load
    from core.art.evaluate import EvaluationConfig, evaluate
    from core.art.pipeline import PixelArtPipeline

    pipeline = PixelArtPipeline.from_pretrained(model)
    pipeline.set_progress_bar_config(disable=True)
    result = evaluate(pipeline, load(model / "judge"), EvaluationConfig(images_per_prompt=images_per_prompt))
    return {"adherence": result.adherence, "held_out_adherence": result.held_out_adherence,
            "seen_adherence": result.seen_adherence, "frechet_distance": result.frechet_distance,
            "reference_frechet_distance": result.reference_frechet_distance, "per_prompt": result.per_prompt}


def composition_adherence(model: Path, judge: Path, prompts: int, images_per_prompt: int) -> dict:
    from core.art.classifier import load
    from core.art.evaluate import CompositionConfig, composition_adherence as measure
    from core.art.pipeline import PixelArtPipeline

    pipeline = PixelArtPipeline.from_pretrained(model)
    pipeline.set_progress_bar_config(disable=True)
    result = measure(pipeline, load(judge), CompositionConfig(prompts=prompts, images_per_prompt=images_per_prompt))
    return {"all_three": result.all_three, "subject": result.subject, "place": result.place, "time": result.time,
            "renders_all_three": result.renders_all_three, "frechet_distance": result.frechet_distance,
            "reference_frechet_distance": result.reference_frechet_distance, "per_prompt": result.per_prompt}


def overhead(repeats: int) -> dict:
    """paint() against the plain diffusers call on one tiny random Stable Diffusion, same settings."""
    import torch
    from diffusers import StableDiffusionPipeline

    from core import torch_thread
    from core.art.generator import ArtRequest, Painter, paint
    from tests.art_models import save_tiny_stable_diffusion

    folder = torch_thread.run(save_tiny_stable_diffusion, Path(tempfile.mkdtemp(prefix="genlab-tiny-sd-")))
    plain = torch_thread.run(StableDiffusionPipeline.from_pretrained, folder)
    plain.set_progress_bar_config(disable=True)
    painter = Painter.load(folder, "hub")
    torch_thread.run(plain, "warm-up", num_inference_steps=2, height=64, width=64)
    list(paint(ArtRequest(prompt="warm-up", seed=0, steps=2, size=64), painter=painter))

    def plain_call(seed: int) -> float:
        started = time.perf_counter()
        torch_thread.run(plain, "a castle", num_inference_steps=20, guidance_scale=4.0, height=64, width=64,
                         generator=torch.Generator().manual_seed(seed))
        return time.perf_counter() - started

    plain_times, ours_times, plain_again = [], [], []
    for seed in range(repeats):
        plain_times.append(plain_call(seed))
        final = list(paint(ArtRequest(prompt="a castle", seed=seed, steps=20, size=64, scheduler="Euler"),
                           painter=painter))[-1]
        ours_times.append(final.generation_seconds)
        plain_again.append(plain_call(seed))  # the same call again: how far two series of one thing differ
    return {"plain_diffusers_seconds": round(statistics.median(plain_times), 4),
            "genlab_generation_seconds": round(statistics.median(ours_times), 4),
            "plain_diffusers_again_seconds": round(statistics.median(plain_again), 4)}


def cuda_reference() -> dict | None:
    import torch

    if not torch.cuda.is_available():
        return None
    from diffusers import UNet2DConditionModel

    unet = UNet2DConditionModel(
        sample_size=96, in_channels=4, out_channels=4, layers_per_block=2, block_out_channels=(320, 640, 1280, 1280),
        down_block_types=("CrossAttnDownBlock2D",) * 3 + ("DownBlock2D",),
        up_block_types=("UpBlock2D",) + ("CrossAttnUpBlock2D",) * 3, cross_attention_dim=1024,
        attention_head_dim=(5, 10, 20, 20), use_linear_projection=True).to("cuda", torch.float16)
    latents = torch.randn(2, 4, 96, 96, device="cuda", dtype=torch.float16)
    text = torch.randn(2, 77, 1024, device="cuda", dtype=torch.float16)
    with torch.no_grad():
        for _ in range(3):
            unet(latents, 500, encoder_hidden_states=text)
        torch.cuda.synchronize()
        started = time.perf_counter()
        for step in range(50):
            unet(latents, 999 - step * 20, encoder_hidden_states=text)
        torch.cuda.synchronize()
    return {"gpu": torch.cuda.get_device_name(0), "seconds_50_steps_768": round(time.perf_counter() - started, 2),
            "seed_a100_seconds": 3.2}


def main() -> None:
    from core import torch_thread

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="assets/models/art-diffusion")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--overhead-repeats", type=int, default=20)
    parser.add_argument("--images-per-prompt", type=int, default=8)
    parser.add_argument("--composition-judge", default=None,
                        help="a judge trained with subjects (core.art.classifier --compositions): also measure "
                             "adherence on held-out subject + place + time compositions")
    parser.add_argument("--compare", nargs="*", default=[], help="other models measured the same way (composition "
                                                                 "adherence only), e.g. the shipped painter")
    parser.add_argument("--composition-prompts", type=int, default=60)
    args = parser.parse_args()
    model = Path(args.model)
    results: dict = {}
    if (model / "model_index.json").exists():
        results["speed"] = embedded_speed(model, args.repeats)
        speed = results["speed"]
        print(f"\nEmbedded model, {speed['threads']} CPU threads, 20 steps, median of {args.repeats}\n")
        print("| measured | seconds per picture |")
        print("|---|---|")
        print(f"| pipeline alone | {speed['pipeline_seconds']:.2f} |")
        print(f"| paint(): pipeline, watermark, metadata, C2PA, audit row | {speed['paint_seconds']:.2f} |")
        results["adherence"] = torch_thread.run(adherence, model, args.images_per_prompt)
        quality = results["adherence"]
        print(f"\nAdherence ({args.images_per_prompt} pictures per prompt)\n")
        print("| prompt | held out of training | attributes matched |")
        print("|---|---|---|")
        for row in quality["per_prompt"]:
            print(f"| {row['prompt']} | {'yes' if row['held_out'] else 'no'} | {row['adherence']:.0%} |")
        print(f"\nOverall {quality['adherence']:.1%} (held-out combinations {quality['held_out_adherence']:.1%}, "
              f"seen {quality['seen_adherence']:.1%}); Fréchet distance on the judge's features "
              f"{quality['frechet_distance']:.2f}, against {quality['reference_frechet_distance']:.2f} for "
              f"as many fresh renders.")
    if args.composition_judge:
        results["compositions"] = {}
        print(f"\nHeld-out compositions ({args.composition_prompts} prompts naming a subject, a place and a time "
              f"of day in combinations the painter never trained on, 2 pictures each; judge {args.composition_judge})\n")
        print("| model | subject + place + time all right | subject | place | time | Fréchet distance |")
        print("|---|---|---|---|---|---|")
        for name in [str(model), *args.compare]:
            if not (Path(name) / "model_index.json").exists():
                continue
            row = torch_thread.run(composition_adherence, Path(name), Path(args.composition_judge),
                                   args.composition_prompts, 2)
            results["compositions"][name] = row
            print(f"| {name} | {row['all_three']:.1%} | {row['subject']:.1%} | {row['place']:.1%} | {row['time']:.1%} "
                  f"| {row['frechet_distance']:.1f} |")
        first = next(iter(results["compositions"].values()), {})
        if first:
            print(f"| renders of the same scenes (the judge's own ceiling; Fréchet: as many fresh renders) | "
                  f"{first['renders_all_three']:.1%} | | | | {first['reference_frechet_distance']:.1f} |")
    results["overhead"] = overhead(args.overhead_repeats)
    print(f"\nOne tiny random Stable Diffusion, 64x64, 20 steps, median of {args.overhead_repeats}\n")
    print("| caller | seconds |")
    print("|---|---|")
    print(f"| StableDiffusionPipeline.__call__ | {results['overhead']['plain_diffusers_seconds']:.3f} |")
    print(f"| Genlab paint(), until the pictures are ready (before sealing) | "
          f"{results['overhead']['genlab_generation_seconds']:.3f} |")
    print(f"| StableDiffusionPipeline.__call__ again (the noise between two series of one call) | "
          f"{results['overhead']['plain_diffusers_again_seconds']:.3f} |")
    results["cuda"] = torch_thread.run(cuda_reference)
    if results["cuda"]:
        print(f"\nSD 2.1-sized UNet, 768x768, 50 steps, fp16 on {results['cuda']['gpu']}: "
              f"{results['cuda']['seconds_50_steps_768']} s (the seed: 3.2 s on an A100)")
    print(json.dumps(results, default=str))


if __name__ == "__main__":
    main()
