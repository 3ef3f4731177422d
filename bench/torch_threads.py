"""Does running PyTorch from a second thread slow every later call? The art model, 20 steps, timed per thread.

    python bench/torch_threads.py [--model assets/models/art-diffusion] [--repeats 5]

PyTorch's CPU kernels run on an OpenMP team per calling thread. This times the same pipeline call from the
main thread, then from a one-thread executor, then from the main thread again, then after 2 s idle;
run it under different OMP_* settings to compare. Prints a Markdown table, then one JSON line. What it
showed (every call slower once a second thread has run torch) is why the app runs all its torch work on
one thread, core.torch_thread.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    import torch

    from core.art.pipeline import PixelArtPipeline

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="assets/models/art-diffusion")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    pipeline = PixelArtPipeline.from_pretrained(args.model)
    pipeline.set_progress_bar_config(disable=True)

    def one(seed: int) -> float:
        started = time.perf_counter()
        pipeline("a castle by a lake at dusk", num_inference_steps=20, guidance_scale=4.0,
                 generator=torch.Generator().manual_seed(seed))
        return time.perf_counter() - started

    def on_main() -> float:
        return round(statistics.median(one(seed) for seed in range(args.repeats)), 3)

    worker = ThreadPoolExecutor(1)
    pipeline("warm-up", num_inference_steps=2)
    rows = {"main thread, first": on_main(),
            "worker thread": round(statistics.median(worker.submit(one, s).result() for s in range(args.repeats)), 3),
            "main thread, after the worker": on_main()}
    time.sleep(2)
    rows["main thread, after 2 s idle"] = on_main()
    print(f"\nSeconds per picture, median of {args.repeats}, {torch.get_num_threads()} torch threads\n")
    print("| caller | seconds |\n|---|---|")
    for name, seconds in rows.items():
        print(f"| {name} | {seconds} |")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
