"""Many visitors at once, through the real HTTP API: the app as a user meets it, with others busy.

    python bench/concurrency.py [--users 1 8 32] [--rounds 3] [--repeats 5] [--crowd-only] [--client-cost]

Starts `python app.py` on a free port (a fresh data folder), then, through its HTTP API (`Visitor`):
1. Users at once (1, 8, 32), each a client of its own calling, `--rounds` times, a mix of light endpoints
   (About's /suite_info, /quest, /molecule_properties, /energy_report) and model calls (/write of 40 tokens,
   /generate_image of one picture, /check_text): p50, p95 and max seconds per call, light and heavy apart, and
   errors. Every endpoint is called once first, so loading a model is not counted as waiting.
2. Writing and Art beside a training (alone with `--training-only`): /write of 100 tokens and /generate_image of one picture, `--repeats`
   times each, on an idle app, then while another client trains CTGAN for 500 epochs through /synthesize
   (a job), then again after that client cancelled it.
Each crowd runs twice: users calling back to back (no pause: two cores saturated by the crowd itself) and
users who pause about 2 s between calls (0.5x to 1.5x at random), as a person reading a result does.
Targets (issue 25): during the training, writing and art at most 1.5x their idle time; light p95 at 32 users
at most 3x the single-user p95; no errors. Prints Markdown tables, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
LIGHT = {  # no model: answered beside the model lane
    "/suite_info": {},
    "/quest": {"objective": "find a lost ring", "enrich": False},
    "/molecule_properties": {"text": "CC(=O)Oc1ccccc1C(=O)O aspirin\nCN1C=NC2=C1C(=O)N(C(=O)N2C)C caffeine"},
    "/energy_report": {},
}
HEAVY = {  # a model on the app's one torch thread, one call at a time
    "/write": {"mode": "Poem", "theme": "the sea at night", "max_new_tokens": 40, "seed": 1},
    "/generate_image": {"prompt": "a castle by a lake at dusk", "seed": 1, "steps": 20},
    "/check_text": {"text": "The sea was calm and the night was long; we sailed until the morning came."},
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_app(torch_threads: int | None = None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    environment = dict(os.environ, GENLAB_PORT=str(port), GENLAB_DATA_DIR=tempfile.mkdtemp(prefix="genlab-bench-"),
                       GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1")
    if torch_threads:
        environment["OMP_NUM_THREADS"] = str(torch_threads)
    process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=environment, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("The app did not start within two minutes.")


OPENING_SECONDS = 5.0  # a crowd that starts at one instant first queues behind its own rush
IMAGE_SUFFIXES = (".png", ".webp", ".jpg", ".jpeg", ".gif")


class Visitor:
    """One visitor's client: Gradio's documented HTTP API (POST /call/v2/<name>, then its event stream), fetching
    what a browser fetches to show a result: pictures, not files offered for download (a CSV or JSON is fetched
    only when the visitor clicks it). gradio_client spends about three times the server's CPU on a light call
    in the client itself, so a crowd of them on the server's own cores measured mostly the clients."""

    def __init__(self, url: str) -> None:
        self.api, self.http = url.rstrip("/") + "/gradio_api", httpx.Client(timeout=None)

    def predict(self, api_name: str, **arguments):
        name = api_name.strip("/")
        posted = self.http.post(f"{self.api}/call/v2/{name}", json=arguments)
        posted.raise_for_status()
        event = None
        with self.http.stream("GET", f"{self.api}/call/v2/{name}/{posted.json()['event_id']}") as stream:
            for line in stream.iter_lines():
                if line.startswith("event:"):
                    event = line.removeprefix("event:").strip()
                elif line.startswith("data:") and event in ("complete", "error"):
                    data = json.loads(line.removeprefix("data:"))
                    if event == "error":
                        raise RuntimeError(f"{api_name} failed: {data}")
                    for url in _picture_urls(data):
                        self.http.get(url).raise_for_status()
                    return data
        raise RuntimeError(f"{api_name}: the event stream ended without a result")


def client(url: str) -> Visitor:
    return Visitor(url)


def _picture_urls(value) -> list[str]:
    if isinstance(value, dict):
        url = value.get("url")
        if isinstance(url, str) and url.lower().endswith(IMAGE_SUFFIXES):
            return [url]
        return [u for item in value.values() for u in _picture_urls(item)]
    if isinstance(value, (list, tuple)):
        return [u for item in value for u in _picture_urls(item)]
    return []


def timed(call) -> tuple[float, str | None]:
    started = time.perf_counter()
    try:
        call()
        return time.perf_counter() - started, None
    except Exception as error:  # noqa: BLE001 - counted and reported
        return time.perf_counter() - started, f"{type(error).__name__}: {str(error)[:120]}"


