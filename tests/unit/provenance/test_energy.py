import subprocess
import sys
import time
from pathlib import Path

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


def test_rapl_counters_are_read_and_their_wrap_around_handled(tmp_path):
    domain = tmp_path / "intel-rapl:0"
    domain.mkdir()
    (domain / "max_energy_range_uj").write_text("1000000\n")
    (domain / "energy_uj").write_text("900000\n")
    with EnergyMeter(use_nvml=False, rapl_root=tmp_path) as meter:
        (domain / "energy_uj").write_text("100000\n")  # wrapped: 0.1 J to the top, then 0.1 J more
    assert meter.result.method == "rapl"
    assert abs(meter.result.joules - 0.2) < 1e-9


def _rapl_domain(root: Path, name: str, label: str, microjoules: int, wrap: int = 262_143_328_850) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "name").write_text(label + "\n")
    (folder / "energy_uj").write_text(f"{microjoules}\n")
    (folder / "max_energy_range_uj").write_text(f"{wrap}\n")
    return folder


def test_rapl_counts_each_package_once_not_its_core_uncore_and_dram_sub_domains_too(tmp_path):
    # /sys/class/powercap lists every domain side by side: intel-rapl:N is a CPU package, and
    # intel-rapl:N:M its sub-domains (core, uncore, dram), whose energy the package figure already includes
    # (dram aside, which is not CPU energy either); intel-rapl itself is the control type, with no counter
    (tmp_path / "intel-rapl").mkdir()
    (tmp_path / "intel-rapl" / "enabled").write_text("1\n")
    start = {"intel-rapl:0": ("package-0", 5_000_000), "intel-rapl:0:0": ("core", 3_000_000),
             "intel-rapl:0:1": ("uncore", 400_000), "intel-rapl:0:2": ("dram", 700_000),
             "intel-rapl:1": ("package-1", 999_000), "intel-rapl:1:0": ("core", 600_000),
             "intel-rapl:2": ("psys", 8_000_000)}  # the whole platform, packages included
    wraps = {"intel-rapl:1": 1_000_000}
    folders = {name: _rapl_domain(tmp_path, name, label, value, *(() if name not in wraps else (wraps[name],)))
               for name, (label, value) in start.items()}
    spent = {"intel-rapl:0": 2_000_000, "intel-rapl:0:0": 1_500_000, "intel-rapl:0:1": 100_000,
             "intel-rapl:0:2": 300_000, "intel-rapl:1": 500_000, "intel-rapl:1:0": 250_000,
             "intel-rapl:2": 4_000_000}
    with EnergyMeter(use_nvml=False, rapl_root=tmp_path) as meter:
        for name, microjoules in spent.items():
            wrap = wraps.get(name, 262_143_328_850)
            (folders[name] / "energy_uj").write_text(f"{(start[name][1] + microjoules) % wrap}\n")
    assert meter.result.method == "rapl"
    # package-0: 2 J; package-1: 0.5 J, across its counter's wrap-around; nothing from sub-domains or psys
    assert abs(meter.result.joules - 2.5) < 1e-9
