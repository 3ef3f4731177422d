"""How far a painter's training has got: held-out composition adherence of its latest checkpoint's EMA weights.

    python bench/art_checkpoint.py [--work-dir runs/painter/work] [--subjects 0.75] [--seed 0]
                                   [--attention-heads 4] [--judge runs/painter/judge] [--prompts 30] [--guidance 4]

Rebuilds the tokenizer and the networks as `python -m core.art.train` does with the same `--subjects`, `--seed`
and `--attention-heads` (the heads change no weight's shape, so a wrong count loads silently and paints badly), loads the averaged weights of `checkpoint.pt`, and measures core.art.evaluate.composition_adherence
(2 pictures per held-out prompt, 20 steps, guidance 4 unless told, no upscaler) with the judge. A look during training,
without waiting for the run to end; the model's figures come from bench/art.py once it is saved.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    import torch

    from core.art.classifier import load
    from core.art.components import build_text_encoder, build_tokenizer, build_unet
    from core.art.evaluate import CompositionConfig, composition_adherence
    from core.art.train import (TrainingConfig, averaged_pipeline, caption_vocabulary, components_config,
                                training_scenes)

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work-dir", default="runs/painter/work")
    parser.add_argument("--subjects", type=float, default=0.75)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--attention-heads", type=int, default=4)
    parser.add_argument("--judge", default="runs/painter/judge")
    parser.add_argument("--prompts", type=int, default=30)
    parser.add_argument("--guidance", type=float, default=4.0)
    args = parser.parse_args()
    torch.set_num_threads(2)
    started = time.time()
    config = TrainingConfig(subjects=args.subjects, seed=args.seed, attention_heads=args.attention_heads)
    scenes = training_scenes(config.scenes, config.seed, config.subjects)
    tokenizer = build_tokenizer(caption_vocabulary(scenes, config.seed))
    parts = components_config(config)
    unet, text_encoder = build_unet(parts), build_text_encoder(len(tokenizer), parts)
    checkpoint = torch.load(Path(args.work_dir) / "checkpoint.pt", map_location="cpu", weights_only=False)
    pipeline = averaged_pipeline(unet, text_encoder, tokenizer, checkpoint["ema"])
    pipeline.set_progress_bar_config(disable=True)
    result = composition_adherence(pipeline, load(Path(args.judge)),
                                   CompositionConfig(prompts=args.prompts, images_per_prompt=2, reference_renders=200,
                                                     guidance=args.guidance))
    print(f"step {checkpoint['step']:,}, guidance {args.guidance:g}, {args.prompts} held-out compositions x 2 pictures: "
          f"subject + place + time "
          f"{result.all_three:.1%} (subject {result.subject:.1%}, place {result.place:.1%}, time {result.time:.1%}); "
          f"the judge on renders of the same scenes {result.renders_all_three:.1%}; {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