def _visitors(url: str, indices: list[int], rounds: int, think: float, start, outcomes) -> None:
    """Some of the crowd's users, in one process: each a client of its own on a thread."""
    clients = {index: client(url) for index in indices}
    calls: list[tuple[str, str, float, str | None]] = []
    lock = threading.Lock()

    def visitor(index: int) -> None:
        start.wait()
        for round_ in range(rounds):
            order = list(LIGHT.items()) + list(HEAVY.items())
            order = order[index % len(order):] + order[:index % len(order)]  # not everyone in the same order
            for api_name, arguments in order:
                time.sleep(think * (0.5 + random.random()))  # a person reads the last result first
                started = time.time()
                seconds, error = timed(lambda: clients[index].predict(**arguments, api_name=api_name))
                with lock:
                    calls.append(("light" if api_name in LIGHT else "heavy", api_name, seconds, error, started))

    threads = [threading.Thread(target=visitor, args=(index,)) for index in indices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcomes.put(calls)


def client_cost(url: str, server_pid: int, calls: int = 30) -> dict:
    """CPU seconds per light call in the server and in the client, for this bench's HTTP client and for
    gradio_client: the crowd's clients share the server's cores, so a heavy client inflates what it measures."""
    from gradio_client import Client

    def cpu_seconds(pid: int) -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    costs = {}
    for name, caller in (("HTTP client", client(url)), ("gradio_client", Client(url, verbose=False))):
        for api_name, arguments in LIGHT.items():
            caller.predict(**arguments, api_name=api_name)
            server, own = cpu_seconds(server_pid), time.process_time()
            for _ in range(calls):
                caller.predict(**arguments, api_name=api_name)
            costs[f"{name} {api_name}"] = {"server ms": round(1000 * (cpu_seconds(server_pid) - server) / calls),
                                           "client ms": round(1000 * (time.process_time() - own) / calls)}
    return costs


def users_at_once(url: str, users: int, rounds: int, think: float = 0.0, client_processes: int = 4) -> dict:
    """`users` visitors at once, spread over `client_processes` processes: real visitors each have a browser of
    their own, and 32 clients in one Python process would wait for one another's interpreter lock."""
    import multiprocessing

    spawn = multiprocessing.get_context("spawn")
    start, outcomes = spawn.Barrier(users), spawn.Queue()
    groups = [list(range(users))[offset::client_processes] for offset in range(min(client_processes, users))]
    processes = [spawn.Process(target=_visitors, args=(url, group, rounds, think, start, outcomes))
                 for group in groups]
    for process in processes:
        process.start()
    calls = [call for _ in processes for call in outcomes.get()]
    for process in processes:
        process.join()
    results: dict[str, list[float]] = {"light": [], "heavy": [], "light after the opening": []}
    per_endpoint: dict[str, list[float]] = {}
    errors: list[str] = []
    opening_ends = min(call[4] for call in calls) + OPENING_SECONDS
    for kind, api_name, seconds, error, started in calls:
        results[kind].append(seconds)
        if kind == "light" and started >= opening_ends:
            results["light after the opening"].append(seconds)
        per_endpoint.setdefault(api_name, []).append(seconds)
        if error:
            errors.append(f"{api_name}: {error}")
    return ({kind: summary(values) for kind, values in results.items() if values}
            | {"endpoints": {name: summary(values) for name, values in per_endpoint.items()}, "errors": errors,
               "calls": calls})


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"calls": len(values), "p50": round(statistics.median(ordered), 3),
            "p95": round(ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))], 3),
            "max": round(ordered[-1], 3)}


def speeds(caller, repeats: int) -> dict:
    out = {}
    for api_name, arguments in (("/write", {**HEAVY["/write"], "max_new_tokens": 100}),
                                ("/generate_image", HEAVY["/generate_image"])):
        times = [timed(lambda: caller.predict(**{**arguments, "seed": repeat}, api_name=api_name))
                 for repeat in range(repeats)]
        failures = [e for _, e in times if e]
        if failures:
            raise SystemExit(f"{api_name} failed: {failures[0]}")
        out[api_name] = round(statistics.median(t for t, _ in times), 3)
    return out


