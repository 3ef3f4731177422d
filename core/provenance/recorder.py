"""The one door every generated output passes through: watermark, metadata, C2PA, energy, audit row.

    recorder = get_recorder()
    with recorder.meter() as meter:
        image = pipeline(prompt)
    sealed = recorder.seal_image(image, tab="art", backend="embedded", model_id="...",
                                 parameters={"prompt": prompt}, energy=meter.result)
    sealed.png  # the signed PNG bytes to hand to the user, byte for byte

Outputs that are not images (text, tables, molecules) use `record_output`, which writes
the audit row for the output's bytes; their watermarks are the domain's own business.
Each row names the browser session it was made for as an opaque id (core.provenance.visitors).
"""

from __future__ import annotations

import hashlib
import platform
import threading
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from core.provenance.content_credentials import configured_credentials, sign_png
from core.provenance.energy import EnergyMeasurement, EnergyMeter
from core.provenance.fingerprint import fingerprints
from core.provenance.metadata import png_with_metadata
from core.provenance.store import AuditRecord, RecordTaken, new_record_id, open_audit_store
from core.provenance.visitors import current_visitor
from core.provenance.watermark import SCHEME, embed_watermark, new_locator

_ID_ATTEMPTS = 5


@dataclass(frozen=True)
class SealedImage:
    png: bytes
    record: AuditRecord

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_bytes(self.png)
        return path


def hardware_label() -> str:
    return f"{platform.machine()} {platform.system()}".strip()


class ProvenanceRecorder:
    def __init__(self, data_dir: str | Path):
        self.data_dir = Path(data_dir)
        self.store = open_audit_store(self.data_dir)

    def meter(self) -> EnergyMeter:
        return EnergyMeter()

    def seal_image(
        self,
        image: Image.Image,
        *,
        tab: str,
        backend: str,
        model_id: str,
        parameters: dict,
        energy: EnergyMeasurement | None = None,
        title: str | None = None,
    ) -> SealedImage:
        """Watermark, write metadata, sign, and record `image`; return the final PNG bytes and its record."""
        from core.secrets import secret

        credentials = configured_credentials(self.data_dir)
        key = secret("image-watermark", self.data_dir)
        for _ in range(_ID_ATTEMPTS):
            record_id, locator = new_record_id(), new_locator()
            if not self.store.id_is_free(record_id) or not self.store.locator_is_free(locator):
                continue
            marked = embed_watermark(image, locator, key)
            png = png_with_metadata(marked, parameters, tab=tab, model_id=model_id, record_id=record_id)
            png = sign_png(png, credentials, title=title or f"genlab-{tab}-{record_id}.png",
                           tool=f"Genlab {tab} ({model_id})", parameters=parameters)
            signer = "signed (local development certificate)" if credentials.is_development else "signed"
            record = self._record(record_id, png, tab, backend, model_id, parameters, energy,
                                  watermark=f"{SCHEME}:{record_id}", content_credentials=signer,
                                  mark_locator=locator, fingerprint=fingerprints(marked))
            if record is not None:
                return SealedImage(png=png, record=record)
        raise RuntimeError("Could not find a free audit record id; the audit store may be damaged.")

    def record_output(
        self,
        output: bytes | str,
        *,
        tab: str,
        backend: str,
        model_id: str,
        parameters: dict,
        energy: EnergyMeasurement | None = None,
        watermark: str | None = None,
    ) -> AuditRecord:
        """Write the audit row for a non-image output (its bytes, or text as UTF-8).

        `watermark` names the scheme the output carries (e.g. "green-list"); the row stores it as
        "<scheme>:<record id>", since a watermark column value belongs to one row only.
        """
        data = output.encode("utf-8") if isinstance(output, str) else output
        for _ in range(_ID_ATTEMPTS):
            record_id = new_record_id()
            record = self._record(record_id, data, tab, backend, model_id, parameters, energy,
                                  f"{watermark}:{record_id}" if watermark else None)
            if record is not None:
                return record
        raise RuntimeError("Could not find a free audit record id; the audit store may be damaged.")

    def _record(self, record_id, data, tab, backend, model_id, parameters, energy, watermark,
                content_credentials: str | None = None, mark_locator: str | None = None,
                fingerprint: str | None = None) -> AuditRecord | None:
        record = AuditRecord(
            id=record_id,
            tab=tab,
            backend=backend,
            model_id=model_id,
            parameters=parameters,
            output_sha256=hashlib.sha256(data).hexdigest(),
            watermark=watermark,
            energy_joules=energy.joules if energy else None,
            duration_s=energy.wall_s if energy else None,
            energy_method=energy.method if energy else None,
            hardware=hardware_label(),
            content_credentials=content_credentials,
            visitor=current_visitor(self.data_dir),
            mark_locator=mark_locator,
            fingerprint=fingerprint,
        )
        try:
            return self.store.add(record)
        except RecordTaken:
            return None


_recorder: ProvenanceRecorder | None = None
_recorder_lock = threading.Lock()


def get_recorder() -> ProvenanceRecorder:
    """The process-wide recorder, writing under GENLAB_DATA_DIR."""
    global _recorder
    from core.settings import get_settings

    with _recorder_lock:
        data_dir = get_settings().data_dir
        if _recorder is None or _recorder.data_dir != data_dir:
            _recorder = ProvenanceRecorder(data_dir)
        return _recorder
