"""The receipt's QR code: only the public lookup URL, never personal data (documents-and-codes.md §4)."""

from __future__ import annotations

import segno
from django.conf import settings


def qr_target(code: str) -> str:
    return f"{settings.MOTCUA['PUBLIC_BASE_URL']}/tra-cuu/?ma={code}"


def qr_png_data_uri(target: str) -> str:
    """A PNG data URI, error correction exactly M, 4-module quiet zone. 4 px per module and no
    interpolation (forms.css) keep the modules crisp at any print resolution; a PNG is drawn once per
    document while an SVG path is redrawn on each of the receipt's two pages (B8)."""
    return str(segno.make(target, error="m", boost_error=False, micro=False).png_data_uri(scale=4, border=4))
