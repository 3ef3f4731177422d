"""Start-up: seconds from `python app.py` to the first HTTP 200, and resident memory then,
beside an empty gr.Blocks app launched the same way, in the same run; then the suite's start-up
phase by phase, each run in a fresh process: importing Gradio, importing our own modules (core and
the tab modules), building the tabs (`app.build_app()`), and launching the server, with the model
libraries (torch, transformers, diffusers, onnxruntime, sklearn) that got imported along the way.

    python bench/startup.py [--runs 3] [--phases-only]

Prints Markdown tables, then one JSON line with the headline figures.
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


MODEL_LIBRARIES = ("torch", "transformers", "diffusers", "onnxruntime", "sklearn")


def phases_child(port: int) -> None:
    """Runs in a fresh process: times each start-up phase of app.py and prints them as one JSON line."""
    os.environ.update(GENLAB_PORT=str(port), GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1",
                      GENLAB_DATA_DIR=tempfile.mkdtemp(prefix="genlab-bench-"))
    sys.path.insert(0, str(ROOT))
    seconds = {}
    started = time.perf_counter()
    import gradio  # noqa: F401

    seconds["import gradio"] = time.perf_counter() - started
    started = time.perf_counter()
    import app
    from apps.about import registered_tabs
    from apps.ui import launch_options, prepare
    from core.settings import get_settings

    registered_tabs()
    settings = get_settings()
    seconds["import our modules"] = time.perf_counter() - started
    started = time.perf_counter()
    suite = app.build_app()
    seconds["build the tabs"] = time.perf_counter() - started
    started = time.perf_counter()
    prepare(suite).launch(**launch_options(settings.port), prevent_thread_lock=True, quiet=True)
    seconds["launch"] = time.perf_counter() - started
    loaded = [name for name in MODEL_LIBRARIES if name in sys.modules]
    suite.close()
    print(json.dumps({"seconds": seconds, "tabs": len(registered_tabs()), "model_libraries": loaded}))


def measure_phases() -> dict:
    child = subprocess.run([sys.executable, __file__, "--phases-child", str(free_port())], cwd=ROOT,
                           capture_output=True, text=True, timeout=TIMEOUT_S)
    if child.returncode != 0:
        raise RuntimeError(f"the phase timing failed:\n{child.stderr[-2000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--phases-only", action="store_true", help="only the phase-by-phase timing")
    parser.add_argument("--phases-child", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phases_child:
        phases_child(args.phases_child)
        return

    phase_runs = [measure_phases() for _ in range(args.runs)]
    phases = {name: [run["seconds"][name] for run in phase_runs] for name in phase_runs[0]["seconds"]}
    loaded = sorted({name for run in phase_runs for name in run["model_libraries"]})
    print(f"Start-up of the suite ({phase_runs[0]['tabs']} tabs) phase by phase, {args.runs} fresh processes, "
          f"{os.cpu_count()} CPUs\n")
    print("| phase | median seconds | range |")
    print("|---|---|---|")
    for name, values in phases.items():
        print(f"| {name} | {statistics.median(values):.2f} | {min(values):.2f} to {max(values):.2f} |")
    print(f"\nModel libraries imported by then: {', '.join(loaded) if loaded else 'none'}\n")
    headline = {"phases_s": {name: round(statistics.median(v), 3) for name, v in phases.items()},
                "model_libraries_imported": loaded, "runs": args.runs}
    if args.phases_only:
        print(json.dumps(headline))
        return

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
                      "anchor_startup_s": round(bare_s, 3), "anchor_rss_mb": round(bare_mb, 1), **headline}))


if __name__ == "__main__":
    main()
