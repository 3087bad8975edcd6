"""Searches by citizen ID or phone number without putting the number in the page address.

Addresses end up in access logs, proxies and browser history, so a search form that may carry an
ID or phone number posts it; the view keeps the text in the (server-side) session under a random
token and redirects to ``?tim=<token>``, which pages and bookmarks like any search but reveals
nothing. A typed ``?q=`` with such a number is moved the same way at once.
"""

from __future__ import annotations

import re
import secrets

from django.http import HttpRequest

SESSION_KEY = "motcua_searches"
KEEP = 20
_LONG_NUMBER = re.compile(r"\d{9,}")


def looks_personal(text: str) -> bool:
    """A run of 9 or more digits, spaces and dots ignored: an ID (9 or 12 digits) or a phone number."""
    return bool(_LONG_NUMBER.search(re.sub(r"[\s.\-]", "", text or "")))


def stash(request: HttpRequest, text: str) -> str:
    token = secrets.token_urlsafe(9)
    saved: dict[str, str] = dict(request.session.get(SESSION_KEY) or {})
    saved[token] = text
    request.session[SESSION_KEY] = dict(list(saved.items())[-KEEP:])
    return token


def unstash(request: HttpRequest, token: str) -> str:
    return str((request.session.get(SESSION_KEY) or {}).get(token or "", ""))
