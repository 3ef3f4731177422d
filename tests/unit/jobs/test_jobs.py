"""Jobs run apart from requests, at idle priority, report progress, keep a ValueError's sentence, and stop at once."""

import os
import time

import pytest

from core.jobs import CANCELLED, DONE, JobCancelled, JobFailed, start_job
from core.jobs.local import InlineRunner, LocalJobsConfig, LocalProcessPool
from tests.processes import processes_end_within
from tests.job_targets import burn, count_to, crash, library_refusal, record_something, refuse, scheduling


def test_a_job_reports_its_progress_and_returns_its_result():
    job = start_job(count_to, 4, pause=0.02)
    steps = [u.message for u in job.updates() if u.message.startswith("step")]
    assert steps == ["step 1", "step 2", "step 3", "step 4"]
    assert job.result(timeout=30) == 4 and job.status == DONE


def test_a_job_runs_in_another_process_at_idle_priority_with_the_apps_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("GENLAB_DATA_DIR", str(tmp_path))
    seen = start_job(scheduling).result(timeout=30)
    assert seen["pid"] != os.getpid()
    assert seen["policy"] == os.SCHED_IDLE or seen["nice"] == 19
    assert seen["data_dir"] == str(tmp_path)  # set after the fork server started: passed along, not inherited


def test_a_users_mistake_keeps_its_sentence_and_a_crash_does_not_leak_details():
    with pytest.raises(ValueError, match="^The seed must be a number; 'two' is not one.$"):
        start_job(refuse).result(timeout=30)
    with pytest.raises(JobFailed):
        start_job(crash).result(timeout=30)
    with pytest.raises(JobFailed):  # a library's own ValueError is not a sentence for the visitor
        start_job(library_refusal).result(timeout=30)


def test_cancelling_ends_the_process_and_frees_its_cpu_within_seconds():
    job = start_job(burn, 60)
    for update in job.updates():
        if isinstance(update.payload, int):
            break
    pid = job.latest.payload
    started = time.monotonic()
    job.cancel()
    assert processes_end_within([pid], seconds=3.0), "the job's process kept running after cancel"
    assert time.monotonic() - started < 3.0
    assert job.status == CANCELLED
    with pytest.raises(JobCancelled):
        job.result(timeout=5)


def process_state(pid: int) -> str:
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0]


def test_jobs_step_aside_while_a_model_call_runs_and_go_on_after_and_a_stopped_job_still_cancels():
    from core.jobs import jobs_step_aside

    job = start_job(burn, 60)
    for update in job.updates():
        if isinstance(update.payload, int):
            break
    pid = job.latest.payload
    with jobs_step_aside():
        with jobs_step_aside():  # two model calls at once: the jobs go on only when both are done
            time.sleep(0.3)
            assert process_state(pid) == "T"
        assert process_state(pid) == "T"
        late = start_job(count_to, 3, pause=0.05)  # a job started meanwhile waits too
        time.sleep(1.5)
        assert not late.finished
    assert late.result(timeout=30) == 3
    assert process_state(pid) in ("R", "S")
    with jobs_step_aside():
        time.sleep(0.2)
        job.cancel()  # stopped, and still ended within seconds
        assert processes_end_within([pid], seconds=3.0)


def test_more_jobs_than_workers_wait_their_turn():
    pool = LocalProcessPool(LocalJobsConfig(workers=1, threads_per_job=1))
    first = pool.start(burn, (1.0,), {}, "first")
    second = pool.start(count_to, (1,), {}, "second")
    time.sleep(0.5)
    assert second.status == "waiting"
    assert first.result(timeout=30) > 0 and second.result(timeout=30) == 1


def test_a_job_records_its_output_for_the_session_that_started_it(tmp_path, monkeypatch):
    from core.provenance.store import SQLiteAuditStore
    from core.provenance.visitors import for_session, visitor_id

    monkeypatch.setenv("GENLAB_DATA_DIR", str(tmp_path))
    with for_session("session-abc"):
        record_id = start_job(record_something).result(timeout=30)
    row = SQLiteAuditStore(tmp_path / "audit.db").get(record_id)
    assert row is not None and row.visitor == visitor_id("session-abc", tmp_path)


def test_the_inline_runner_for_zerogpu_has_the_same_interface_and_stops_at_the_next_report():
    runner = InlineRunner()
    assert runner.start(count_to, (3,), {}, "inline").result(timeout=10) == 3
    job = runner.start(count_to, (10_000,), {"pause": 0.01}, "inline")
    time.sleep(0.1)
    job.cancel()
    with pytest.raises(JobCancelled):
        job.result(timeout=5)


def test_a_job_drops_a_setting_the_app_has_dropped_since_the_fork_server_started(monkeypatch):
    """The fork server keeps the environment it started with; a job only added the app's current settings over it,
    so a database URL set by an earlier test and since removed still pointed the job at another store (a large
    picture's check then missed its mark and record, only in a whole run)."""
    import multiprocessing

    import torch

    from core.jobs.worker import run_job

    def setting(name, report):
        return os.environ.get(name)

    threads = torch.get_num_threads()
    inherited = dict(os.environ, GENLAB_DATABASE_URL="postgresql://gone.invalid/audit")  # as the fork server has it
    monkeypatch.setattr(os, "environ", inherited)  # the job's process: run here, on a copy of the environment
    mine, theirs = multiprocessing.Pipe()
    try:
        run_job(theirs, setting, ("GENLAB_DATABASE_URL",), {}, None, {"GENLAB_DATA_DIR": "/tmp/genlab-now"},
                threads=1, idle=False)
    finally:
        torch.set_num_threads(threads)
    assert mine.recv() == ("result", None) and inherited["GENLAB_DATA_DIR"] == "/tmp/genlab-now"
