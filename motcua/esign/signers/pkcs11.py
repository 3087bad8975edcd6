"""`pkcs11`: the organisation's key on a USB token or an HSM, through pyHanko's PKCS#11 signer.

Configured by environment (or the agency's entry in MOTCUA_ESIGN["AGENCIES"], same keys):

- ``MOTCUA_PKCS11_MODULE``: path of the vendor's PKCS#11 library (e.g. /usr/lib/libeTPkcs11.so);
- ``MOTCUA_PKCS11_TOKEN``: the token label;
- ``MOTCUA_PKCS11_KEY``: the private key label (``MOTCUA_PKCS11_CERT``: the certificate label, default
  the key label);
- ``MOTCUA_PKCS11_PIN``: the user PIN, from the environment only (an agency entry may name another
  variable with ``PKCS11_PIN_ENV``), never from a settings file or the database.

Needs ``pip install 'pyHanko[pkcs11]'`` (python-pkcs11). Not testable without a token: the tests
cover the configuration errors only (docs/esign.md).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from .base import SignedPdf, SignerError, SignerNotConfigured, pades_sign


@dataclass(frozen=True)
class Pkcs11Config:
    module: str
    token: str
    key_label: str
    cert_label: str
    pin: str

    @classmethod
    def from_settings(cls, conf: dict[str, Any]) -> Pkcs11Config:
        def value(name: str) -> str:
            return str(conf.get(f"PKCS11_{name}") or os.environ.get(f"MOTCUA_PKCS11_{name}", "")).strip()

        pin_var = str(conf.get("PKCS11_PIN_ENV") or "MOTCUA_PKCS11_PIN")
        config = cls(
            module=value("MODULE"),
            token=value("TOKEN"),
            key_label=value("KEY"),
            cert_label=value("CERT") or value("KEY"),
            pin=os.environ.get(pin_var, ""),
        )
        missing = [
            name
            for name, given in (
                ("MOTCUA_PKCS11_MODULE", config.module),
                ("MOTCUA_PKCS11_TOKEN", config.token),
                ("MOTCUA_PKCS11_KEY", config.key_label),
                (pin_var, config.pin),
            )
            if not given
        ]
        if missing:
            raise SignerNotConfigured(
                _("The signing token is not configured: set %(names)s.") % {"names": ", ".join(missing)}
            )
        if not Path(config.module).is_file():
            raise SignerNotConfigured(
                _("The PKCS#11 library %(path)s does not exist on this server.") % {"path": config.module}
            )
        return config


class Pkcs11Signer:
    key = "pkcs11"

    def __init__(self, conf: dict[str, Any]) -> None:
        self.config = Pkcs11Config.from_settings(conf)

    def sign(
        self, pdf: bytes, *, reason: str, location: str, field_name: str, stamp_url: str, stamp_note: str = ""
    ) -> SignedPdf:
        try:
            from pyhanko.config.pkcs11 import TokenCriteria
            from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
        except ImportError as exc:
            raise SignerNotConfigured(
                _("PKCS#11 support is not installed on this server (pip install 'pyHanko[pkcs11]').")
            ) from exc
        config = self.config
        try:
            session = open_pkcs11_session(
                config.module, token_criteria=TokenCriteria(label=config.token), user_pin=config.pin
            )
        except Exception as exc:  # no token, wrong PIN, locked token...
            raise SignerError(
                _("The signing token %(token)s cannot be opened: %(error)s") % {"token": config.token, "error": exc}
            ) from exc
        try:
            signer = PKCS11Signer(session, cert_label=config.cert_label, key_label=config.key_label)
            return pades_sign(
                pdf,
                signer,
                plugin=self.key,
                reason=reason,
                location=location,
                field_name=field_name,
                stamp_url=stamp_url,
                stamp_note=stamp_note,
            )
        finally:
            session.close()
