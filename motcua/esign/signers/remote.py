"""`remote`: signing by the CA's remote-signing service (to confirm: API, consent flow, contract).

Listed so an operator sees the option; selecting it answers a clear "not configured" refusal.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .base import SignedPdf, SignerNotConfigured


class RemoteSigner:
    key = "remote"

    def __init__(self, conf: dict[str, Any] | None = None) -> None:
        self.conf = conf or {}

    def sign(
        self, pdf: bytes, *, reason: str, location: str, field_name: str, stamp_url: str, stamp_note: str = ""
    ) -> SignedPdf:
        raise SignerNotConfigured(
            _("Remote signing by the certificate authority is not available yet: use a PKCS#12 file or a token.")
        )
