import subprocess
import sys
import time
from pathlib import Path

from core.provenance import energy
from core.provenance.energy import WATTS_PER_BUSY_CORE, EnergyMeter

ROOT = Path(__file__).resolve().parents[3]


def busy(cpu_seconds: float) -> None:
    """Spin until this process has used `cpu_seconds` of CPU, however busy the machine is."""
    end = time.process_time() + cpu_seconds
    while time.process_time() < end:
        sum(range(1000))


def test_busy_work_costs_energy_and_says_how_it_was_measured():
    with EnergyMeter(use_rapl=False, use_nvml=False) as meter:
        busy(0.3)
    result = meter.result
    assert result.method == "cpu-time"
    # CPU time counts every thread of the process, so it can run ahead of the wall clock
    assert result.cpu_s >= 0.3 and result.wall_s > 0
    assert result.joules == result.cpu_s * WATTS_PER_BUSY_CORE


def test_waiting_costs_almost_nothing_under_the_cpu_time_estimate():
    # in a fresh process: the estimate counts every thread of the process, and the test process has many;
    # OpenBLAS worker threads spin for a moment after numpy is imported, so the process settles first
    code = ("import time; from core.provenance.energy import EnergyMeter\n"
            "time.sleep(0.5)\n"
            "with EnergyMeter(use_rapl=False, use_nvml=False) as meter: time.sleep(0.2)\n"
            "print(meter.result.wall_s, meter.result.joules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    wall, joules = map(float, result.stdout.split())
    assert wall >= 0.2
    assert joules < 0.05 * WATTS_PER_BUSY_CORE


def test_rapl_counters_are_read_and_their_wrap_around_handled(tmp_path, monkeypatch):
    domain = tmp_path / "intel-rapl:0"
    domain.mkdir()
    (domain / "max_energy_range_uj").write_text("1000000\n")
    (domain / "energy_uj").write_text("900000\n")
    monkeypatch.setattr(energy, "_RAPL_GLOB", str(tmp_path / "intel-rapl:[0-9]*"))
    with EnergyMeter(use_nvml=False) as meter:
        (domain / "energy_uj").write_text("100000\n")  # wrapped: 0.1 J to the top, then 0.1 J more
    assert meter.result.method == "rapl"
    assert abs(meter.result.joules - 0.2) < 1e-9
