"""Jobs on a real local Ray head: the same interface as the local pool, for training and optimisation."""

import time

import pytest

from core.jobs import CANCELLED, DONE, JobCancelled, JobFailed, runner, start_job
from tests.job_targets import burn, count_to, crash, refuse
from tests.processes import processes_end_within


def test_the_ray_address_sends_jobs_to_the_cluster_with_progress_and_result(jobs_on_ray):
    from core.jobs.ray_runner import RayRunner

    assert isinstance(runner(), RayRunner)
    job = start_job(count_to, 3, name="count")
    updates = [update for update in job.updates() if update.payload is not None]
    assert job.result(timeout=60) == 3 and job.status == DONE
    assert [u.payload for u in updates] == [0, 1, 2] and updates[-1].message == "step 3"


def test_a_users_mistake_keeps_its_sentence_and_a_crash_does_not_leak_details(jobs_on_ray):
    with pytest.raises(ValueError, match="^The seed must be a number; 'two' is not one.$"):
        start_job(refuse).result(timeout=60)
    with pytest.raises(JobFailed):
        start_job(crash).result(timeout=60)


def test_cancelling_ends_the_jobs_process_and_frees_its_cpu_within_seconds(jobs_on_ray):
    job = start_job(burn, 120)
    for update in job.updates():
        if isinstance(update.payload, int):
            break
    pid = job.latest.payload
    assert pid == job.worker_pid
    job.cancel()
    assert processes_end_within([pid], seconds=5.0), "the Ray actor kept running after cancel"
    assert job.status == CANCELLED
    with pytest.raises(JobCancelled):
        job.result(timeout=5)


def test_a_lab_training_runs_on_the_cluster_and_streams_its_samples(jobs_on_ray, configured_tiny_lab):
    from core.lab.shipped import lab_training_job

    job = start_job(lab_training_job, "VAE", 5, 0, name="Lab training")
    updates = list(job.updates())
    previews = [u.payload for u in updates if isinstance(u.payload, dict)]
    result = job.result(timeout=120)
    assert previews and len(previews[-1]["preview"]) == 16
    # the bar's percentage is of the seconds its words show ("26 of 30 s - 87.9%" did not add up)
    for update in updates:
        if update.message.startswith("Training: "):
            shown = int(update.message.split()[1])
            assert update.fraction == pytest.approx(min(1.0, shown / 5)), update.message
    assert result["samples"].shape == (64, 28, 28) and result["history"] and result["steps"] > 0


def test_a_molecule_optimisation_runs_on_the_cluster_and_can_be_stopped(jobs_on_ray, tmp_path, monkeypatch):
    from core.molecules.optimize import OptimizationConfig, optimisation_job

    monkeypatch.setenv("GENLAB_DATA_DIR", str(tmp_path))
    small = OptimizationConfig(generations=2, population=20, seed=1)
    result, energy = start_job(optimisation_job, small, name="optimisation").result(timeout=300)
    assert result.best and len(result.history) == 2 and result.scoring_calls > 0
    long = start_job(optimisation_job, OptimizationConfig(generations=200, population=100, seed=1))
    for update in long.updates():
        if update.payload is not None:
            break
    pid = long.worker_pid
    long.cancel()
    assert processes_end_within([pid], seconds=5.0) and long.status == CANCELLED


def test_a_generations_scoring_gives_the_same_scores_on_the_cluster_as_in_local_workers(jobs_on_ray):
    from core.jobs.batches import run_batches
    from core.molecules.objective import ObjectiveConfig, score_smiles

    chunks = [["CCO", "c1ccccc1O", "not a molecule"], ["CC(=O)Oc1ccccc1C(=O)O"], ["CCN(CC)CC", "C1CCCCC1"]]
    on_ray = run_batches(score_smiles, chunks, extra=(ObjectiveConfig(),))
    local = run_batches(score_smiles, chunks, extra=(ObjectiveConfig(),), backend="processes")
    assert on_ray == local == [score_smiles(chunk, ObjectiveConfig()) for chunk in chunks]
    assert on_ray[0][2] is None and all(0 < score <= 1 for chunk in on_ray for score in chunk if score is not None)
