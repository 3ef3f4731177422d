"""Every signal about one picture, side by side, and a summary that claims no more than they support.

    report = check_image(file_bytes)
    report.verdict, report.summary_lines, report.signals

Strong signals (a signature by a trusted signer, a watermark that matches bit for bit) can establish that a
picture was machine-made. Nothing here can establish that a picture is real: the absence of
marks is reported as "no marks found", and weak signals alone as "inconclusive".
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from core.forensics.detector import DetectorFinding, detect
from core.forensics.ela import ErrorLevels, error_levels
from core.forensics.loading import LoadedImage, load_image
from core.forensics.metadata import MetadataReport, read_metadata
from core.forensics.spectrum import Spectrum, spectrum
from core.forensics.watermarks import GenlabMark, WatermarkFinding, genlab_mark, stable_diffusion_marks
from core.provenance.content_credentials import CredentialsReport, read_credentials

LARGE_PICTURE_PIXELS = 4_000_000  # checked as a job (core.jobs), away from the app's requests
STRONG, MODERATE, WEAK = "strong", "moderate", "weak"
CONTENT_CREDENTIALS = "Content Credentials (C2PA)"


@dataclass
class Signal:
    name: str
    strength: str  # how much this kind of signal can be trusted
    points_to_ai: bool | None  # True: says machine-made; False: says camera; None: says nothing
    finding: str


@dataclass
class ImageReport:
    loaded: LoadedImage
    credentials: CredentialsReport
    metadata: MetadataReport
    watermarks: list[WatermarkFinding]
    errors: ErrorLevels
    frequencies: Spectrum
    learned: DetectorFinding | None = None
    signals: list[Signal] = field(default_factory=list)
    verdict: str = ""
    summary_lines: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def genlab(self) -> GenlabMark | None:
        return next((w for w in self.watermarks if isinstance(w, GenlabMark)), None)

    def provenance_layers(self) -> dict:
        """Which layers of our provenance matched: the signed manifest; our keyed mark; its audit record; the
        record's fingerprint of the picture. Only mark, record and fingerprint together say this deployment made
        it; `recovered_credentials` are the record's, shown when the manifest is gone."""
        mark = self.genlab
        return {
            "manifest": self.credentials.found and self.credentials.intact,
            "manifest_trusted": self.credentials.found and self.credentials.trusted,
            "mark": bool(mark and mark.found),
            "record": bool(mark and mark.record_found),
            "fingerprint": bool(mark and mark.fingerprint_matches),
            "fingerprint_distance": mark.fingerprint_distance if mark else None,
            "record_id": mark.record_id if mark else None,
            "made_by_this_deployment": bool(mark and mark.made_here),
            "recovered_credentials": mark.recovered_credentials if mark and not self.credentials.found else None,
        }

    def to_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "summary": self.summary_lines,
            "signals": [vars(s) for s in self.signals],
            "content_credentials": {k: v for k, v in vars(self.credentials).items() if k != "manifest"},
            "metadata": {"camera": self.metadata.camera, "software": self.metadata.software,
                         "generator": self.metadata.generator},
            "watermarks": [vars(w) for w in self.watermarks],
            "provenance_layers": self.provenance_layers(),
            "error_level_unevenness": round(self.errors.ela_unevenness, 2),
            "spectrum_peak_score": round(self.frequencies.peak_score, 2),
            "enlarged_by_whole_pixels": self.frequencies.block_size,  # k: made of k x k blocks of one colour
            "learned_detector": None if self.learned is None else {
                "model": self.learned.model, "backend": self.learned.backend,
                "probability_ai": round(self.learned.probability_ai, 4), "crops": self.learned.crops},
            "notes": self.loaded.notes,
            "seconds": round(self.seconds, 3),
        }


def _signals(credentials, metadata, watermarks, errors, frequencies, learned) -> list[Signal]:
    signals = []
    if credentials.found and credentials.trusted:
        signals.append(Signal(CONTENT_CREDENTIALS, STRONG, credentials.ai_generated, credentials.summary))
    elif credentials.found and credentials.intact:  # anyone can sign with such a certificate: a claim, like metadata
        signals.append(Signal(CONTENT_CREDENTIALS, MODERATE, True if credentials.ai_generated else None,
                              credentials.summary))
    elif credentials.found:
        signals.append(Signal(CONTENT_CREDENTIALS, WEAK, None, credentials.summary))
    else:  # "Content Credentials (C2PA): none in this file", not the name twice
        signals.append(Signal(CONTENT_CREDENTIALS, STRONG, None, credentials.summary
                              if credentials.remote or credentials.problems else "None in this file."))
    for mark in watermarks:
        if isinstance(mark, GenlabMark) and mark.found and not mark.made_here:  # a mark without its record or picture
            signals.append(Signal(f"{mark.name} watermark", WEAK, None, f"Found: {mark.detail}."))
            continue
        detail = mark.detail
        if isinstance(mark, GenlabMark) and not mark.found and not detail and (metadata.generator or "").startswith(
                "Genlab"):  # the file names Genlab, the mark is missing: say why both can be true
            detail = ("this server's key finds no mark, though the file names Genlab: each Genlab server marks with "
                      "its own secret key, so it may come from another one, and anyone can write a file's metadata")
        signals.append(Signal(f"{mark.name} watermark", STRONG, True if mark.found else None,
                              f"Found: {detail}." if mark.found else
                              "Not found" + (f" ({detail})." if detail else ".")))
    signals.append(Signal("File metadata", MODERATE,
                          True if metadata.generator else (False if metadata.camera else None), metadata.summary))
    signals.append(Signal("Error level analysis", WEAK, None, errors.summary))
    signals.append(Signal("Frequency spectrum", WEAK, True if frequencies.periodic_peaks else None,
                          frequencies.summary))
    if learned is not None:
        signals.append(Signal("Learned detector", WEAK, learned.points_to_ai, learned.summary))
    return signals


