"""Who signed a picture's Content Credentials, and whether that signer is trusted.

Only a signature that chains to a configured trust anchor (GENLAB_C2PA_TRUST_ANCHORS) is strong
evidence; the development CA, which anyone can make, never is. The reader never uses the network."""

import http.server
import io
import struct
import threading
import zlib

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from core.forensics.image_report import STRONG, check_image
from core.provenance.content_credentials import (
    TRAINED_ALGORITHMIC_MEDIA,
    SigningCredentials,
    development_credentials,
    make_certificate_chain,
    read_credentials,
    reader_settings,
    sign_png,
    trust_anchors,
)
from tests.unit.provenance.photos import photo

ANCHORS = "GENLAB_C2PA_TRUST_ANCHORS"


def png_of(name: str = "coffee", size: int = 128) -> bytes:
    buffer = io.BytesIO()
    photo(name).resize((size, size)).save(buffer, "PNG")
    return buffer.getvalue()


def root_of(chain_pem: bytes) -> bytes:
    return x509.load_pem_x509_certificates(chain_pem)[-1].public_bytes(serialization.Encoding.PEM)


@pytest.fixture
def newsroom(tmp_path):
    """A signer whose root CA, made here, is written to a PEM bundle: (credentials, path of the bundle)."""
    chain, key = make_certificate_chain("Example Newsroom", ca_name="Example Newsroom Root CA",
                                        signer_name="Example Photo Desk")
    bundle = tmp_path / "anchors.pem"
    bundle.write_bytes(root_of(chain))
    return SigningCredentials(chain, key, "es256", False), bundle


def credentials_signal(report):
    return next(s for s in report.signals if s.name == "Content Credentials (C2PA)")


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    found, at = [], 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        found.append((kind, png[at + 8:at + 8 + length]))
        at += 12 + length
    return found


def with_pixels_of(signed: bytes, other: bytes) -> bytes:
    """`signed`, its manifest kept, with the pixels (IDAT chunks) of `other`: a valid PNG that was changed after signing."""
    new_pixels = [data for kind, data in chunks(other) if kind == b"IDAT"]
    out, replaced = [signed[:8]], False
    for kind, data in chunks(signed):
        if kind == b"IDAT":
            if replaced:
                continue
            replaced, pieces = True, new_pixels
        else:
            pieces = [data]
        for piece in pieces:
            out.append(struct.pack(">I4s", len(piece), kind) + piece + struct.pack(">I", zlib.crc32(kind + piece)))
    return b"".join(out)


def test_a_development_signature_is_untrusted_and_never_strong_evidence(tmp_path, monkeypatch):
    monkeypatch.delenv(ANCHORS, raising=False)
    development = development_credentials(tmp_path)
    signed = sign_png(png_of("coffee"), development, title="coffee.png", tool="anyone")
    report = check_image(signed)
    credentials = report.credentials
    assert credentials.found and credentials.intact and credentials.ai_generated
    assert credentials.development_certificate and not credentials.trusted
    assert credentials.summary.startswith("Content Credentials signed with a Genlab development certificate, which "
                                          "anyone can make: they say it was made by a trained algorithm (AI)")
    assert credentials.summary.count("anyone can make") == 1  # it said so twice in one sentence
    assert "a trusted signer" not in credentials.summary
    assert credentials_signal(report).strength != STRONG
    assert report.verdict != "Machine-made: strong evidence"
    assert report.to_dict()["content_credentials"]["trusted"] is False

    # Listing the development CA as a trust anchor does not make it trustworthy: anyone can make one like it.
    bundle = tmp_path / "anchors.pem"
    bundle.write_bytes(root_of(development.certificate_chain_pem))
    monkeypatch.setenv(ANCHORS, str(bundle))
    listed = check_image(signed)
    assert listed.credentials.validation_state == "Trusted" and not listed.credentials.trusted
    assert credentials_signal(listed).strength != STRONG and listed.verdict != "Machine-made: strong evidence"


