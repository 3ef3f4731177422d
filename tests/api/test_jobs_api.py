"""Long work runs as a job: a client that stops it, or simply goes away, frees the CPU within seconds."""

import json
import time

import httpx

from core.jobs import running_jobs
from tests.processes import processes_end_within


def job_pids(name: str, within: float = 60.0) -> list[int]:
    deadline = time.time() + within
    while time.time() < deadline:
        pids = [job.worker_pid for job in running_jobs() if job.name == name and job.worker_pid]
        if pids:
            return pids
        time.sleep(0.2)
    return []


def test_a_client_that_cancels_a_training_frees_its_cpu(client):
    job = client.submit(dataset="hmda", upload=None, generator="CTGAN", rows=100, seed=0, epochs=500,
                        api_name="/synthesize")
    pids = job_pids("synthetic data")
    assert pids, "the training never started as a job"
    job.cancel()
    assert processes_end_within(pids, seconds=10), "the training kept running after the client cancelled it"


def test_a_client_that_goes_away_mid_training_frees_its_cpu(app_url):
    """The issue's case: a client gave up on a 500-epoch CTGAN, and the training ran on for 17 minutes."""
    session = "gone-away-client"
    info = httpx.get(f"{app_url}/gradio_api/info").json()
    assert "/synthesize" in info["named_endpoints"]
    config = httpx.get(f"{app_url}/config").json()
    fn_index = next(d["id"] for d in config["dependencies"] if d.get("api_name") == "synthesize")
    parameters = info["named_endpoints"]["/synthesize"]["parameters"]
    values = {p["parameter_name"]: p.get("parameter_default") for p in parameters}
    values.update(dataset="hmda", upload=None, generator="CTGAN", rows=100, seed=0, epochs=500)
    data = [values[p["parameter_name"]] for p in parameters]
    joined = httpx.post(f"{app_url}/gradio_api/queue/join",
                        json={"data": data, "fn_index": fn_index, "session_hash": session, "event_data": None,
                              "trigger_id": None})
    assert joined.status_code == 200, joined.text
    with httpx.stream("GET", f"{app_url}/gradio_api/queue/data", params={"session_hash": session},
                      timeout=60) as stream:
        for line in stream.iter_lines():  # until the training reports; not at "Waiting for a free worker",
            message = json.loads(line[5:]) if line.startswith("data:") else {}  # before its process started
            if message.get("msg") == "progress" and not message["progress_data"][0]["desc"].startswith("Waiting"):
                break
    pids = job_pids("synthetic data")
    assert pids, "the training never started as a job"
    assert processes_end_within(pids, seconds=15), "the training kept running after its client went away"