def _verdict(signals: list[Signal]) -> tuple[str, list[str]]:
    strong_ai = [s for s in signals if s.strength == STRONG and s.points_to_ai]
    moderate_ai = [s for s in signals if s.strength == MODERATE and s.points_to_ai]
    camera = [s for s in signals if s.points_to_ai is False]
    weak_ai = [s for s in signals if s.strength == WEAK and s.points_to_ai]
    lines = []
    if strong_ai:
        verdict = "Machine-made: strong evidence"
        lines.append("A mark that only a generator puts there was found: " + "; ".join(s.name for s in strong_ai) + ".")
        if camera:
            lines.append("The file also carries camera details, which are easy to copy: the strong marks outweigh them.")
    elif moderate_ai:
        verdict = "Probably machine-made"
        claims = {"File metadata": "The file's own metadata names an image generator.",
                  CONTENT_CREDENTIALS: "The file's Content Credentials say it was made by AI."}
        lines.append(" ".join(claims[s.name] for s in moderate_ai if s.name in claims)
                     + " Anyone can write such claims into a file, so this is likely but not proven.")
    elif camera and not weak_ai:
        verdict = "No AI marks found: inconclusive"
        lines.append("The file carries camera details and no generator marks. Camera details can be copied, and "
                     "marks can be stripped, so this does not prove the picture is real.")
    elif weak_ai:
        verdict = "Inconclusive: weak hints only"
        lines.append("Only weak hints point to a generator (" + ", ".join(s.name for s in weak_ai) + "); they also "
                     "appear in resized or heavily processed photos.")
    else:
        verdict = "No AI marks found: inconclusive"
        lines.append("No trusted signature, watermark or generator metadata says it was machine-made. Many "
                     "generators add none, and marks can be removed, so this does not prove the picture is real.")
    return verdict, lines


def _recovered_lines(credentials: CredentialsReport, mark: GenlabMark) -> list[str]:
    """Durable credentials: the manifest is gone but our mark survives, with its record and picture."""
    if credentials.found or not mark.made_here:
        return []
    found = mark.recovered_credentials
    return [f"The file's Content Credentials are gone (stripped or re-saved), but its watermark survives and leads to "
            f"audit record {found['record_id']}: made on the {found['tab']} tab with {found['model']} at "
            f"{found['created_at'][:16].replace('T', ' ')} UTC; when made, it was "
            f"{found['content_credentials'] or 'not signed'}."]


def check_image(data: bytes, store=None, detector=None, progress=None) -> ImageReport:
    """The full image report; `store` (an AuditStore) lets our watermark be checked against its record.

    `detector` overrides the learned detector configured for the tab (see `core.forensics.detector`);
    `progress(fraction, message)` hears each step."""
    progress = progress or (lambda fraction, message: None)
    started = time.perf_counter()
    progress(0.0, "Reading the picture")
    loaded = load_image(data)
    progress(0.1, "Reading its Content Credentials and metadata")
    credentials = read_credentials(data, loaded.mime_type) if loaded.format in ("PNG", "JPEG", "WEBP", "TIFF") \
        else CredentialsReport(found=False)
    metadata = read_metadata(data)
    progress(0.2, "Looking for invisible watermarks")
    watermarks = [genlab_mark(loaded.image, store)] + stable_diffusion_marks(loaded.image)
    progress(0.45, "Measuring error levels and noise")
    errors = error_levels(loaded.image)
    progress(0.75, "Computing the frequency spectrum")
    frequencies = spectrum(loaded.image)
    progress(0.85, "Asking the learned detector")
    learned = detect(loaded.image, detector)
    signals = _signals(credentials, metadata, watermarks, errors, frequencies, learned)
    verdict, lines = _verdict(signals)
    lines += _recovered_lines(credentials, watermarks[0])
    return ImageReport(loaded, credentials, metadata, watermarks, errors, frequencies, learned, signals, verdict,
                       lines + loaded.notes, time.perf_counter() - started)


def is_large_picture(data: bytes) -> bool:
    """Whether the picture's header declares more than LARGE_PICTURE_PIXELS (nothing is decoded; False when
    the header cannot be read, so that the check itself answers what is wrong with the file)."""
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as probe:
            return probe.width * probe.height > LARGE_PICTURE_PIXELS
    except Exception:  # noqa: BLE001 - damaged or not a picture: the bounded reader says which
        return False


def image_check_job(data: bytes, *, report) -> ImageReport:
    """`check_image` as a core.jobs target, against the audit store of the deployment it runs in."""
    from core.provenance import get_recorder

    return check_image(data, store=get_recorder().store, progress=report)