def test_a_signature_that_chains_to_a_configured_anchor_is_trusted_strong_evidence(newsroom, monkeypatch):
    credentials, bundle = newsroom
    signed = sign_png(png_of("chelsea"), credentials, title="cat.png", tool="Newsroom generator")

    monkeypatch.delenv(ANCHORS, raising=False)
    unconfigured = check_image(signed)
    assert unconfigured.credentials.intact and not unconfigured.credentials.trusted
    assert not unconfigured.credentials.development_certificate
    assert "anyone can make" in unconfigured.credentials.summary
    assert credentials_signal(unconfigured).strength != STRONG

    monkeypatch.setenv(ANCHORS, str(bundle))
    report = check_image(signed)
    assert report.credentials.trusted and report.credentials.validation_state == "Trusted"
    assert report.credentials.summary.startswith(
        "Content Credentials signed by Example Photo Desk, Example Newsroom, a trusted signer")
    signal = credentials_signal(report)
    assert signal.strength == STRONG and signal.points_to_ai is True
    assert report.verdict == "Machine-made: strong evidence"


def test_a_picture_changed_after_signing_is_reported_as_not_valid(newsroom, monkeypatch):
    credentials, bundle = newsroom
    monkeypatch.setenv(ANCHORS, str(bundle))
    signed = sign_png(png_of("chelsea"), credentials, title="cat.png", tool="Newsroom generator")
    tampered = with_pixels_of(signed, png_of("astronaut"))
    assert read_credentials(signed).trusted

    report = check_image(tampered)
    assert report.loaded.image.size == (128, 128)  # still a picture anyone can open
    assert report.credentials.found and not report.credentials.intact and not report.credentials.trusted
    assert report.credentials.validation_state == "Invalid"
    assert "does NOT match" in report.credentials.summary
    assert "changed after signing" in report.credentials.signature_status
    signal = credentials_signal(report)
    assert signal.strength != STRONG and signal.points_to_ai is None
    assert report.verdict != "Machine-made: strong evidence"


def test_a_manifest_kept_on_a_web_server_is_never_fetched(tmp_path):
    import c2pa

    requests = []

    class Server(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", str(len(manifest)))
            self.end_headers()
            self.wfile.write(manifest)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        development = development_credentials(tmp_path)
        definition = {"title": "remote.png", "format": "image/png", "assertions": [{"label": "c2pa.actions", "data": {
            "actions": [{"action": "c2pa.created", "digitalSourceType": TRAINED_ALGORITHMIC_MEDIA}]}}]}
        info = c2pa.C2paSignerInfo(b"es256", development.certificate_chain_pem, development.private_key_pem, None)
        destination = io.BytesIO()
        with c2pa.Signer.from_info(info) as signer, c2pa.Builder(definition) as builder:
            builder.set_no_embed()
            builder.set_remote_url(f"http://127.0.0.1:{server.server_port}/manifest.c2pa")
            manifest = builder.sign(signer, "image/png", io.BytesIO(png_of()), destination)

        report = read_credentials(destination.getvalue())
    finally:
        server.shutdown()
    assert requests == []
    assert not report.found and report.remote
    assert "never fetches" in report.summary


def test_reader_settings_trust_only_the_configured_anchors_and_stay_offline(newsroom):
    _, bundle = newsroom
    default = reader_settings({})
    assert default["verify"]["remote_manifest_fetch"] is False and default["verify"]["ocsp_fetch"] is False
    assert default["verify"]["verify_trust"] is True
    assert default["trust"]["trust_anchors"] is None and default["core"]["allowed_network_hosts"] == []
    configured = reader_settings({ANCHORS: str(bundle)})["trust"]["trust_anchors"]
    assert x509.load_pem_x509_certificates(configured.encode())[0].subject.rfc4514_string().startswith(
        "O=Example Newsroom,CN=Example Newsroom Root CA")


@pytest.mark.parametrize("content", [None, b"not a certificate\n",
                                     b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"])
def test_a_bad_trust_anchor_bundle_is_named(tmp_path, content):
    path = tmp_path / "anchors.pem"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ValueError, match=ANCHORS):
        trust_anchors({ANCHORS: str(path)})
