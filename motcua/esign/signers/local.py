"""`local_pkcs12`: the organisation's key and certificate from a password-protected PKCS#12 file.

Used by the demo and the tests (the demo CA, `manage.py esign_demo_ca`) and by any agency whose CA
delivers a .p12/.pfx file. The file lives outside the database (MOTCUA_ESIGN["PKCS12_PATH"] or the
agency's own entry); only the certificate's public facts are stored with each result.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _
from pyhanko.sign import signers

from .base import SignedPdf, SignerNotConfigured, pades_sign


class LocalPkcs12Signer:
    key = "local_pkcs12"

    def __init__(self, path: str | Path, password: str) -> None:
        self.path = Path(path)
        self.password = password

    def load(self) -> signers.SimpleSigner:
        if not self.path.is_file():
            raise SignerNotConfigured(
                _("The signing certificate file is missing (%(path)s): ask the administrator to install it.")
                % {"path": self.path.name}
            )
        try:
            loaded = signers.SimpleSigner.load_pkcs12(str(self.path), passphrase=self.password.encode() or None)
        except Exception:  # a damaged file or an unsupported algorithm
            loaded = None
        if loaded is None:
            raise SignerNotConfigured(
                _("The signing certificate file %(path)s cannot be opened (wrong password or damaged file).")
                % {"path": self.path.name}
            )
        return loaded

    def sign(
        self, pdf: bytes, *, reason: str, location: str, field_name: str, stamp_url: str, stamp_note: str = ""
    ) -> SignedPdf:
        return pades_sign(
            pdf,
            self.load(),
            plugin=self.key,
            reason=reason,
            location=location,
            field_name=field_name,
            stamp_url=stamp_url,
            stamp_note=stamp_note,
        )
