"""C2PA Content Credentials: sign a PNG with a manifest saying a trained algorithm made it, and read one back.

Signing uses `c2pa-python`. Without a configured certificate, a local development CA and a
signing certificate (ES256) are generated on first use into `<data dir>/c2pa/`; they prove
the file has not changed since it was signed, but anyone can make a CA like it, so they say
nothing about who signed. For a real certificate set GENLAB_C2PA_CERT (PEM chain, signer
first) and GENLAB_C2PA_KEY (PEM private key) and, if it is not ES256, GENLAB_C2PA_ALG.

Reading trusts only the root certificates listed in GENLAB_C2PA_TRUST_ANCHORS (a PEM bundle),
none by default, and never a Genlab development certificate; it never fetches anything over
the network (`reader_settings`).
"""

from __future__ import annotations

import logging

import datetime
import io
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from core import __version__

log = logging.getLogger("genlab.provenance")

TRAINED_ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
DEVELOPMENT_ORGANIZATION = "Genlab (local development)"
TRUST_ANCHORS_VARIABLE = "GENLAB_C2PA_TRUST_ANCHORS"
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
    validation_state: str | None = None  # c2pa's: "Invalid", "Valid" (intact, signer not trusted) or "Trusted"
    signer: str | None = None  # the signing certificate's common name
    signer_organization: str | None = None
    trusted: bool = False  # intact, and the signer chains to a configured trust anchor
    development_certificate: bool = False  # signed by a Genlab development CA, which anyone can make
    claim_generator: str | None = None
    ai_generated: bool = False
    digital_source_type: str | None = None
    actions: list[str] = field(default_factory=list)
    title: str | None = None
    problems: list[str] = field(default_factory=list)
    manifest: dict | None = None
    remote: bool = False  # the file points to a manifest on a web server, which is never fetched

    @property
    def intact(self) -> bool:
        """The signature matches the file: nothing covered by it changed after signing."""
        return self.validation_state in ("Valid", "Trusted")

    @property
    def signed_by(self) -> str:
        """Who the signing certificate names: common name, and organisation when it adds something."""
        name = self.signer or self.signer_organization or "an unnamed signer"
        if self.signer_organization and self.signer_organization != name:
            name += f", {self.signer_organization}"
        return name

    @property
    def signature_status(self) -> str:
        """The state of the signature in plain words."""
        if not self.intact:
            return "broken: the file or its credentials changed after signing"
        if self.trusted:
            return "intact, from a trusted signer"
        if self.development_certificate:
            return "intact, but signed with a Genlab development certificate, which anyone can make"
        return "intact, but from a certificate no trusted authority vouches for, which anyone could have made"

    @property
    def summary(self) -> str:
        if not self.found:
            if self.remote:
                return ("This file says its Content Credentials (C2PA) are kept on a web server; this check never "
                        "fetches them, so they prove nothing here.")
            if self.problems:
                return "Content Credentials (C2PA) could not be read from this file, so they prove nothing."
            return "No Content Credentials (C2PA) in this file."
        says = "they say it was made by a trained algorithm (AI)" if self.ai_generated else \
            "they do not say it was made by AI"
        if not self.intact:
            return (f"Content Credentials naming {self.signed_by} are in this file, but their signature does NOT "
                    f"match it: the file or its credentials were changed after signing, so nothing they say "
                    f"can be relied on.")
        if self.trusted:
            return (f"Content Credentials signed by {self.signed_by}, a trusted signer: {says}, and the file is "
                    f"unchanged since it was signed.")
        certificate = ("a Genlab development certificate" if self.development_certificate
                       else "a certificate no trusted authority vouches for")
        return (f"Content Credentials signed with {certificate}, which anyone can make: {says}, and the file is "
                f"unchanged since it was signed, but the name “{self.signed_by}” on it proves nothing.")


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


