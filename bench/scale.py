"""Past one machine: the same work on a local Ray cluster against the local process pool, and the audit store on
PostgreSQL against SQLite, all on this machine (a Ray head and a PostgreSQL server are started for the run).

    python bench/scale.py [--molecules 4000] [--ctgan-epochs 30] [--records 300] [--write]

- GA scoring throughput: one generation's scoring as the Graph GA does it (the suite's default objective) of
  `--molecules` MOSES molecules in pieces of 100 (core.jobs.batches.run_batches), molecules per second, the
  best of three rounds after a warm-up, through a pool of one worker per core and through Ray tasks.
- CTGAN training: a synthesis job (CTGAN, `--ctgan-epochs` on the wage table, 1,000 rows made) through the
  local job pool and through the Ray runner, wall seconds from start to result.
- Audit store: `--records` writes of a record, then as many reads by id, per-call latency (median and 95th
  percentile, milliseconds), SQLite (the default store, WAL) against PostgreSQL on loopback.

On 2 cores parity between Ray and the pool is what to expect: the point is that the same code runs on a
cluster. `--write` keeps the tables in bench/results-scale.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ["RAY_USAGE_STATS_ENABLED"] = "0"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scoring_throughput(molecules: list[str], backend: str) -> float:
    from core.jobs.batches import run_batches
    from core.molecules.objective import ObjectiveConfig, score_smiles

    chunks = [molecules[i:i + 100] for i in range(0, len(molecules), 100)]
    run_batches(score_smiles, chunks[:4], extra=(ObjectiveConfig(),), backend=backend)  # warm-up: workers start
    rates = []
    for _ in range(3):
        started = time.perf_counter()
        scores = run_batches(score_smiles, chunks, extra=(ObjectiveConfig(),), backend=backend)
        rates.append(len(molecules) / (time.perf_counter() - started))
        assert sum(len(piece) for piece in scores) == len(molecules)
    return max(rates)


def ctgan_seconds(runner, epochs: int) -> float:
    import pandas as pd

    from core.tabular.synthesize import SynthesisConfig, synthesis_job

    table = pd.read_parquet(ROOT / "assets" / "datasets" / "wage.parquet")
    started = time.perf_counter()
    result = runner.start(synthesis_job, (table, SynthesisConfig(generator="CTGAN", epochs=epochs, rows=1000)), {},
                          "CTGAN").result(timeout=3600)
    assert len(result.synthetic) == 1000
    return time.perf_counter() - started


def store_latency(store, records: int) -> dict[str, float]:
    from core.provenance.store import AuditRecord

    writes, reads, ids = [], [], []
    for index in range(records):
        record = AuditRecord(tab="art", backend="embedded", model_id="bench", parameters={"i": index},
                             output_sha256="ab" * 32, energy_joules=1.0, duration_s=0.1)
        started = time.perf_counter()
        store.add(record)
        writes.append(time.perf_counter() - started)
        ids.append(record.id)
    for record_id in ids:
        started = time.perf_counter()
        assert store.get(record_id) is not None
        reads.append(time.perf_counter() - started)

    def milliseconds(values, q):
        return 1000 * (statistics.median(values) if q == 50 else statistics.quantiles(values, n=20)[18])

    return {"write_p50": milliseconds(writes, 50), "write_p95": milliseconds(writes, 95),
            "read_p50": milliseconds(reads, 50), "read_p95": milliseconds(reads, 95)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--molecules", type=int, default=4000)
    parser.add_argument("--ctgan-epochs", type=int, default=30)
    parser.add_argument("--records", type=int, default=300)
    parser.add_argument("--write", action="store_true")
    arguments = parser.parse_args()

    from core.jobs.local import LocalProcessPool
    from core.jobs.ray_runner import RayJobsConfig, RayRunner
    from core.molecules.optimize import starting_pool
    from core.provenance.postgres_store import PostgresAuditStore
    from core.provenance.store import SQLiteAuditStore
    from tests.postgres_server import PostgresServer
    from tests.ray_cluster import start_ray_head, stop_ray_head

    cores = os.cpu_count()
    address, ray_folder = start_ray_head(free_port(), cpus=cores)
    os.environ["GENLAB_RAY_ADDRESS"] = address
    postgres = PostgresServer(free_port()).start()
    try:
        molecules = starting_pool(seed=0, size=arguments.molecules)
        rates = {backend: scoring_throughput(molecules, backend) for backend in ("processes", "ray")}
        training = {"processes": ctgan_seconds(LocalProcessPool(), arguments.ctgan_epochs),
                    "ray": ctgan_seconds(RayRunner(RayJobsConfig(address, cpus_per_job=cores,
                                                                 threads_per_job=cores)), arguments.ctgan_epochs)}
        with tempfile.TemporaryDirectory() as folder:
            latency = {"SQLite": store_latency(SQLiteAuditStore(Path(folder) / "audit.db"), arguments.records),
                       "PostgreSQL": store_latency(PostgresAuditStore(postgres.url), arguments.records)}
    finally:
        postgres.stop()
        stop_ray_head(ray_folder)

    lines = [f"# Scale-out on this machine ({cores} cores), `python bench/scale.py` "
             f"--molecules {arguments.molecules} --ctgan-epochs {arguments.ctgan_epochs} --records {arguments.records}",
             "", "| work | local process pool | local Ray cluster | Ray / pool |", "|---|---|---|---|",
             f"| GA scoring, molecules per second (higher is better) | {rates['processes']:.0f} | {rates['ray']:.0f} | "
             f"{rates['ray'] / rates['processes']:.2f} |",
             f"| CTGAN training, {arguments.ctgan_epochs} epochs, seconds (lower is better) | {training['processes']:.1f} | "
             f"{training['ray']:.1f} | {training['ray'] / training['processes']:.2f} |",
             "", "| audit store | write p50 (ms) | write p95 (ms) | read p50 (ms) | read p95 (ms) |", "|---|---|---|---|---|"]
    for name, figures in latency.items():
        lines.append(f"| {name} | {figures['write_p50']:.2f} | {figures['write_p95']:.2f} | {figures['read_p50']:.2f} | "
                     f"{figures['read_p95']:.2f} |")
    text = "\n".join(lines)
    print(text)
    if arguments.write:
        (ROOT / "bench" / "results-scale.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
