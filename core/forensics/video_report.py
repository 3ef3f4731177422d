"""Is this video machine-made? The picture signals that survive video coding, frame by frame.

    report = check_video(file_bytes, frames=16)
    report.verdict, report.frames (per-frame findings), report.suspicious (the frames to look at)

Frames are sampled evenly through the video. On each: our watermark and Stable Diffusion's (strong
when found, though video coding usually erases them), and the frequency spectrum's periodic peaks
(weak: upsampling leaves them, and so do some cameras' scalers). Faces, when OpenCV's face cascade
is available, are cut out and checked separately, since face swaps touch only the face. Error level
analysis is left out: every video frame is re-compressed, so it says nothing there.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from core.inputs.video import DEFAULT_LIMITS, check_frame_size, check_video_bytes

MAX_BYTES = DEFAULT_LIMITS.max_bytes
MAX_FRAMES = DEFAULT_LIMITS.max_frames
MIN_FACE_PIXELS = 48


@dataclass
class FrameFinding:
    index: int
    seconds: float
    peak_score: float
    genlab_watermark: str | None  # what our mark says, when mark, record and fingerprint all match
    stable_diffusion_watermark: bool
    faces: int = 0
    face_peak_score: float | None = None
    learned_probability_ai: float | None = None  # the learned detector's score, when one is installed


@dataclass
class VideoReport:
    frames: list[FrameFinding]
    frame_count: int
    fps: float
    width: int
    height: int
    faces_checked: bool
    verdict: str = ""
    summary_lines: list[str] = field(default_factory=list)
    seconds: float = 0.0
    thumbnails: dict[int, Image.Image] = field(default_factory=dict)

    @property
    def suspicious(self) -> list[FrameFinding]:
        """The frames with the strongest upsampling traces, most suspicious first."""
        return sorted(self.frames, key=lambda f: max(f.peak_score, f.face_peak_score or 0), reverse=True)[:4]

    def to_dict(self) -> dict:
        return {"verdict": self.verdict, "summary": self.summary_lines, "frame_count": self.frame_count,
                "fps": round(self.fps, 2), "size": [self.width, self.height], "faces_checked": self.faces_checked,
                "frames": [vars(f) for f in self.frames], "seconds": round(self.seconds, 3)}


def face_detector():
    """OpenCV's frontal-face Haar cascade, or None where this OpenCV build does not ship it."""
    import cv2

    folder = Path(getattr(getattr(cv2, "data", None), "haarcascades", "") or "")
    path = folder / "haarcascade_frontalface_default.xml"
    if not hasattr(cv2, "CascadeClassifier") or not path.exists():
        return None
    detector = cv2.CascadeClassifier(str(path))
    return None if detector.empty() else detector


def read_frames(data: bytes, count: int):
    """Evenly spaced RGB frames, with the video's frame count, fps and size."""
    import cv2

    check_video_bytes(len(data))
    with tempfile.NamedTemporaryFile(suffix=".video") as handle:
        handle.write(data)
        handle.flush()
        capture = cv2.VideoCapture(handle.name)
        try:
            if not capture.isOpened():
                raise ValueError("This file is not a video that can be read (try MP4 with H.264, or WebM).")
            check_frame_size(int(capture.get(cv2.CAP_PROP_FRAME_WIDTH) or 0),
                             int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT) or 0))  # before a frame is decoded
            total = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
            fps = float(capture.get(cv2.CAP_PROP_FPS) or 0.0) or 25.0
            frames = []
            if total > 0:
                for index in np.unique(np.linspace(0, total - 1, min(count, total)).astype(int)):
                    capture.set(cv2.CAP_PROP_POS_FRAMES, int(index))
                    ok, frame = capture.read()
                    if ok:
                        frames.append((int(index), cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)))
            if not frames:  # streams that do not report a length: read through, keep every frame up to the cap
                capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
                index = 0
                while len(frames) < count:
                    ok, frame = capture.read()
                    if not ok:
                        break
                    frames.append((index, cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)))
                    index += 1
        finally:
            capture.release()
    if not frames:
        raise ValueError("This video has no frames that can be read.")
    height, width = frames[0][1].shape[:2]
    check_frame_size(width, height)  # a container that declared no size
    return frames, max(total, len(frames)), fps, width, height


