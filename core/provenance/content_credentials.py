"""C2PA Content Credentials: sign a PNG with a manifest saying a trained algorithm made it, and read one back.

Signing uses `c2pa-python`. Without a configured certificate, a local development CA and a
signing certificate (ES256) are generated on first use into `<data dir>/c2pa/`; they prove
the file has not changed since this installation signed it, but no public trust list knows
them. For a real certificate set GENLAB_C2PA_CERT (PEM chain, signer first) and
GENLAB_C2PA_KEY (PEM private key) and, if it is not ES256, GENLAB_C2PA_ALG.
"""

from __future__ import annotations

import datetime
import io
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from core import __version__

TRAINED_ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
_lock = threading.Lock()


@dataclass(frozen=True)
class SigningCredentials:
    certificate_chain_pem: bytes
    private_key_pem: bytes
    algorithm: str
    is_development: bool


@dataclass
class CredentialsReport:
    """What a file's Content Credentials say, in terms a person can read."""

    found: bool
    validation_state: str | None = None
    signer: str | None = None
    claim_generator: str | None = None
    ai_generated: bool = False
    digital_source_type: str | None = None
    actions: list[str] = field(default_factory=list)
    title: str | None = None
    problems: list[str] = field(default_factory=list)
    manifest: dict | None = None

    @property
    def summary(self) -> str:
        if not self.found:
            return "No Content Credentials (C2PA) in this file."
        made = "made by a trained algorithm (AI)" if self.ai_generated else "not declared as AI-made"
        state = {"Valid": "intact", "Trusted": "intact and from a trusted signer"}.get(
            self.validation_state or "", f"NOT valid ({self.validation_state})"
        )
        return f"Content Credentials signed by {self.signer}: {made}; the signature is {state}."


def development_credentials(data_dir: Path) -> SigningCredentials:
    """The local development CA and signer in `data_dir/c2pa`, created on first use."""
    folder = Path(data_dir) / "c2pa"
    chain_path, key_path = folder / "signer-chain.pem", folder / "signer-key.pem"
    with _lock:
        if not (chain_path.exists() and key_path.exists()):
            from core.secrets import write_private

            chain, key = _make_development_chain()
            write_private(key_path, key)
            write_private(chain_path, chain)
    return SigningCredentials(chain_path.read_bytes(), key_path.read_bytes(), "es256", True)


def configured_credentials(data_dir: Path, environ: dict[str, str] | None = None) -> SigningCredentials:
    """GENLAB_C2PA_CERT / GENLAB_C2PA_KEY when set, else the development credentials."""
    env = os.environ if environ is None else environ
    cert, key = env.get("GENLAB_C2PA_CERT"), env.get("GENLAB_C2PA_KEY")
    if not cert and not key:
        return development_credentials(data_dir)
    if not (cert and key):
        missing = "GENLAB_C2PA_KEY" if cert else "GENLAB_C2PA_CERT"
        raise ValueError(f"{missing} is not set: a real C2PA signer needs both GENLAB_C2PA_CERT and GENLAB_C2PA_KEY.")
    for variable, path in (("GENLAB_C2PA_CERT", cert), ("GENLAB_C2PA_KEY", key)):
        if not Path(path).is_file():
            raise ValueError(f"{variable}={path!r} is not a file.")
    algorithm = env.get("GENLAB_C2PA_ALG", "es256").lower()
    return SigningCredentials(Path(cert).read_bytes(), Path(key).read_bytes(), algorithm, False)


def _make_development_chain() -> tuple[bytes, bytes]:
    """A CA and an end-entity certificate with the extensions c2pa requires (SKI, AKI, EKU)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    start = now - datetime.timedelta(days=1)

    def name(common_name: str) -> x509.Name:
        return x509.Name([
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Genlab (local development)"),
        ])

    def key_usage(signer: bool) -> x509.KeyUsage:
        return x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=not signer, crl_sign=not signer, encipher_only=False, decipher_only=False,
        )

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = name("Genlab development CA")
    ca_certificate = (
        x509.CertificateBuilder()
        .subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(key_usage(signer=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    signer_key = ec.generate_private_key(ec.SECP256R1())
    signer_certificate = (
        x509.CertificateBuilder()
        .subject_name(name("Genlab signer")).issuer_name(ca_name).public_key(signer_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(now + datetime.timedelta(days=730))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(key_usage(signer=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(signer_key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    chain = signer_certificate.public_bytes(pem) + ca_certificate.public_bytes(pem)
    key = signer_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return chain, key


def sign_png(png: bytes, credentials: SigningCredentials, *, title: str, tool: str, parameters: dict | None = None) -> bytes:
    """Return `png` with an embedded, signed C2PA manifest declaring trainedAlgorithmicMedia."""
    import c2pa

    action = {"action": "c2pa.created", "digitalSourceType": TRAINED_ALGORITHMIC_MEDIA,
              "softwareAgent": {"name": tool, "version": __version__}}
    if parameters:
        action["parameters"] = {key: str(value) for key, value in parameters.items()}
    manifest = {
        "claim_generator_info": [{"name": "Genlab", "version": __version__}],
        "title": title,
        "format": "image/png",
        "assertions": [{"label": "c2pa.actions", "data": {"actions": [action]}}],
    }
    signer_info = c2pa.C2paSignerInfo(
        credentials.algorithm.encode(), credentials.certificate_chain_pem, credentials.private_key_pem, None
    )
    destination = io.BytesIO()
    with c2pa.Signer.from_info(signer_info) as signer, c2pa.Builder(manifest) as builder:
        builder.sign(signer, "image/png", io.BytesIO(png), destination)
    return destination.getvalue()


def read_credentials(data: bytes, mime_type: str = "image/png") -> CredentialsReport:
    """Read and validate the C2PA manifest of a file's bytes."""
    import c2pa

    try:
        with c2pa.Reader(mime_type, io.BytesIO(data)) as reader:
            manifest = reader.get_active_manifest()
            state = reader.get_validation_state()
            results = reader.get_validation_results() or {}
    except c2pa.C2paError.ManifestNotFound:
        return CredentialsReport(found=False)
    except c2pa.C2paError as error:
        return CredentialsReport(found=False, problems=[f"The Content Credentials could not be read: {error}"])
    if manifest is None:
        return CredentialsReport(found=False)

    actions, source_type = [], None
    for assertion in manifest.get("assertions", []):
        if assertion.get("label", "").startswith("c2pa.actions"):
            for action in assertion.get("data", {}).get("actions", []):
                actions.append(action.get("action", ""))
                source_type = source_type or action.get("digitalSourceType")
    generators = manifest.get("claim_generator_info") or [{}]
    signature = manifest.get("signature_info") or {}
    failures = (results.get("activeManifest") or {}).get("failure", [])
    return CredentialsReport(
        found=True,
        validation_state=state,
        signer=signature.get("common_name") or signature.get("issuer"),
        claim_generator=generators[0].get("name") or manifest.get("claim_generator"),
        ai_generated=bool(source_type and source_type.rsplit("/", 1)[-1] in {
            "trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia", "algorithmicMedia"}),
        digital_source_type=source_type,
        actions=actions,
        title=manifest.get("title"),
        problems=[failure.get("explanation") or failure.get("code", "") for failure in failures],
        manifest=manifest,
    )
