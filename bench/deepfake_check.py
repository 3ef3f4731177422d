"""Deepfake check: seconds per full picture report, and how well our watermark survives common edits.

    python bench/deepfake_check.py [--repeats 5] [--pictures 20]

- Seconds per full report (C2PA, metadata, three watermarks, error levels, noise, spectrum) of a
  1024x1024 picture on this machine, median of `--repeats` (target at most 1.5 s on 2 cores).
- Seconds and extra peak memory of one full report on a 40 megapixel JPEG (`--large-picture-only`),
  in a fresh process (target: a few seconds and at most 1 GB).
- Watermark survival: `--pictures` pictures (scikit-image photographs and renders of the art tab's
  procedural scenes, 512x512) are marked, edited, and read back: PNG, JPEG at quality 90, 75 and
  50, resized to half, cropped by 10% (top-left kept; and then saved as JPEG 85), the centre 80%
  kept, brightened and darkened by 10%, and a screenshot-like re-encode (90% size, JPEG 80,
  RGB->RGBA->RGB). Side by side: our keyed mark, the unkeyed dwtDct mark it replaced, and
  invisible-watermark's bundled rivaGan on `--rivagan-pictures` of them. A detection must name the
  right record (all 32 bits for rivaGan). PSNR, seconds to embed and read, false positives on
  `--unmarked` unmarked pictures (scikit-image photographs, mirrored and cropped, and other renders),
  and perceptual-fingerprint distances: each picture after each edit against its own record's
  hashes and against every other picture's, which is what sets the same-picture threshold.
- Embedded detector, when it ships: pictures per second (16 crops each) in PyTorch and in ONNX
  Runtime side by side, on the CPU and on CUDA when present; the held-out evaluation its training
  script recorded (evaluation.json: set sizes, AUC per machine-made kind, share of real photographs
  flagged); and the held-out real photographs scored again here, in the same augmented versions the
  training script made (same seed), so their false-positive rate at 0.5 and at 0.8 and each
  photograph's range of scores come from this run.
- `--detectors OLD NEW`: only detectors side by side, each scoring the same held-out pictures (real photographs,
  renders, our art model's pictures) as the training script scores them.
- Text watermark: detection rate on the writing tab's poems (watermarked and not), when the poet ships.
Prints Markdown tables, then one JSON line.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def pictures(count: int):
    from PIL import Image
    from skimage import data

    from core.art.scenes import render_scene, sample_scene

    photos = [getattr(data, name)() for name in MARKED_PHOTOS]
    images = [Image.fromarray(photo).convert("RGB").resize((512, 512)) for photo in photos]
    rng = random.Random(0)
    while len(images) < count:
        images.append(render_scene(sample_scene(rng)).resize((512, 512), Image.Resampling.NEAREST))
    return images[:count]


def encoded(image, format: str, **options):
    from PIL import Image

    buffer = io.BytesIO()
    image.save(buffer, format=format, **options)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def brightness(factor: float):
    return lambda im: im.point(lambda v: max(0, min(255, int(round(v * factor)))))


EDITS = {
    "PNG": lambda im: encoded(im, "PNG"),
    "JPEG 90": lambda im: encoded(im, "JPEG", quality=90),
    "JPEG 75": lambda im: encoded(im, "JPEG", quality=75),
    "JPEG 50": lambda im: encoded(im, "JPEG", quality=50),
    "resized to half": lambda im: im.resize((im.width // 2, im.height // 2)),
    "cropped 10%": lambda im: im.crop((0, 0, int(im.width * 0.9), int(im.height * 0.9))),
    "cropped 10% + JPEG 85": lambda im: encoded(im.crop((0, 0, int(im.width * 0.9), int(im.height * 0.9))),
                                                "JPEG", quality=85),
    "centre 80% kept": lambda im: im.crop((im.width // 10, im.height // 10, im.width * 9 // 10, im.height * 9 // 10)),
    "brightened 10%": brightness(1.1),
    "darkened 10%": brightness(0.9),
    "screenshot-like (90% size, JPEG 80, RGBA)": lambda im: encoded(
        im.resize((im.width * 9 // 10, im.height * 9 // 10)), "JPEG", quality=80).convert("RGBA").convert("RGB"),
}


PHOTOGRAPHS = 5  # the first pictures() are scikit-image photographs, the rest renders
MARKED_PHOTOS = ("astronaut", "chelsea", "coffee", "rocket", "immunohistochemistry")
BENCH_KEY = b"bench key: any 32 bytes will do."
SKIMAGE_PHOTOS = ["astronaut", "camera", "chelsea", "coffee", "coins", "grass", "gravel", "hubble_deep_field",
                  "immunohistochemistry", "moon", "page", "retina", "rocket", "text", "brick", "colorwheel", "logo",
                  "horse", "clock", "cell"]  # not "cat": it is chelsea again


def psnr(original, marked) -> float:
    import numpy as np

    error = np.mean((np.asarray(original, dtype=np.float64) - np.asarray(marked, dtype=np.float64)) ** 2)
    return float(10 * np.log10(255**2 / error))


def unmarked_pictures(renders: int):
    """scikit-image's photographs as they are, mirrored both ways and cropped to their centre, and renders of
    scenes other than the marked ones: pictures that carry no mark, for false positives."""
    import numpy as np
    from PIL import Image
    from skimage import data

    from core.art.scenes import render_scene, sample_scene

    images, names = [], []
    for name in SKIMAGE_PHOTOS:
        array = getattr(data, name)()
        array = np.stack([array] * 3, axis=-1) if array.ndim == 2 else array
        photo = Image.fromarray(np.asarray(array, dtype=np.uint8)).convert("RGB")
        if photo.width * photo.height < 256 * 256:
            photo = photo.resize((photo.width * 2, photo.height * 2))
        images += [photo, photo.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
                   photo.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
                   photo.crop((photo.width // 10, photo.height // 10, photo.width * 9 // 10, photo.height * 9 // 10))]
        names += [name] * 4
    rng = random.Random(1)
    images += [render_scene(sample_scene(rng)).resize((512, 512), Image.Resampling.NEAREST) for _ in range(renders)]
    return images, names + ["render"] * renders


def rivagan(pictures_: list, edits: dict) -> dict:
    """invisible-watermark's bundled rivaGan (32 bits, no key): all 32 bits right after each edit; seconds per
    picture to embed and to read on this machine."""
    import numpy as np
    from PIL import Image
    from imwatermark.rivaGan import RivaWatermark

    RivaWatermark.loadModel()
    rng = np.random.default_rng(0)
    found, embed_s, read_s = {name: 0 for name in edits}, [], []
    for image in pictures_:
        bits = [int(b) for b in rng.integers(0, 2, 32)]
        model = RivaWatermark(bits, 32)
        started = time.perf_counter()
        marked = Image.fromarray(model.encode(np.asarray(image)[:, :, ::-1])[:, :, ::-1].copy())
        embed_s.append(time.perf_counter() - started)
        for name, edit in edits.items():
            started = time.perf_counter()
            read = model.decode(np.asarray(edit(marked))[:, :, ::-1].copy())
            read_s.append(time.perf_counter() - started)
            found[name] += bool((read == np.array(bits)).all())
    return {"found": found, "pictures": len(pictures_), "embed_seconds": round(statistics.median(embed_s), 2),
            "read_seconds": round(statistics.median(read_s), 2)}


def survival(count: int, unmarked: int = 100, rivagan_pictures: int = 0) -> dict:
    """Our keyed mark against the unkeyed dwtDct mark it replaced (and rivaGan on a few): the right record read
    back after each edit, PSNR, seconds to embed and read, false positives on unmarked pictures, and the
    fingerprint distances that set the same-picture threshold."""
    from core.provenance import unkeyed_watermark
    from core.provenance.fingerprint import MATCH_DISTANCE, distance, fingerprint, fingerprints
    from core.provenance.watermark import CROP_CANDIDATES, embed_watermark, read_watermark

    originals = pictures(count)
    keyed, unkeyed, embed_s = [], [], []
    for index, image in enumerate(originals):
        started = time.perf_counter()
        keyed.append(embed_watermark(image, f"{index:08x}", BENCH_KEY))
        embed_s.append(time.perf_counter() - started)
        unkeyed.append(unkeyed_watermark.embed_watermark(image, f"{index:010x}"))
    stored = [fingerprints(image) for image in keyed]
    found = {"keyed": {}, "unkeyed": {}}
    same_distances, read_s = {}, []
    for name, edit in EDITS.items():
        hits = 0
        same_distances[name] = []
        for index, image in enumerate(keyed):
            edited = edit(image)
            started = time.perf_counter()
            hits += read_watermark(edited, BENCH_KEY).locator == f"{index:08x}"
            read_s.append(time.perf_counter() - started)
            same_distances[name].append(distance(fingerprint(edited), stored[index]))
        found["keyed"][name] = hits
        found["unkeyed"][name] = sum(unkeyed_watermark.read_watermark(edit(image)).record_id == f"{index:010x}"
                                     for index, image in enumerate(unkeyed))
    # Another picture's fingerprint: each marked picture after every edit against every other picture's hashes,
    # and each unmarked picture against every marked picture's hashes.
    different = [distance(fingerprint(EDITS[name](image)), stored[other])
                 for name in EDITS for index, image in enumerate(keyed)
                 for other in range(len(keyed)) if other != index]
    clean, names = unmarked_pictures(max(0, unmarked - 4 * len(SKIMAGE_PHOTOS)))
    false_found, painted = 0, {image.tobytes() for image in originals}
    for image, name in zip(clean, names):
        started = time.perf_counter()
        false_found += read_watermark(image, BENCH_KEY).found
        read_s.append(time.perf_counter() - started)
        # The same photograph mirrored or cropped, or a render of the same scene, is not another picture.
        if name not in MARKED_PHOTOS and image.tobytes() not in painted:
            different += [distance(fingerprint(image), hashes) for hashes in stored]
    quality = [psnr(original, image) for original, image in zip(originals, keyed)]
    old_quality = [psnr(original, image) for original, image in zip(originals, unkeyed)]
    return {
        "pictures": len(keyed), "found": found,
        "psnr_db": {"photographs": [round(min(quality[:PHOTOGRAPHS]), 1), round(max(quality[:PHOTOGRAPHS]), 1)],
                    "renders": [round(min(quality[PHOTOGRAPHS:]), 1), round(max(quality[PHOTOGRAPHS:]), 1)],
                    "unkeyed_all": [round(min(old_quality), 1), round(max(old_quality), 1)]},
        "embed_seconds": {"median": round(statistics.median(embed_s), 3), "max": round(max(embed_s), 3)},
        "read_seconds": {"median": round(statistics.median(read_s), 3), "max": round(max(read_s), 3)},
        "unmarked_pictures": len(clean), "false_found": false_found, "payloads_tried_per_picture": 1 + CROP_CANDIDATES,
        "fingerprint": {"threshold": MATCH_DISTANCE,
                        "same_picture_max": {name: max(values) for name, values in same_distances.items()},
                        "same_picture_over_threshold": sum(d > MATCH_DISTANCE for v in same_distances.values()
                                                           for d in v),
                        "different_pictures_min": min(different), "different_pairs": len(different),
                        "different_within_threshold": sum(d <= MATCH_DISTANCE for d in different)},
        "rivagan": rivagan(originals[:rivagan_pictures], EDITS) if rivagan_pictures else None,
    }


def print_survival(results: dict) -> None:
    n, riva = results["pictures"], results["rivagan"]
    print(f"Watermarks read back after each edit ({n} pictures at 512x512: {PHOTOGRAPHS} photographs, "
          f"{n - PHOTOGRAPHS} renders; the right record required)\n")
    header = "| edit | keyed mark (ours) | unkeyed dwtDct (before) |"
    header += f" rivaGan, 32 bits, no key ({riva['pictures']} pictures) |" if riva else ""
    print(header + " fingerprint distance, same picture (max of 256 bits) |")
    print("|---|---|---|" + ("---|" if riva else "") + "---|")
    for name, hits in results["found"]["keyed"].items():
        row = f"| {name} | {hits} of {n} ({hits / n:.0%}) | {results['found']['unkeyed'][name]} of {n} |"
        row += f" {riva['found'][name]} of {riva['pictures']} |" if riva else ""
        print(row + f" {results['fingerprint']['same_picture_max'][name]} |")
    quality, fp = results["psnr_db"], results["fingerprint"]
    print(f"\nPSNR of the keyed mark: {quality['photographs'][0]} to {quality['photographs'][1]} dB on the "
          f"{PHOTOGRAPHS} photographs, {quality['renders'][0]} to {quality['renders'][1]} dB on the renders "
          f"(unkeyed mark: {quality['unkeyed_all'][0]} to {quality['unkeyed_all'][1]} dB)")
    print(f"Seconds per 512x512 picture: embed {results['embed_seconds']['median']} median, "
          f"{results['embed_seconds']['max']} max; read {results['read_seconds']['median']} median, "
          f"{results['read_seconds']['max']} max" + (f"; rivaGan embed {riva['embed_seconds']}, read "
                                                      f"{riva['read_seconds']}" if riva else ""))
    print(f"False positives: our mark found in {results['false_found']} of {results['unmarked_pictures']} unmarked "
          f"pictures ({results['payloads_tried_per_picture']} payloads tested against the 32-bit tag each)")
    print(f"Fingerprint: the same picture after any edit differs from its record's nearest hash by at most "
          f"{max(fp['same_picture_max'].values())} bits ({fp['same_picture_over_threshold']} over the threshold of "
          f"{fp['threshold']}); another picture by at least {fp['different_pictures_min']} "
          f"({fp['different_within_threshold']} of {fp['different_pairs']} pairs within the threshold)")


def report_seconds(repeats: int) -> float:
    from PIL import Image
    from skimage import data

    from core.forensics.image_report import check_image

    buffer = io.BytesIO()
    Image.fromarray(data.astronaut()).resize((1024, 1024)).save(buffer, format="PNG")
    png = buffer.getvalue()
    check_image(png)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        check_image(png)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


LARGE_PICTURE_SCRIPT = """
import io, json, resource, sys, time
from PIL import Image
from skimage import data
from core.forensics.image_report import check_image
small = io.BytesIO()
Image.fromarray(data.astronaut()).save(small, format="PNG")
check_image(small.getvalue())  # imports and the detector loaded: the baseline
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
large = io.BytesIO()
Image.fromarray(data.astronaut()).resize((7680, 5200), Image.Resampling.BICUBIC).save(large, format="JPEG", quality=90)
encoded = large.getvalue()
del large
started = time.perf_counter()
check_image(encoded)
seconds = time.perf_counter() - started
extra = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps({"megapixels": 7680 * 5200 / 1e6, "seconds": round(seconds, 2), "extra_peak_mb": round(extra)}))
"""


def large_picture_cost() -> dict:
    """Seconds and extra peak memory (beyond the app's own, measured on a small picture first) of one full
    report on a 40 megapixel JPEG, in a fresh process so that the peak is this report's."""
    import subprocess
    import sys

    from core.settings import PROJECT_ROOT

    output = subprocess.run([sys.executable, "-c", LARGE_PICTURE_SCRIPT], cwd=PROJECT_ROOT, check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def detector_speed(repeats: int) -> dict | None:
    """Pictures per second through the embedded detector: PyTorch against ONNX Runtime, same crops."""
    from core.settings import PROJECT_ROOT

    folder = PROJECT_ROOT / "assets/models/ai-image-detector"
    if not (folder / "detector.onnx").exists():
        return None
    import torch
    from PIL import Image
    from safetensors.torch import load_file
    from skimage import data

    from core.forensics.detector import OnnxDetector, analysis_crops
    from core.forensics.detector_network import DetectorNetwork

    crops = analysis_crops(Image.fromarray(data.astronaut()).resize((1024, 1024)))
    network = DetectorNetwork()
    network.load_state_dict(load_file(str(folder / "detector.safetensors")))
    network.eval()
    runners = {"ONNX Runtime, CPU": OnnxDetector(folder).logits}

    def pytorch_on(device):
        model = network.to(device)

        def run(batch):
            with torch.inference_mode():
                return model(torch.from_numpy(batch).to(device)).cpu().numpy()
        return run

    runners["PyTorch, CPU"] = pytorch_on("cpu")
    if torch.cuda.is_available():
        runners["PyTorch, CUDA"] = pytorch_on("cuda")
    rates = {}
    for name, run in runners.items():
        for _ in range(3):
            run(crops)
        started = time.perf_counter()
        for _ in range(repeats):
            run(crops)
        rates[name] = repeats / (time.perf_counter() - started)
    evaluation = json.loads((folder / "evaluation.json").read_text())
    evaluation["versions_each"] = json.loads((folder / "training.json").read_text())["held_out_versions"]
    return {"pictures_per_second": {k: round(v, 1) for k, v in rates.items()}, "held_out": evaluation}


def detector_false_positives() -> dict | None:
    """The held-out real photographs, augmented as core.forensics.detector_train.evaluate does, scored again."""
    from core.settings import PROJECT_ROOT

    folder = PROJECT_ROOT / "assets/models/ai-image-detector"
    if not (folder / "detector.onnx").exists():
        return None
    from core.forensics.detector import SAYS_AI, OnnxDetector, analysis_crops, probability_from_logits
    from core.forensics.detector_data import augment, real_photographs, split_photographs

    training = json.loads((folder / "training.json").read_text())
    detector, versions = OnnxDetector(folder), training["held_out_versions"]
    rng = random.Random(training["seed"] + 2)  # the generator evaluate() scores the real photographs with first
    _, held_out = split_photographs(real_photographs())
    scores = {}
    for name, photo in held_out.items():
        pictures = [augment(photo, rng) for _ in range(versions)]
        scores[name] = [probability_from_logits(detector.logits(analysis_crops(p))) for p in pictures]
    every = [score for photo in scores.values() for score in photo]
    return {"photographs": len(scores), "versions_each": versions, "pictures": len(every),
            "flagged_at_0.5": sum(score >= 0.5 for score in every),
            f"flagged_at_{SAYS_AI}": sum(score >= SAYS_AI for score in every), "says_ai": SAYS_AI,
            "per_photograph": {name: {"min": round(min(v), 3), "max": round(max(v), 3),
                                      "flagged_at_0.5": sum(x >= 0.5 for x in v),
                                      f"flagged_at_{SAYS_AI}": sum(x >= SAYS_AI for x in v)}
                               for name, v in scores.items()}}


def print_detector_evaluation(held_out: dict, real: dict | None) -> None:
    """held_out is evaluation.json with versions_each (training.json's held_out_versions) added."""
    real_count = held_out["real_pictures"]
    kinds = {k: v for k, v in held_out.items() if isinstance(v, dict)}
    print(f"\nHeld-out evaluation recorded by `python -m core.forensics.detector_train` (evaluation.json): "
          f"{real_count} real pictures against {sum(v['pictures'] for v in kinds.values())} machine-made ones, "
          f"all augmented versions of fewer distinct pictures (see below for the real ones)\n")
    versions = held_out.get("versions_each", 1)
    print("| machine-made kind | distinct pictures | versions scored | AUC against the real pictures | caught at 0.5 |")
    print("|---|---|---|---|---|")
    for name, row in kinds.items():
        print(f"| {name} | {row['pictures'] // versions} | {row['pictures']} | {row['auc']:.3f} | "
              f"{row['caught_at_0.5']:.0%} |")
    total = sum(v["pictures"] for v in kinds.values())
    print(f"| all | {total // versions} | {total} | {held_out['auc_all']:.3f} | |")
    print(f"\nReal pictures flagged (evaluation.json): {held_out['real_flagged_at_0.5']:.0%} at 0.5, "
          f"{held_out['real_flagged_at_0.8']:.0%} at 0.8")
    if real:
        flagged_says = real[f"flagged_at_{real['says_ai']}"]
        print(f"\nThe {real['photographs']} held-out real photographs, {real['versions_each']} augmented versions each "
              f"({real['pictures']} pictures), scored again in this run: {real['flagged_at_0.5']} of {real['pictures']} "
              f"score 0.5 or more ({real['flagged_at_0.5'] / real['pictures']:.0%}), {flagged_says} score "
              f"{real['says_ai']} or more ({flagged_says / real['pictures']:.0%})\n")
        print(f"| photograph | lowest score | highest score | versions at 0.5 or more | at {real['says_ai']} or more |")
        print("|---|---|---|---|---|")
        says_ai_key = f"flagged_at_{real['says_ai']}"
        for name, row in real["per_photograph"].items():
            print(f"| {name} | {row['min']:.2f} | {row['max']:.2f} | {row['flagged_at_0.5']} of {real['versions_each']} "
                  f"| {row[says_ai_key]} of {real['versions_each']} |")


def detectors_side_by_side(folders: list[str]) -> dict:
    """Each detector scores the same held-out pictures (real photographs, renders, our art model's pictures), as
    core.forensics.detector_train.evaluate scores them."""
    from core.forensics.detector import OnnxDetector
    from core.forensics.detector_train import TrainingConfig, evaluate, pictures_of_kinds_a_detector_may_not_have_seen

    config = TrainingConfig()
    held_out = pictures_of_kinds_a_detector_may_not_have_seen(config)
    return {folder: evaluate(OnnxDetector(Path(folder)), held_out, config) for folder in folders}


def print_detectors_side_by_side(results: dict) -> None:
    from core.forensics.detector_train import TrainingConfig

    print(f"\nDetectors on the same held-out pictures ({TrainingConfig().held_out_versions} augmented versions of "
          "each)\n")
    kinds = [kind for kind, row in next(iter(results.values())).items() if isinstance(row, dict)]
    print("| detector | " + " | ".join(f"AUC, {kind}" for kind in kinds) + " | real flagged at 0.5 | at 0.8 |")
    print("|---|" + "---|" * (len(kinds) + 2))
    for folder, row in results.items():
        print(f"| {folder} | " + " | ".join(f"{row[kind]['auc']:.3f}" for kind in kinds) +
              f" | {row['real_flagged_at_0.5']:.0%} | {row['real_flagged_at_0.8']:.0%} |")


def text_detection(poems: int) -> dict | None:
    from core.settings import PROJECT_ROOT, TabModel

    model = PROJECT_ROOT / "assets/models/poet-gpt"
    if not (model / "config.json").exists():
        return None
    from core.forensics.text_report import check_text
    from core.text.modes import WritingRequest
    from core.text.sampling import SamplingSettings
    from core.text.writer import backend_for, write

    backend = backend_for(TabModel("embedded", str(model)))
    themes = ["the sea", "autumn", "a lost love", "the city at night", "war", "the moon", "a garden", "winter"]
    found = {True: 0, False: 0}
    for index in range(poems):
        for watermark in (True, False):
            request = WritingRequest(mode="Poem", theme=themes[index % len(themes)], form="Sonnet")
            text = list(write(request, SamplingSettings(seed=index, max_new_tokens=300, watermark=watermark),
                              backend=backend))[-1].written
            found[watermark] += check_text(text, writer=backend.writer).watermark.detected
    return {"watermarked_detected": found[True] / poems, "unmarked_flagged": found[False] / poems, "poems": poems}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pictures", type=int, default=20)
    parser.add_argument("--poems", type=int, default=20)
    parser.add_argument("--unmarked", type=int, default=114, help="unmarked pictures for false positives")
    parser.add_argument("--rivagan-pictures", type=int, default=5,
                        help="pictures for invisible-watermark's rivaGan (about 1.3 s per read on 2 cores)")
    parser.add_argument("--watermark-only", action="store_true",
                        help="only the watermarks: survival, PSNR, seconds, false positives, fingerprint distances")
    parser.add_argument("--large-picture-only", action="store_true",
                        help="only the seconds and extra peak memory of one report on a 40 megapixel picture")
    parser.add_argument("--detector-evaluation-only", action="store_true",
                        help="only the detector's held-out figures and the real photographs scored again (seconds)")
    parser.add_argument("--detectors", nargs="+", metavar="FOLDER",
                        help="only these detectors side by side on the same held-out pictures (minutes)")
    args = parser.parse_args()
    if args.detectors:
        results = detectors_side_by_side(args.detectors)
        print_detectors_side_by_side(results)
        print(json.dumps({"detectors": results}))
        return
    if args.large_picture_only:
        large = large_picture_cost()
        print(f"\nFull picture report, {large['megapixels']:.0f} megapixels: {large['seconds']:.1f} s, "
              f"{large['extra_peak_mb']} MB of extra peak memory\n")
        print(json.dumps({"large_picture": large}))
        return
    if args.detector_evaluation_only:
        from core.settings import PROJECT_ROOT

        folder = PROJECT_ROOT / "assets/models/ai-image-detector"
        held_out = json.loads((folder / "evaluation.json").read_text())
        held_out["versions_each"] = json.loads((folder / "training.json").read_text())["held_out_versions"]
        results = {"detector": {"held_out": held_out, "real_rescored": detector_false_positives()}}
        print_detector_evaluation(held_out, results["detector"]["real_rescored"])
        print(json.dumps(results))
        return
    if args.watermark_only:
        results = {}
    else:
        results = {"report_seconds_1024": round(report_seconds(args.repeats), 3), "large_picture": large_picture_cost()}
        print(f"\nFull picture report, 1024x1024: {results['report_seconds_1024']:.2f} s (median of {args.repeats})")
        large = results["large_picture"]
        print(f"Full picture report, {large['megapixels']:.0f} megapixels: {large['seconds']:.1f} s, "
              f"{large['extra_peak_mb']} MB of extra peak memory\n")
    results["watermark"] = survival(args.pictures, args.unmarked, args.rivagan_pictures)
    print_survival(results["watermark"])
    if args.watermark_only:
        print(json.dumps(results))
        return
    results["detector"] = detector_speed(args.repeats * 20)
    if results["detector"]:
        print("\nEmbedded detector, pictures per second (16 crops of 64x64 each)\n")
        print("| runtime | pictures/s |")
        print("|---|---|")
        for name, rate in results["detector"]["pictures_per_second"].items():
            print(f"| {name} | {rate:.0f} |")
        results["detector"]["real_rescored"] = detector_false_positives()
        print_detector_evaluation(results["detector"]["held_out"], results["detector"]["real_rescored"])
    results["text"] = text_detection(args.poems)
    if results["text"]:
        text = results["text"]
        print(f"\nText watermark on {text['poems']} sonnets by the poet: detected in {text['watermarked_detected']:.0%} "
              f"of watermarked ones, wrongly found in {text['unmarked_flagged']:.0%} of unmarked ones.")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
