"""Invisible watermarks: ours (linked to its audit record), Stable Diffusion's and SDXL's.

Stable Diffusion's reference scripts embed the bytes "StableDiffusionV1" with invisible-watermark's
dwtDct; diffusers' SDXL pipelines embed a fixed 48-bit message the same way (from RGB arrays,
where the library expects BGR, so both channel orders are tried). The library's own decoder gets
some bits wrong even on untouched pictures, so a mark counts as found when far more bits agree
than chance allows (binomial tail, figures below), not only when all do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from core.forensics.regions import top_rows

SD_V1_MESSAGE = b"StableDiffusionV1"
SDXL_MESSAGE = 0b101100111110110010010000011110111011000110011110
SDXL_BITS = [int(bit) for bit in bin(SDXL_MESSAGE)[2:]]
SD_V1_MIN_AGREEMENT = 100  # of 136 bits: chance on an unmarked picture about 2e-8
SDXL_MIN_AGREEMENT = 40  # of 48 bits: chance about 2e-6 per channel order


@dataclass
class WatermarkFinding:
    name: str
    found: bool
    agreement: float  # share of bits that match the expected message
    detail: str = ""


def _bits_of(message: bytes) -> list[int]:
    return [(byte >> (7 - i)) & 1 for byte in message for i in range(8)]


def _decoded_bits(array: np.ndarray, length: int) -> np.ndarray:
    from imwatermark import WatermarkDecoder

    return np.array(WatermarkDecoder("bits", length).decode(array, "dwtDct"), dtype=int)


def stable_diffusion_marks(image: Image.Image) -> list[WatermarkFinding]:
    """Stable Diffusion v1 and SDXL marks (only pictures of at least 256x256 can carry them), read on the top rows
    of a large picture (see core.forensics.regions.top_rows)."""
    if image.width * image.height < 256 * 256:
        return [WatermarkFinding("Stable Diffusion", False, 0.0, "too small to carry this watermark"),
                WatermarkFinding("Stable Diffusion XL", False, 0.0, "too small to carry this watermark")]
    rgb = np.asarray(top_rows(image.convert("RGB")))
    orders = (np.ascontiguousarray(rgb[:, :, ::-1]), np.ascontiguousarray(rgb))
    findings = []
    for name, expected, minimum in (("Stable Diffusion", _bits_of(SD_V1_MESSAGE), SD_V1_MIN_AGREEMENT),
                                    ("Stable Diffusion XL", SDXL_BITS, SDXL_MIN_AGREEMENT)):
        best = max(int((_decoded_bits(array, len(expected)) == np.array(expected)).sum()) for array in orders)
        findings.append(WatermarkFinding(name, best >= minimum, best / len(expected),
                                         agreement_words(best, len(expected), minimum)))
    return findings


def agreement_words(matching: int, length: int, minimum: int) -> str:
    """How closely a picture matches a mark's hidden pattern, in percentages ("52%, about what any picture
    matches by chance; a marked picture matches 74% or more"); the share is the finding's `agreement`."""
    share, needed = matching / length, minimum / length
    said = f"the picture matches its hidden pattern {share:.0%}"
    if matching < minimum:
        said += (", about what any picture matches by chance" if chance_of_matching(matching, length) > CHANCE_LEVEL
                 else ", more than chance alone would give, less than a mark")
    return f"{said}; a marked picture matches {needed:.0%} or more"


CHANCE_LEVEL = 0.001  # an unmarked picture matches this closely more often than this: "chance"


def chance_of_matching(matching: int, length: int) -> float:
    """The chance that an unmarked picture, each hidden bit a coin toss, matches at least `matching` of `length`."""
    from math import comb

    return sum(comb(length, k) for k in range(matching, length + 1)) / 2 ** length


