"""The rules of the layout: core never imports a UI library, and start-up imports no model library."""

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI_LIBRARIES = {"gradio", "gradio_client", "streamlit"}
MODEL_LIBRARIES = ["torch", "transformers", "diffusers", "rdkit", "ctgan", "sdv", "sklearn", "onnxruntime"]


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_never_imports_gradio_or_streamlit():
    offenders = {str(path.relative_to(ROOT)): sorted(imported_modules(path) & UI_LIBRARIES)
                 for path in (ROOT / "core").rglob("*.py") if imported_modules(path) & UI_LIBRARIES}
    assert not offenders


def test_building_the_suite_imports_no_model_library():
    code = (
        "import sys, json, app; app.build_app(); "
        f"print(json.dumps([m for m in {MODEL_LIBRARIES!r} if m in sys.modules]))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_a_bad_setting_stops_the_app_with_a_message_naming_the_variable():
    result = subprocess.run([sys.executable, "app.py"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={"PATH": "/usr/bin:/bin", "GENLAB_PROFILE": "turbo", "HF_HUB_OFFLINE": "1"})
    assert result.returncode != 0
    assert "GENLAB_PROFILE" in result.stderr and "Traceback" not in result.stderr


def test_building_the_suite_leaves_scipy_and_rdkit_for_later():
    code = "import sys, app; app.build_app(); print(sorted(m for m in ('scipy', 'rdkit', 'sklearn') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
