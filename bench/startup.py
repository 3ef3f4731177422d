"""Start-up: seconds from `python app.py` to the first HTTP 200, and resident memory then,
beside an empty gr.Blocks app launched the same way, in the same run.

    python bench/startup.py [--runs 3]

Prints a Markdown table, then one JSON line with the headline figures.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tree_rss_mb(process: psutil.Process) -> float:
    processes = [process, *process.children(recursive=True)]
    return sum(p.memory_info().rss for p in processes if p.is_running()) / 2**20


def measure(script: Path) -> tuple[float, float]:
    port = free_port()
    env = {**os.environ, "GENLAB_PORT": str(port), "GENLAB_DATA_DIR": tempfile.mkdtemp(prefix="genlab-bench-"),
           "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - start < TIMEOUT_S:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as response:
                    if response.status == 200:
                        seconds = time.perf_counter() - start
                        return seconds, tree_rss_mb(psutil.Process(child.pid))
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"{script.name} did not answer within {TIMEOUT_S} s")
    finally:
        child.terminate()
        child.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    rows = {}
    for name, script in (("Genlab suite (app.py)", ROOT / "app.py"), ("bare gr.Blocks (anchor)", ROOT / "bench" / "bare_app.py")):
        samples = [measure(script) for _ in range(args.runs)]
        rows[name] = (statistics.median(s for s, _ in samples), statistics.median(m for _, m in samples))

    print(f"Start-up to first HTTP 200, median of {args.runs} runs, {os.cpu_count()} CPUs\n")
    print("| app | seconds to first 200 | resident memory (MB) |")
    print("|---|---|---|")
    for name, (seconds, memory) in rows.items():
        print(f"| {name} | {seconds:.2f} | {memory:.0f} |")
    (ours_s, ours_mb), (bare_s, bare_mb) = rows.values()
    print(json.dumps({"startup_s": round(ours_s, 3), "startup_rss_mb": round(ours_mb, 1),
                      "anchor_startup_s": round(bare_s, 3), "anchor_rss_mb": round(bare_mb, 1),
                      "runs": args.runs}))


if __name__ == "__main__":
    main()