def trust_anchors(environ: dict[str, str] | None = None) -> str | None:
    """The PEM bundle named by GENLAB_C2PA_TRUST_ANCHORS, or None; ValueError naming the variable if it is bad."""
    env = os.environ if environ is None else environ
    path = (env.get(TRUST_ANCHORS_VARIABLE) or "").strip()
    if not path:
        return None
    from cryptography import x509

    problem = f"{TRUST_ANCHORS_VARIABLE}={path!r}"
    try:
        text = Path(path).expanduser().read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        raise ValueError(f"{problem} is not a readable PEM file of root certificates.") from None
    blocks = re.findall(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", text, re.S)
    try:
        certificates = [x509.load_pem_x509_certificate(block.encode()) for block in blocks]
    except ValueError:
        raise ValueError(f"{problem} holds a certificate that cannot be read.") from None
    if not certificates:
        raise ValueError(f"{problem} holds no PEM certificates (-----BEGIN CERTIFICATE-----).")
    return "\n".join(blocks) + "\n"


def reader_settings(environ: dict[str, str] | None = None) -> dict:
    """c2pa settings for reading: trust only the configured anchors; no network (remote manifests, OCSP)."""
    return {
        "verify": {"verify_trust": True, "remote_manifest_fetch": False, "ocsp_fetch": False},
        "trust": {"trust_anchors": trust_anchors(environ), "user_anchors": None, "allowed_list": None},
        "core": {"allowed_network_hosts": []},
    }


def _make_development_chain() -> tuple[bytes, bytes]:
    """The development CA and signer: a chain anyone could make, named as such."""
    return make_certificate_chain(DEVELOPMENT_ORGANIZATION, ca_name="Genlab development CA", signer_name="Genlab signer")


def make_certificate_chain(organization: str, *, ca_name: str, signer_name: str) -> tuple[bytes, bytes]:
    """A new CA and an end-entity certificate with the extensions c2pa requires (SKI, AKI, EKU).

    Returns (PEM chain, signer first then the CA; PEM private key of the signer)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    start = now - datetime.timedelta(days=1)

    def name(common_name: str) -> x509.Name:
        return x509.Name([
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        ])

    def key_usage(signer: bool) -> x509.KeyUsage:
        return x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=not signer, crl_sign=not signer, encipher_only=False, decipher_only=False,
        )

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = name(ca_name)
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
        .subject_name(name(signer_name)).issuer_name(ca_name).public_key(signer_key.public_key())
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


def read_credentials(data: bytes, mime_type: str = "image/png",
                     environ: dict[str, str] | None = None) -> CredentialsReport:
    """Read and validate the C2PA manifest of a file's bytes, with `reader_settings(environ)`."""
    import c2pa

    try:
        with c2pa.Context.from_dict(reader_settings(environ)) as context, \
                c2pa.Reader(mime_type, io.BytesIO(data), context=context) as reader:
            manifest = reader.get_active_manifest()
            state = reader.get_validation_state()
            results = reader.get_validation_results() or {}
    except c2pa.C2paError.ManifestNotFound:
        return CredentialsReport(found=False)
    except c2pa.C2paError as error:
        if isinstance(error, c2pa.C2paError.RemoteManifest) or str(error).startswith("Remote"):
            return CredentialsReport(found=False, remote=True)
        log.warning("Content Credentials could not be read: %s", error)  # the library's words, for the operator
        return CredentialsReport(found=False, problems=["The picture carries Content Credentials that are damaged and "
                                                        "cannot be read."])
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
    organization = signature.get("issuer")  # c2pa's name for the signing certificate's organisation
    development = organization == DEVELOPMENT_ORGANIZATION
    return CredentialsReport(
        found=True,
        validation_state=state,
        signer=signature.get("common_name") or organization,
        signer_organization=organization,
        trusted=state == "Trusted" and not development,
        development_certificate=development,
        claim_generator=generators[0].get("name") or manifest.get("claim_generator"),
        ai_generated=bool(source_type and source_type.rsplit("/", 1)[-1] in {
            "trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia", "algorithmicMedia"}),
        digital_source_type=source_type,
        actions=actions,
        title=manifest.get("title"),
        problems=[failure.get("explanation") or failure.get("code", "") for failure in failures],
        manifest=manifest,
    )
