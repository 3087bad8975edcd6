"""Signer plugins (documents-and-codes.md §5): `local_pkcs12`, `pkcs11`, `remote` (to confirm).

`signer_for(agency)` picks the agency's key material: its entry in MOTCUA_ESIGN["AGENCIES"] (by agency
code), else a file `agencies/<code>.p12` beside the default PKCS#12 file, else the default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from .base import PdfUnreadable, SignedPdf, Signer, SignerError, SignerNotConfigured, open_for_signing, pades_sign
from .local import LocalPkcs12Signer
from .pkcs11 import Pkcs11Config, Pkcs11Signer
from .remote import RemoteSigner

PLUGINS = ("local_pkcs12", "pkcs11", "remote")

__all__ = [
    "PLUGINS",
    "LocalPkcs12Signer",
    "PdfUnreadable",
    "Pkcs11Config",
    "Pkcs11Signer",
    "RemoteSigner",
    "SignedPdf",
    "Signer",
    "SignerError",
    "SignerNotConfigured",
    "open_for_signing",
    "pades_sign",
    "signer_config",
    "signer_for",
]


def signer_config(agency_code: str | None) -> dict[str, Any]:
    """The effective settings for an agency: the defaults overlaid with its AGENCIES entry."""
    conf: dict[str, Any] = dict(settings.MOTCUA_ESIGN)
    own = dict(conf.get("AGENCIES", {}).get(agency_code or "", {}))
    if "PKCS12_PATH" not in own and agency_code:
        beside = Path(conf["PKCS12_PATH"]).parent / "agencies" / f"{agency_code}.p12"
        if beside.is_file():
            own["PKCS12_PATH"] = str(beside)
    conf.update(own)
    return conf


def signer_for(agency: Any) -> Signer:
    """The signer of `agency` (an Agency, or None for the default key)."""
    conf = signer_config(getattr(agency, "code", None))
    kind = conf.get("SIGNER") or "local_pkcs12"
    if kind == "local_pkcs12":
        return LocalPkcs12Signer(conf["PKCS12_PATH"], str(conf.get("PKCS12_PASSWORD") or ""))
    if kind == "pkcs11":
        return Pkcs11Signer(conf)
    if kind == "remote":
        return RemoteSigner(conf)
    raise SignerNotConfigured(_("Unknown signer %(name)s in MOTCUA_ESIGN.") % {"name": kind})
