"""Every public endpoint, thrown what a careless or hostile caller sends: broken, empty, renamed, huge,
truncated and binary files, odd numbers and a huge paste. Each answer is a success, or a failed call
carrying one short plain sentence: never Gradio's or a library's wording, a traceback or a server path.

The endpoints come from the app's own API description, so a new one is covered the day it appears."""

import io
import math
import re
import zlib

import pytest
from gradio_client import handle_file
from gradio_client.exceptions import AppError
from PIL import Image

LEAKS = re.compile(r"Could not (pre|post)process|\bexpected\b|Traceback|Error tokenizing|C error|Overflow|"
                   r"/tmp/|/work/|site-packages|random_state|cannot convert|invalid literal|NoneType|"
                   r"has no attribute|Errno|Exception|Error:|\bPIL\b|pandas|numpy|torch", re.I)
MAX_MESSAGE = 400
ODD_NUMBERS = [-5, 2**70, 1e30, None]  # and "NaN" to number boxes: JSON itself carries no NaN; -1 and empty
# seeds are valid (a random seed): test_an_empty_or_minus_one_seed_picks_a_random_one_and_says_which
HUGE_PASTE = ("CCO " * 95_017)[:380_068]

# Cheap settings per endpoint, and a valid value for what each needs, so that an odd value meets the
# check it is aimed at (not "upload a picture first") and a value that turns out fine costs little.
BASELINES = {
    "/generate_image": {"steps": 1},
    "/vary_image": {"image": "png", "steps": 1},
    "/write": {"max_new_tokens": 10},
    "/synthesize": {"rows": 60, "upload": None},
    "/generate_molecules": {"count": 3},
    "/optimize_molecules": {"generations": 1, "population": 10, "use_mw": True,
                            "starting": "CCO\nCCN\nCCCO\nc1ccccc1O\nCC(=O)Nc1ccc(O)cc1\nCC(=O)Oc1ccccc1C(=O)O"},
    "/check_image": {"image_file": "png"},
    "/check_video": {"video_file": "video", "frames": 4},
    "/check_text": {"text": "A short text to check."},
    "/fairness_audit": {"target": "deny", "positive": "yes", "protected": ["afam"]},
    "/anonymize": {"upload": "csv"},
    "/lab_sample": {"count": 2},
    "/lab_train": {"seconds": 5},
}
FILE_COMPONENTS = {"Image", "File", "Video"}


