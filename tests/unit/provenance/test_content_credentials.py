import io

import pytest
from cryptography import x509
from PIL import Image

from core.provenance.content_credentials import (
    configured_credentials,
    development_credentials,
    read_credentials,
    sign_png,
)


def png_bytes(colour="orange") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_signed_png_declares_ai_generation_and_validates(tmp_path):
    signed = sign_png(png_bytes(), development_credentials(tmp_path), title="lake.png", tool="Genlab art",
                      parameters={"prompt": "a lake"})
    report = read_credentials(signed)
    assert report.found and report.validation_state in ("Valid", "Trusted")
    assert report.ai_generated
    assert report.digital_source_type.endswith("trainedAlgorithmicMedia")
    assert report.signer == "Genlab signer" and report.claim_generator == "Genlab"
    assert "c2pa.created" in report.actions
    assert "made by a trained algorithm" in report.summary
    assert Image.open(io.BytesIO(signed)).size == (64, 64)


def test_changing_the_pixels_after_signing_breaks_the_signature(tmp_path):
    signed = sign_png(png_bytes(), development_credentials(tmp_path), title="x.png", tool="Genlab art")
    start = signed.index(b"IDAT") + 8
    tampered = signed[:start] + bytes([signed[start] ^ 0xFF]) + signed[start + 1:]
    report = read_credentials(tampered)
    assert report.found and report.validation_state == "Invalid"
    assert "does NOT match" in report.summary and not report.intact


def test_a_plain_png_has_no_credentials():
    assert not read_credentials(png_bytes()).found


def test_the_development_certificate_is_made_once_with_the_extensions_c2pa_needs(tmp_path):
    first = development_credentials(tmp_path)
    assert development_credentials(tmp_path) == first
    signer = x509.load_pem_x509_certificates(first.certificate_chain_pem)[0]
    signer.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    signer.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier)


def test_a_real_certificate_needs_both_variables(tmp_path):
    with pytest.raises(ValueError, match="GENLAB_C2PA_KEY"):
        configured_credentials(tmp_path, {"GENLAB_C2PA_CERT": str(tmp_path / "chain.pem")})
    credentials = development_credentials(tmp_path / "dev")
    (tmp_path / "chain.pem").write_bytes(credentials.certificate_chain_pem)
    (tmp_path / "key.pem").write_bytes(credentials.private_key_pem)
    real = configured_credentials(tmp_path, {"GENLAB_C2PA_CERT": str(tmp_path / "chain.pem"),
                                             "GENLAB_C2PA_KEY": str(tmp_path / "key.pem")})
    assert not real.is_development
    assert read_credentials(sign_png(png_bytes(), real, title="t.png", tool="t")).found
