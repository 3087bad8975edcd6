"""Key material: the demo/test certificate authority and the facts we record about a certificate.

The demo CA ("motcua Test CA (không dùng thật)") issues organisation signing certificates for the demo
and the tests only. Real deployments use a PKCS#12 file or a token from a licensed CA (docs/esign.md).
Private keys stay in files or tokens; the database only ever holds a certificate's public facts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import warnings
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID, ObjectIdentifier

CA_NAME = "motcua Test CA (không dùng thật)"
CERT_SUFFIX = " – ký số kết quả (thử nghiệm)"
DEFAULT_ORG = "motcua (thử nghiệm)"
# id-kp-documentSigning (RFC 9336); pyHanko signs and validates with it.
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")
NAME_LIMIT = 64  # characters: ub-common-name, ub-organization-name (RFC 5280)


@dataclass(frozen=True)
class CertificateFacts:
    """What we store and show about a signing certificate (never its key)."""

    sha256: str
    subject: str
    issuer: str
    serial: str
    organisation: str
    common_name: str
    not_before: dt.datetime
    not_after: dt.datetime


def certificate_facts(cert: asn1_x509.Certificate | x509.Certificate) -> CertificateFacts:
    """Facts of an asn1crypto (pyHanko) or cryptography certificate."""
    if isinstance(cert, x509.Certificate):
        cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    subject = cert.subject.native
    validity = cert["tbs_certificate"]["validity"]
    return CertificateFacts(
        sha256=hashlib.sha256(cert.dump()).hexdigest(),
        subject=cert.subject.human_friendly[:500],
        issuer=cert.issuer.human_friendly[:500],
        serial=format(cert.serial_number, "X")[:80],
        organisation=str(subject.get("organization_name", "") or ""),
        common_name=str(subject.get("common_name", "") or ""),
        not_before=validity["not_before"].native,
        not_after=validity["not_after"].native,
    )


def _fit(text: str, limit: int = NAME_LIMIT) -> str:
    """Cut `text` to at most `limit` characters, marking a cut with '…'."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _attribute(oid: ObjectIdentifier, value: str) -> x509.NameAttribute:
    """X.520 bounds O and CN at 64 characters; cryptography checks 64 bytes of UTF-8, which a
    Vietnamese name passes only when short, so the (standard) character bound is applied instead."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return x509.NameAttribute(oid, _fit(value), _validate=False)


def _name(org: str, common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            _attribute(NameOID.ORGANIZATION_NAME, org),
            _attribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def organisation_common_name(org: str) -> str:
    """'<agency> – ký số kết quả (thử nghiệm)', the agency's name shortened to fit 64 characters."""
    return _fit(org, NAME_LIMIT - len(CERT_SUFFIX)) + CERT_SUFFIX


def _key_usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def make_ca(*, now: dt.datetime | None = None, years: int = 10) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    now = now or dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = _name("motcua", CA_NAME)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def make_organisation_cert(
    *,
    ca_key: rsa.RSAPrivateKey,
    ca_cert: x509.Certificate,
    org: str,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """An organisation signing certificate: digitalSignature + nonRepudiation, EKU document signing."""
    start = not_before or dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    end = not_after or start + dt.timedelta(days=3 * 365)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(org, organisation_common_name(org)))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(ca=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([DOCUMENT_SIGNING]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def write_pkcs12(
    path: Path, *, key: rsa.RSAPrivateKey, cert: x509.Certificate, chain: list[x509.Certificate], password: str
) -> None:
    data = pkcs12.serialize_key_and_certificates(
        b"motcua", key, cert, chain, serialization.BestAvailableEncryption(password.encode())
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(0o600)


@dataclass(frozen=True)
class DemoPki:
    directory: Path
    ca_pem: Path
    pkcs12: Path
    created: bool


def demo_pki_ensure(
    directory: Path,
    *,
    password: str,
    org: str = DEFAULT_ORG,
    agencies: dict[str, str] | None = None,
    force: bool = False,
    valid_from: dt.datetime | None = None,
    years: int = 3,
) -> DemoPki:
    """`ca.pem`, `ca-key.pem` (encrypted) and the default `agency.p12` in `directory`, plus
    `agencies/<code>.p12` for each of `agencies` ({code: name}). Existing files are kept unless `force`.
    Certificates are valid from `valid_from` (default: yesterday) for `years`."""
    start = valid_from or dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    directory.mkdir(parents=True, exist_ok=True)
    ca_pem, ca_key_pem, default = directory / "ca.pem", directory / "ca-key.pem", directory / "agency.p12"
    created = force or not (ca_pem.exists() and ca_key_pem.exists())
    if created:
        ca_key, ca_cert = make_ca(now=start, years=max(10, years + 1))
        ca_pem.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
        ca_key_pem.write_bytes(
            ca_key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.BestAvailableEncryption(password.encode()),
            )
        )
        ca_key_pem.chmod(0o600)
    else:
        ca_cert = x509.load_pem_x509_certificate(ca_pem.read_bytes())
        loaded = serialization.load_pem_private_key(ca_key_pem.read_bytes(), password.encode())
        assert isinstance(loaded, rsa.RSAPrivateKey)
        ca_key = loaded
    wanted = [
        (default, org),
        *((directory / "agencies" / f"{code}.p12", name) for code, name in (agencies or {}).items()),
    ]
    for path, name in wanted:
        if created or force or not path.exists():
            key, cert = make_organisation_cert(
                ca_key=ca_key,
                ca_cert=ca_cert,
                org=name,
                not_before=start,
                not_after=start + dt.timedelta(days=365 * years),
            )
            write_pkcs12(path, key=key, cert=cert, chain=[ca_cert], password=password)
            created = True
    return DemoPki(directory=directory, ca_pem=ca_pem, pkcs12=default, created=created)
