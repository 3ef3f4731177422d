"""What one training step of the painter costs with each number of attention heads, on this machine.

    python bench/art_training_step.py [--heads 32 4] [--batch-size 32] [--repeats 3] [--threads 2]

Builds the painter's UNet and text encoder as `core.art.train` does (core.art.components), then times
a whole training step (forward, backward, AdamW) on random 32x32 pictures and a random caption, and a
denoising step of painting (one picture with classifier-free guidance, so a batch of two), for each
number of heads. The parameters are the same for every head count: only how the attention splits its
width changes. Prints a Markdown table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def seconds_per_call(call, repeats: int) -> float:
    call()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def measure(heads: int, batch_size: int, repeats: int) -> dict:
    import torch

    from core.art.components import ComponentsConfig, build_text_encoder, build_unet

    torch.manual_seed(0)
    parts = ComponentsConfig(attention_heads=heads)
    unet, text_encoder = build_unet(parts), build_text_encoder(436, parts)
    parameters = [*unet.parameters(), *text_encoder.parameters()]
    optimizer = torch.optim.AdamW(parameters, lr=1e-4)
    words = torch.randint(4, 436, (batch_size, 24))

    def training_step():
        pictures = torch.randn(batch_size, 3, parts.size, parts.size)
        timesteps = torch.randint(0, 1000, (batch_size,))
        conditions = text_encoder(words).last_hidden_state
        loss = unet(pictures, timesteps, encoder_hidden_states=conditions).sample.pow(2).mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()

    def painting_step():
        with torch.no_grad():
            conditions = text_encoder(words[:2]).last_hidden_state
            unet(torch.randn(2, 3, parts.size, parts.size), torch.tensor([500, 500]), encoder_hidden_states=conditions)

    return {"heads": heads, "parameters": sum(p.numel() for p in parameters),
            "training_step_s": round(seconds_per_call(training_step, repeats), 3),
            "painting_step_ms": round(1000 * seconds_per_call(painting_step, repeats * 5), 1)}


def main() -> None:
    import torch

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--heads", type=int, nargs="+", default=[32, 4])
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    rows = [measure(heads, args.batch_size, args.repeats) for heads in args.heads]
    print(f"\nThe painter's UNet and text encoder, batch {args.batch_size}, {args.threads} torch threads, "
          f"median of {args.repeats}\n")
    print("| attention heads | parameters | training step (s) | painting step (ms) |\n|---|---|---|---|")
    for row in rows:
        print(f"| {row['heads']} | {row['parameters']:,} | {row['training_step_s']} | {row['painting_step_ms']} |")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
