"""Provenance for everything the suite makes: audit store, energy meter, watermark, metadata, C2PA."""

from core.provenance.content_credentials import CredentialsReport, read_credentials
from core.provenance.energy import EnergyMeasurement, EnergyMeter
from core.provenance.metadata import read_png_metadata
from core.provenance.recorder import ProvenanceRecorder, SealedImage, get_recorder
from core.provenance.store import AuditRecord, AuditStore, SQLiteAuditStore, open_audit_store
from core.provenance.watermark import WatermarkReading, read_watermark

__all__ = [
    "AuditRecord", "AuditStore", "SQLiteAuditStore", "open_audit_store", "CredentialsReport", "EnergyMeasurement", "EnergyMeter", "ProvenanceRecorder",
    "SealedImage", "WatermarkReading", "get_recorder", "read_credentials", "read_png_metadata", "read_watermark",
]
