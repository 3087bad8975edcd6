"""Log hygiene: citizen ID and phone numbers never reach a log line (documents-and-codes.md §9).

The filter rewrites the formatted message of every record on the console handler: runs of 9 to 12
digits (ID numbers, phone numbers, with spaces or dots inside) keep their last 4 digits, like the
masked lists do. Dossier codes (letters, dashes, at most 6 digits in a row) are left alone.
"""

from __future__ import annotations

import logging
import re

_NUMBER = re.compile(r"(?<![\d.])\+?\d(?:[ .]?\d){8,11}(?![\d])")


def mask_numbers(text: str) -> str:
    def hide(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        if len(digits) < 9:
            return match.group(0)
        return "*" * (len(digits) - 4) + digits[-4:]

    return _NUMBER.sub(hide, text)


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string is logged as it is
            return True
        masked = mask_numbers(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
