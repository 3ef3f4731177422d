"""Energy meter: how long a piece of work took and roughly how much energy it used.

    with EnergyMeter() as meter:
        run_the_model()
    meter.result.joules, meter.result.method

Methods, best first:
- "rapl": Intel RAPL package counters from /sys/class/powercap, when readable: each package
  (intel-rapl:N) once, not its core, uncore and dram sub-domains as well. Whole CPU package, so
  other programs running at the same time are counted too.
- "nvml": a CUDA GPU's own energy counter via NVML (nvidia-ml-py), added to the CPU figure.
- "cpu-time": the process's CPU seconds x WATTS_PER_BUSY_CORE. An estimate: a busy
  modern server or laptop core draws roughly 10 to 20 W; we use 15 W, as CodeCarbon's
  default of TDP / cores does for a 120 W, 8-core part.
"""

from __future__ import annotations

import functools
import os
import re
import threading
import time
from dataclasses import dataclass

WATTS_PER_BUSY_CORE = 15.0
RAPL_ROOT = "/sys/class/powercap"
_RAPL_PACKAGE = re.compile(r"intel-rapl:\d+")  # intel-rapl:N:M are sub-domains (core, uncore, dram) of package N


@dataclass(frozen=True)
class EnergyMeasurement:
    wall_s: float
    cpu_s: float
    joules: float
    method: str

    @property
    def watt_hours(self) -> float:
        return self.joules / 3600.0


def _rapl_domains(root: str = RAPL_ROOT) -> tuple[tuple[str, int], ...]:
    """Readable RAPL package counters under root (a powercap folder) as (energy file, wrap-around range)."""
    return _rapl_packages_under(os.path.abspath(root))


@functools.lru_cache(maxsize=4)
def _rapl_packages_under(root: str) -> tuple[tuple[str, int], ...]:
    """Looked for once per folder: the counters a machine offers do not change while it runs.

    Only top-level domains, intel-rapl:N: a package's sub-domains, intel-rapl:N:M (core, uncore,
    dram), sit beside it in the same folder, and the package counter already includes its core and
    uncore. A "psys" domain (the whole platform, packages included) is left out for the same reason.
    """
    domains = []
    try:
        names = sorted(os.listdir(root))
    except OSError:
        return ()
    for name in names:
        if not _RAPL_PACKAGE.fullmatch(name):
            continue
        folder = os.path.join(root, name)
        energy, wrap = os.path.join(folder, "energy_uj"), os.path.join(folder, "max_energy_range_uj")
        try:
            with open(os.path.join(folder, "name")) as handle:
                if handle.read().strip() == "psys":
                    continue
        except OSError:
            pass
        try:
            with open(energy) as handle:
                int(handle.read())
            with open(wrap) as handle:
                domains.append((energy, int(handle.read())))
        except (OSError, ValueError):
            continue
    return tuple(domains)


def _read_microjoules(domains: tuple[tuple[str, int], ...]) -> list[int]:
    values = []
    for path, _ in domains:
        with open(path) as handle:
            values.append(int(handle.read()))
    return values


class _Nvml:
    """The GPU energy counter, when nvidia-ml-py and a GPU are present."""

    _lock = threading.Lock()
    _handles: list | None = None

    @classmethod
    def handles(cls) -> list:
        with cls._lock:
            if cls._handles is None:
                cls._handles = []
                if os.environ.get("CUDA_VISIBLE_DEVICES", "") == "-1":
                    return cls._handles
                try:
                    import pynvml

                    pynvml.nvmlInit()
                    for index in range(pynvml.nvmlDeviceGetCount()):
                        handle = pynvml.nvmlDeviceGetHandleByIndex(index)
                        pynvml.nvmlDeviceGetTotalEnergyConsumption(handle)
                        cls._handles.append(handle)
                except Exception:  # no library, no driver or no counter: this method is not available
                    cls._handles = []
            return cls._handles

    @classmethod
    def millijoules(cls) -> list[int]:
        import pynvml

        return [pynvml.nvmlDeviceGetTotalEnergyConsumption(handle) for handle in cls.handles()]


class EnergyMeter:
    """Context manager measuring wall time, process CPU time and energy; see the module doc."""

    def __init__(self, use_rapl: bool = True, use_nvml: bool = True, rapl_root: str | os.PathLike = RAPL_ROOT):
        self._domains = _rapl_domains(str(rapl_root)) if use_rapl else ()
        self._use_nvml = use_nvml and bool(_Nvml.handles())
        self.result: EnergyMeasurement | None = None

    @property
    def method(self) -> str:
        cpu = "rapl" if self._domains else "cpu-time"
        return f"{cpu}+nvml" if self._use_nvml else cpu

    def __enter__(self) -> "EnergyMeter":
        self._wall = time.perf_counter()
        self._cpu = time.process_time()
        self._rapl = _read_microjoules(self._domains) if self._domains else None
        self._gpu = _Nvml.millijoules() if self._use_nvml else None
        return self

    def __exit__(self, *exc_info) -> None:
        wall = time.perf_counter() - self._wall
        cpu = time.process_time() - self._cpu
        if self._rapl is not None:
            joules = 0.0
            for (_, wrap), before, after in zip(self._domains, self._rapl, _read_microjoules(self._domains)):
                joules += ((after - before) % wrap) / 1e6
        else:
            joules = cpu * WATTS_PER_BUSY_CORE
        if self._gpu is not None:
            joules += sum(after - before for before, after in zip(self._gpu, _Nvml.millijoules())) / 1e3
        self.result = EnergyMeasurement(wall_s=wall, cpu_s=cpu, joules=joules, method=self.method)