def beside_a_training(url: str, repeats: int) -> dict:
    from gradio_client import Client

    caller, trainer = client(url), Client(url, verbose=False)  # the trainer cancels through gradio_client
    speeds(caller, 1)  # load the models once
    idle = speeds(caller, repeats)
    training = trainer.submit(dataset="hmda", upload=None, generator="CTGAN", rows=200, seed=0, epochs=500,
                              api_name="/synthesize")
    time.sleep(8)  # the job is running and training by now
    busy = speeds(caller, repeats)
    still_training = not training.done()
    training.cancel()
    time.sleep(3)
    after = speeds(caller, repeats)
    return {"idle": idle, "during training": busy, "after cancelling": after, "training ran throughout": still_training}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--app-torch-threads", type=int, default=None,
                        help="OMP_NUM_THREADS for the app's requests (default: torch's own choice, one per core)")
    parser.add_argument("--think", type=float, nargs="+", default=[0.0, 2.0],
                        help="seconds each user pauses between calls (0.5x to 1.5x at random), one crowd per value")
    parser.add_argument("--client-processes", type=int, default=4,
                        help="processes the crowd's clients are spread over (real visitors do not share one)")
    parser.add_argument("--training-only", action="store_true", help="only part 2: writing and art beside a training")
    parser.add_argument("--crowd-only", action="store_true", help="only part 1: users at once")
    parser.add_argument("--client-cost", action="store_true",
                        help="only the CPU a light call costs the server and the client, for both clients")
    args = parser.parse_args()
    process, url = start_app(args.app_torch_threads)
    try:
        if args.client_cost:
            for key, cost in client_cost(url, process.pid).items():
                print(f"{key}: server {cost['server ms']} ms, client {cost['client ms']} ms of CPU per call")
            return
        warm = client(url)
        for api_name, arguments in {**LIGHT, **HEAVY}.items():
            warm.predict(**arguments, api_name=api_name)
        crowds = {} if args.training_only else {
            think: {users: users_at_once(url, users, args.rounds, think, args.client_processes) for users in args.users} for think in args.think}
        training = None if args.crowd_only else beside_a_training(url, args.repeats)
    finally:
        process.terminate()
        process.wait(10)

    print(f"\nUsers at once through the HTTP API, {os.cpu_count()} CPUs, {args.rounds} rounds of "
          f"{len(LIGHT)} light and {len(HEAVY)} model calls each (seconds per call)\n")
    print(f"| pause between calls | users | light p50 | light p95 | light max | light p95 after the first "
          f"{OPENING_SECONDS:g} s | model p50 | model p95 | model max | errors |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for think, crowd in crowds.items():
        for users, row in crowd.items():
            after = row.get("light after the opening", {}).get("p95")
            print(f"| {'none' if not think else f'about {think:g} s'} | {users} | {row['light']['p50']:.2f} | "
                  f"{row['light']['p95']:.2f} | {row['light']['max']:.2f} | "
                  f"{'-' if after is None else f'{after:.2f}'} | {row['heavy']['p50']:.2f} | "
                  f"{row['heavy']['p95']:.2f} | {row['heavy']['max']:.2f} | {len(row['errors'])} |")
    if training is None:
        print(json.dumps({"light_p95_ratio": _light_ratios(crowds, args.users), "crowds": _crowd_rows(crowds)}))
        return
    print(f"\nWriting (100 tokens) and Art (one picture) beside a CTGAN training, median of {args.repeats} (seconds)\n")
    print("| call | idle | during a training | ratio | after cancelling |")
    print("|---|---|---|---|---|")
    for api_name in ("/write", "/generate_image"):
        idle, busy = training["idle"][api_name], training["during training"][api_name]
        print(f"| {api_name} | {idle:.2f} | {busy:.2f} | {busy / idle:.2f}x | {training['after cancelling'][api_name]:.2f} |")
    print(json.dumps({
        "light_p95_ratio": _light_ratios(crowds, args.users),
        "write_slowdown_during_training": round(training["during training"]["/write"] / training["idle"]["/write"], 2),
        "art_slowdown_during_training": round(
            training["during training"]["/generate_image"] / training["idle"]["/generate_image"], 2),
        "errors": sum(len(row["errors"]) for crowd in crowds.values() for row in crowd.values()),
        "error_examples": [e for crowd in crowds.values() for row in crowd.values() for e in row["errors"]][:3],
        "training_ran_throughout": training["training ran throughout"],
        "crowds": _crowd_rows(crowds),
        "speeds": training,
    }))


def _light_ratios(crowds: dict, users: list[int]) -> dict:
    """The 32-user light p95 over the single user's: the whole run, and after the crowd's opening rush."""
    ratios = {}
    for think, crowd in crowds.items():
        alone, many = crowd[users[0]], crowd[users[-1]]
        ratios[f"pause {think:g} s"] = round(many["light"]["p95"] / alone["light"]["p95"], 2)
        if "light after the opening" in many:
            ratios[f"pause {think:g} s, after the opening"] = round(
                many["light after the opening"]["p95"] / alone["light"]["p95"], 2)
    return ratios


def _crowd_rows(crowds: dict) -> dict:
    return {f"pause {think:g} s": {str(k): {kind: v for kind, v in row.items() if kind not in ("errors", "calls")}
                                   for k, row in crowd.items()} for think, crowd in crowds.items()}


if __name__ == "__main__":
    main()
