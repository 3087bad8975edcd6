"""The demo CA, the signer plugins and the PAdES signature as poppler sees it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.management import call_command

from motcua.esign.pki import (
    CA_NAME,
    DOCUMENT_SIGNING,
    certificate_facts,
    demo_pki_ensure,
    make_organisation_cert,
    write_pkcs12,
)
from motcua.esign.signers import (
    LocalPkcs12Signer,
    PdfUnreadable,
    Pkcs11Signer,
    RemoteSigner,
    SignerError,
    SignerNotConfigured,
    signer_for,
)
from motcua.esign.testing import PASSWORD

from .conftest import pdf_bytes, pdf_text, pdfsig, qr_codes

URL = "http://portal.test/xac-thuc/?kq=ABCDEFGHJK&hs=000.00.00.H15-260309-0001"


def sign(signer: LocalPkcs12Signer, data: bytes | None = None) -> bytes:
    signed = signer.sign(
        data or pdf_bytes("ket qua"),
        reason="Ký số kết quả",
        location="Lào Cai",
        field_name="motcua-ABCDEFGHJK",
        stamp_url=URL,
        stamp_note="Mã kết quả: ABCDEFGHJK",
    )
    return signed.data


def test_demo_ca_command_is_idempotent_and_force_renews(tmp_path: Path, db: None) -> None:
    call_command("esign_demo_ca", "--dir", str(tmp_path), "--org", "Sở Tư pháp tỉnh Lào Cai")
    first = (tmp_path / "ca.pem").read_bytes(), (tmp_path / "agency.p12").read_bytes()
    call_command("esign_demo_ca", "--dir", str(tmp_path))
    assert ((tmp_path / "ca.pem").read_bytes(), (tmp_path / "agency.p12").read_bytes()) == first
    call_command("esign_demo_ca", "--dir", str(tmp_path), "--force")
    assert (tmp_path / "ca.pem").read_bytes() != first[0]

    ca = x509.load_pem_x509_certificate((tmp_path / "ca.pem").read_bytes())
    key, cert, chain = pkcs12.load_key_and_certificates((tmp_path / "agency.p12").read_bytes(), PASSWORD.encode())
    assert key is not None and cert is not None
    assert certificate_facts(ca).common_name == CA_NAME
    assert cert.issuer == ca.subject and chain[0] == ca
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    assert DOCUMENT_SIGNING in cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert certificate_facts(cert).common_name.endswith("ký số kết quả (thử nghiệm)")


def test_signature_is_valid_for_pdfsig_with_the_qr_and_the_stamp(esign_pki, tmp_path: Path) -> None:
    data = sign(LocalPkcs12Signer(esign_pki.pkcs12, PASSWORD))
    report = pdfsig(data, tmp_path)
    assert "Signature is Valid" in report
    assert "ETSI.CAdES.detached" in report
    assert "Sở Tư pháp tỉnh Lào Cai" in report
    assert "Total document signed" in report
    assert URL in qr_codes(data, tmp_path)
    text = pdf_text(data)
    assert "ket qua" in text  # the original page is untouched
    assert "ABCDEFGHJK" in text and "http://portal.test/xac-thuc/" in text


def test_changed_byte_inside_the_signed_range_breaks_the_digest(esign_pki, tmp_path: Path) -> None:
    data = bytearray(sign(LocalPkcs12Signer(esign_pki.pkcs12, PASSWORD)))
    at = data.index(b"ket qua")
    data[at] = ord("K")
    report = pdfsig(bytes(data), tmp_path)
    assert "Signature is Valid" not in report
    assert "Digest Mismatch" in report


def test_an_existing_signature_stays_valid_when_the_organisation_signs(esign_pki, tmp_path: Path) -> None:
    """The decision-maker signs first, the clerk's organisation signature follows (incremental update)."""
    signer = LocalPkcs12Signer(esign_pki.pkcs12, PASSWORD)
    once = sign(signer)
    twice = signer.sign(
        once, reason="r", location="l", field_name="motcua-SECOND0000", stamp_url=URL, stamp_note=""
    ).data
    report = pdfsig(twice, tmp_path)
    assert report.count("Signature is Valid") == 2


def test_unreadable_and_encrypted_pdfs_are_refused(esign_pki) -> None:
    signer = LocalPkcs12Signer(esign_pki.pkcs12, PASSWORD)
    fake = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    with pytest.raises(PdfUnreadable):
        sign(signer, fake)