@dataclass
class GenlabMark(WatermarkFinding):
    """Our watermark, checked three ways: (a) `found`: the mark decodes and its tag authenticates with this
    deployment's key; (b) `record_found`: its locator names a record in our audit store; (c) `fingerprint_matches`:
    the record's perceptual hashes, kept at signing, match this picture. Only all three together say that this
    deployment made this picture; a mark without its record, or on a picture its record was not made for (a mark
    copied onto another picture), is reported as what it is."""

    locator: str | None = None
    record_id: str | None = None
    record_found: bool = False
    fingerprint_distance: int | None = None  # bits (of 256) by which the picture differs from the nearest kept hash
    fingerprint_matches: bool = False
    crop: tuple[float, float] | None = None  # the share of the original's width and height the mark says it shows
    unkeyed_record_id: str | None = None  # an older Genlab's unkeyed mark, which anyone can make
    recovered_credentials: dict | None = None  # what the record says, when all three layers match

    @property
    def made_here(self) -> bool:
        return self.found and self.record_found and self.fingerprint_matches


def recovered_credentials(record) -> dict:
    """The credentials an audit record keeps about a picture, to show when the file's own were stripped."""
    return {"record_id": record.id, "tab": record.tab, "model": record.model_id, "backend": record.backend,
            "created_at": record.created_at, "content_credentials": record.content_credentials}


def genlab_mark(image: Image.Image, store=None, key: bytes | None = None) -> GenlabMark:
    """Our watermark, read with this deployment's key (`key`, else the secret in `store`'s data folder), and
    checked against the audit store's record and the fingerprint it keeps (see GenlabMark)."""
    from core.provenance.fingerprint import BITS, MATCH_DISTANCE, distance, fingerprint
    from core.provenance.unkeyed_watermark import read_watermark as read_unkeyed
    from core.provenance.watermark import read_watermark
    from core.secrets import secret

    if key is None:
        key = secret("image-watermark", store.data_dir if store is not None else None)
    reading = read_watermark(image, key)
    if not reading.found:
        unkeyed = read_unkeyed(image) if image.width * image.height >= 256 * 256 else None
        if unkeyed is not None and unkeyed.found:
            return GenlabMark("Genlab", False, reading.confidence,
                              f"no keyed Genlab watermark; an unkeyed mark of an older Genlab naming record "
                              f"{unkeyed.record_id} is there, which anyone can make, so it proves nothing",
                              unkeyed_record_id=unkeyed.record_id)
        return GenlabMark("Genlab", False, reading.confidence, "")  # "Not found.", nothing to add
    mark = GenlabMark("Genlab", True, reading.confidence, "", locator=reading.locator, crop=reading.crop)
    keyed = f"a mark made with this deployment's key (locator {reading.locator})"
    if store is None:
        mark.detail = keyed + "; no audit store was given to check its record, so it proves nothing about this picture"
        return mark
    record = store.find_by_locator(reading.locator)
    if record is None:
        mark.detail = (keyed + ", but no record in this audit log carries it, so it proves nothing about this "
                       "picture (a record deleted, or a mark from another deployment that shares the key?)")
        return mark
    mark.record_found, mark.record_id = True, record.id
    mark.fingerprint_distance = distance(fingerprint(image), record.fingerprint)
    mark.fingerprint_matches = mark.fingerprint_distance <= MATCH_DISTANCE
    if not mark.fingerprint_matches:
        mark.detail = (f"{keyed}, pointing at audit record {record.id} ({record.tab} tab), but this is not the "
                       f"picture that record was made for (its fingerprint differs in {mark.fingerprint_distance} "
                       f"of {BITS} bits; the same picture differs in at most {MATCH_DISTANCE}): the mark was copied "
                       "onto another picture, or the picture was changed beyond recognition")
        return mark
    mark.recovered_credentials = recovered_credentials(record)
    mark.detail = (f"made by this deployment on {record.created_at[:10]} with {record.model_id} ({record.tab} tab), "
                   f"audit record {record.id}; the mark authenticates with our key and the picture matches the "
                   f"record's fingerprint ({mark.fingerprint_distance} of {BITS} bits differ)")
    return mark