def _png(width: int = 48, height: int = 48) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (90, 140, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def _png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header says width x height: a decompression bomb."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def _random_bytes(count: int) -> bytes:
    return zlib.compress(bytes(range(256)) * (count // 256), 0)[:count]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    from tests.unit.forensics.test_video_report import scenes, video_bytes

    folder = tmp_path_factory.mktemp("odd-inputs")
    made = {
        "empty.png": b"", "text-named.png": b"just some words, not a picture\n" * 20, "truncated.png": _png(64, 64)[:-40],
        "bomb.png": _png_declaring(12_000, 12_000), "binary.csv": b"\x89PNG\r\n\x1a\n" + _random_bytes(4000),
        "binary.smi": _random_bytes(4000), "binary.png": _random_bytes(4000), "empty.csv": b"",
        "ragged.csv": ("a,b,c\n" + "1,2,3\n" * 60 + "4,5,6,7\n").encode(), "renamed.mp4": b"not a video" * 100,
        "png.png": _png(), "csv.csv": ("name,email,age\n" + "".join(f"Ann {i},ann{i}@example.org,{20 + i % 50}\n"
                                                                    for i in range(60))).encode(),
    }
    for name, data in made.items():
        (folder / name).write_bytes(data)
    (folder / "video.avi").write_bytes(video_bytes(folder, scenes(4)))
    return {name.split(".")[0] if name in ("png.png", "csv.csv") else name: folder / name for name in made} | {
        "video": folder / "video.avi"}


BAD_FILES = ["empty.png", "text-named.png", "truncated.png", "bomb.png", "binary.csv", "binary.smi", "binary.png",
             "empty.csv", "ragged.csv", "renamed.mp4"]


@pytest.fixture(scope="module")
def endpoints(client):
    return client.view_api(print_info=False, return_format="dict")["named_endpoints"]


def _baseline(endpoint: str, files) -> dict:
    values = {}
    for name, value in BASELINES.get(endpoint, {}).items():
        values[name] = handle_file(str(files[value])) if isinstance(value, str) and value in files else value
    return values


def _answer(client, endpoint: str, arguments: dict) -> str | None:
    """None for a success whose outputs carry no leak, else the failed call's message."""
    import time

    started = time.perf_counter()
    try:
        outputs = client.predict(api_name=endpoint, **arguments)
    except AppError as error:
        return str(error)
    finally:
        if time.perf_counter() - started > 2:
            print(f"SLOW {time.perf_counter() - started:.1f}s {endpoint} {str(arguments)[:120]}")
    shown = str(outputs)
    assert not re.search(r"Traceback|Could not preprocess|Error tokenizing|site-packages", shown), \
        f"{endpoint} succeeded with an error in its outputs: {shown[:300]}"
    return None


def _check(endpoint: str, what: str, message: str | None) -> None:
    if message is None:
        return
    assert message.strip(), f"{endpoint} {what}: a failed call with no message"
    assert len(message) <= MAX_MESSAGE, f"{endpoint} {what}: a {len(message):,}-character message"
    leak = LEAKS.search(message)
    assert not leak, f"{endpoint} {what}: {leak.group(0)!r} in {message[:300]!r}"
    doubled = re.search(r"\b(?:the|a|an) (?:your|the|a|an)\b", message, re.IGNORECASE)  # "The your own grid figure"
    assert not doubled, f"{endpoint} {what}: {doubled.group(0)!r} in {message[:300]!r}"


def test_the_endpoints_are_read_from_the_app(endpoints):
    assert {"/vary_image", "/check_image", "/synthesize", "/molecule_properties", "/quest"} <= set(endpoints)


def test_odd_files_get_a_sentence_from_every_endpoint_that_takes_a_file(client, endpoints, files):
    checked = 0
    for endpoint, info in endpoints.items():
        for parameter in info["parameters"]:
            if parameter["component"] not in FILE_COMPONENTS:
                continue
            for bad in BAD_FILES:
                arguments = _baseline(endpoint, files) | {parameter["parameter_name"]: handle_file(str(files[bad]))}
                if endpoint in ("/synthesize", "/fairness_audit"):
                    arguments["dataset"] = "Upload your own file"
                message = _answer(client, endpoint, arguments)
                _check(endpoint, f"{parameter['parameter_name']}={bad}", message)
                checked += 1
    assert checked >= 6 * len(BAD_FILES)


def test_odd_numbers_get_a_sentence_from_every_endpoint(client, endpoints, files):
    checked = 0
    for endpoint, info in endpoints.items():
        for parameter in info["parameters"]:
            if parameter["component"] not in ("Number", "Slider"):
                continue
            for value in ODD_NUMBERS + (["NaN", "1e999", "twelve"] if parameter["component"] == "Number" else []):
                if value is None and parameter["parameter_name"] == "seed":
                    continue
                arguments = _baseline(endpoint, files) | {parameter["parameter_name"]: value}
                message = _answer(client, endpoint, arguments)
                _check(endpoint, f"{parameter['parameter_name']}={value}", message)
                checked += 1
    assert checked >= 20 * len(ODD_NUMBERS)


def test_a_huge_paste_is_answered_briefly_by_every_endpoint_that_takes_text(client, endpoints, files):
    for endpoint, info in endpoints.items():
        for parameter in info["parameters"]:
            if parameter["component"] != "Textbox":
                continue
            arguments = _baseline(endpoint, files) | {parameter["parameter_name"]: HUGE_PASTE}
            _check(endpoint, f"{parameter['parameter_name']}=380 KB", _answer(client, endpoint, arguments))


def test_seeds_out_of_range_are_refused_before_anything_is_recorded(client, files):
    from core.provenance import get_recorder

    store = get_recorder().store
    before = store.count()
    for endpoint, seed in [("/quest", 2**70), ("/quest", -5), ("/generate_molecules", 2**32), ("/fairness_audit", 2**70),
                           ("/synthesize", 1e30), ("/generate_image", "NaN")]:
        with pytest.raises(AppError, match="4,294,967,295|must be a number"):
            client.predict(api_name=endpoint, **(_baseline(endpoint, files) | {"seed": seed}))
    assert store.count() == before


def test_an_empty_or_minus_one_seed_picks_a_random_one_and_says_which(client):
    quest = client.predict(seed=-1, api_name="/quest")[0]
    assert 0 <= quest["seed"] <= 2**32 - 1
    card = client.predict(seed=None, api_name="/quest")[1]
    assert re.search(r"Seed \d+\.", card)
    assert not math.isnan(quest["seed"])
