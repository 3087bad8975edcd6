"""Sign-in identifiers: an e-mail address or a Vietnamese mobile number, in one normal form.

People type phone numbers as `0912 345 678`, `0912.345.678` or `+84 912 345 678`; all of them are the
account `0912345678`. E-mail addresses compare without case. The same normal form keys the
uniqueness check, the sign-in lookup and the lockout counter, so one person is one key everywhere.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

_SEPARATORS = re.compile(r"[\s.\-()]")
_PHONE = re.compile(r"0[1-9]\d{8}")


def normalise_phone(raw: str) -> str | None:
    """`0xxxxxxxxx` (10 digits), or None when the text is not a phone number in any usual spelling."""
    digits = _SEPARATORS.sub("", raw or "")
    for prefix in ("+84", "0084"):
        if digits.startswith(prefix):
            digits = "0" + digits[len(prefix) :]
    if digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if _PHONE.fullmatch(digits) else None


def normalise_email(raw: str) -> str | None:
    """The address in lower case, or None when it is not a valid address."""
    value = (raw or "").strip().lower()
    try:
        validate_email(value)
    except ValidationError:
        return None
    return value


def identifier_key(raw: str) -> str | None:
    """What the person typed in the "e-mail or phone" box, normalised; None when it is neither."""
    value = (raw or "").strip()
    if "@" in value:
        return normalise_email(value)
    return normalise_phone(value)