def test_missing_or_locked_key_material_is_a_clear_refusal(esign_pki, tmp_path: Path) -> None:
    with pytest.raises(SignerNotConfigured, match="missing"):
        sign(LocalPkcs12Signer(tmp_path / "none.p12", PASSWORD))
    with pytest.raises(SignerNotConfigured, match="cannot be opened"):
        sign(LocalPkcs12Signer(esign_pki.pkcs12, "wrong password"))


def test_an_expired_certificate_is_refused(esign_pki, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization

    ca_key = serialization.load_pem_private_key((esign_pki.directory / "ca-key.pem").read_bytes(), PASSWORD.encode())
    ca_cert = x509.load_pem_x509_certificate(esign_pki.ca_pem.read_bytes())
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    key, cert = make_organisation_cert(
        ca_key=ca_key,  # type: ignore[arg-type]
        ca_cert=ca_cert,
        org="Sở Cũ",
        not_before=start,
        not_after=start + dt.timedelta(days=30),
    )
    write_pkcs12(tmp_path / "old.p12", key=key, cert=cert, chain=[ca_cert], password="x")
    with pytest.raises(SignerError, match="expired on 31/01/2020"):
        sign(LocalPkcs12Signer(tmp_path / "old.p12", "x"))


def test_per_agency_key_material_and_plugin_choice(esign_pki, esign_settings, settings, world) -> None:
    pki = demo_pki_ensure(esign_pki.directory, password=PASSWORD, agencies={world.justice.code: world.justice.name})
    assert (pki.directory / "agencies" / f"{world.justice.code}.p12").is_file()
    chosen = signer_for(world.justice)
    assert isinstance(chosen, LocalPkcs12Signer) and chosen.path.name == f"{world.justice.code}.p12"
    assert isinstance(signer_for(world.construction), LocalPkcs12Signer)
    assert signer_for(world.construction).path == esign_pki.pkcs12  # type: ignore[attr-defined]

    own = {"PKCS12_PATH": str(esign_pki.pkcs12), "PKCS12_PASSWORD": PASSWORD}
    settings.MOTCUA_ESIGN = {**esign_settings, "AGENCIES": {world.justice.code: own}}
    assert signer_for(world.justice).path == esign_pki.pkcs12  # type: ignore[attr-defined]

    settings.MOTCUA_ESIGN = {**esign_settings, "AGENCIES": {world.justice.code: {"SIGNER": "remote"}}}
    assert isinstance(signer_for(world.justice), RemoteSigner)
    with pytest.raises(SignerNotConfigured, match="Remote signing"):
        signer_for(world.justice).sign(b"", reason="", location="", field_name="f", stamp_url="")
    settings.MOTCUA_ESIGN = {**esign_settings, "SIGNER": "magic"}
    with pytest.raises(SignerNotConfigured, match="Unknown signer"):
        signer_for(world.justice)


def test_pkcs11_configuration_errors_are_explained(monkeypatch, esign_settings, settings, world, tmp_path) -> None:
    """No token here: only the configuration is checked (docs/esign.md says how to test with one)."""
    for name in ("MODULE", "TOKEN", "KEY", "CERT", "PIN"):
        monkeypatch.delenv(f"MOTCUA_PKCS11_{name}", raising=False)
    settings.MOTCUA_ESIGN = {**esign_settings, "SIGNER": "pkcs11"}
    with pytest.raises(SignerNotConfigured) as missing:
        signer_for(world.justice)
    for name in ("MOTCUA_PKCS11_MODULE", "MOTCUA_PKCS11_TOKEN", "MOTCUA_PKCS11_KEY", "MOTCUA_PKCS11_PIN"):
        assert name in str(missing.value.message)
    monkeypatch.setenv("MOTCUA_PKCS11_MODULE", str(tmp_path / "libnothing.so"))
    monkeypatch.setenv("MOTCUA_PKCS11_TOKEN", "SoTuPhap")
    monkeypatch.setenv("MOTCUA_PKCS11_KEY", "ky-so")
    monkeypatch.setenv("MOTCUA_PKCS11_PIN", "123456")
    with pytest.raises(SignerNotConfigured, match="does not exist"):
        signer_for(world.justice)
    module = tmp_path / "libnothing.so"
    module.write_bytes(b"not a library")
    signer = signer_for(world.justice)
    assert isinstance(signer, Pkcs11Signer) and signer.config.cert_label == "ky-so"
    with pytest.raises(SignerError):  # python-pkcs11 missing, or the library cannot be loaded
        signer.sign(pdf_bytes(), reason="r", location="l", field_name="f", stamp_url=URL)
