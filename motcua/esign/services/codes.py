"""Public result codes: 10 characters of Crockford base32 (50 random bits from `secrets`).

No I, L, O or U, so a code read aloud or typed from paper is unambiguous; typed input is folded the
Crockford way (O → 0, I/L → 1, spaces and hyphens dropped, any case).
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
_FOLD = str.maketrans({"O": "0", "I": "1", "L": "1"})
_VALID = re.compile(rf"^[{ALPHABET}]{{{LENGTH}}}$")


def result_code_new() -> str:
    """A fresh code not yet used (the unique constraint on ResultDocument.code is the final guard)."""
    from ..models import ResultDocument

    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if not ResultDocument.objects.filter(code=code).exists():
            return code


def result_code_normalise(text: str) -> str:
    """The code as stored, or "" when the input cannot be one."""
    folded = re.sub(r"[\s\-.]+", "", (text or "").upper()).translate(_FOLD)[:32]
    return folded if _VALID.match(folded) else ""