def _check_frame(index: int, rgb: np.ndarray, fps: float, detector, store, learned=None) -> FrameFinding:
    import cv2

    from core.forensics.spectrum import spectrum
    from core.forensics.watermarks import genlab_mark, stable_diffusion_marks

    image = Image.fromarray(rgb)
    ours = genlab_mark(image, store) if image.width * image.height >= 256 * 256 else None
    theirs = stable_diffusion_marks(image) if image.width * image.height >= 256 * 256 else []
    finding = FrameFinding(index=index, seconds=index / fps, peak_score=spectrum(image).peak_score,
                           genlab_watermark=ours.detail if ours and ours.made_here else None,
                           stable_diffusion_watermark=any(mark.found for mark in theirs))
    if learned is not None:
        finding.learned_probability_ai = round(learned(image)[0], 4)
    if detector is not None:
        grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        faces = detector.detectMultiScale(grey, scaleFactor=1.1, minNeighbors=5,
                                          minSize=(MIN_FACE_PIXELS, MIN_FACE_PIXELS))
        finding.faces = len(faces)
        if len(faces):
            x, y, w, h = max(faces, key=lambda box: box[2] * box[3])
            finding.face_peak_score = spectrum(image.crop((x, y, x + w, y + h))).peak_score
    return finding


def check_video(data: bytes, frames: int = 16, store=None, progress=None) -> VideoReport:
    started = time.perf_counter()
    frames = max(1, min(int(frames), MAX_FRAMES))
    sampled, total, fps, width, height = read_frames(data, frames)
    detector = face_detector()
    from core.forensics.detector import configured_detector

    learned = configured_detector()
    findings = []
    for position, (index, rgb) in enumerate(sampled):
        findings.append(_check_frame(index, rgb, fps, detector, store, learned))
        if progress:
            progress((position + 1) / len(sampled), f"frame {position + 1} of {len(sampled)}")
    report = VideoReport(findings, total, fps, width, height, detector is not None)
    chosen = {f.index for f in report.suspicious}
    report.thumbnails = {index: Image.fromarray(rgb) for index, rgb in sampled if index in chosen}
    report.verdict, report.summary_lines = _verdict(report)
    report.seconds = time.perf_counter() - started
    return report


def _verdict(report: VideoReport) -> tuple[str, list[str]]:
    from core.forensics.detector import SAYS_AI
    from core.forensics.spectrum import PEAK_THRESHOLD

    marked = [f for f in report.frames if f.genlab_watermark or f.stable_diffusion_watermark]
    peaked = [f for f in report.frames if f.peak_score >= PEAK_THRESHOLD
              or (f.face_peak_score or 0) >= PEAK_THRESHOLD]
    lines = [f"{len(report.frames)} frames checked of {report.frame_count:,} ({report.width}x{report.height}, "
             f"{report.fps:.0f} frames per second)."]
    if not report.faces_checked:
        lines.append("Faces were not checked separately: this OpenCV build ships no face cascade.")
    if marked:
        lines.append(f"A generator's watermark is in {len(marked)} frames: strong evidence that those frames were "
                     "made by an image generator.")
        return "Machine-made frames: strong evidence", lines
    flagged = [f for f in report.frames if (f.learned_probability_ai or 0) >= SAYS_AI]
    if peaked:
        lines.append(f"{len(peaked)} of {len(report.frames)} frames show periodic peaks in their spectrum, a trace "
                     "enlarging a picture (upsampling) leaves. It is a weak hint: resized and re-encoded real videos "
                     "show it too.")
    if flagged:
        lines.append(f"The learned detector thinks {len(flagged)} of {len(report.frames)} frames are machine-made. "
                     "It knows only the pictures it was trained on, so this is a weak hint too.")
    if peaked or flagged:
        return "Inconclusive: weak hints only", lines
    lines.append("No watermark and no traces of enlarging (upsampling) were found. Video coding erases most marks, "
                 "and many generators add none, so this does not prove the video is real.")
    return "No AI marks found: inconclusive", lines
