"""The public status lookup shared by the page and the API (services.md §7).

With the code alone anyone gets the public status; with the last 4 digits of the applicant's phone
or ID number (or signed in as the applicant) also the personal details, logged as a personal-data
access. An unknown code, a draft, a malformed code and a wrong factor give the same NOT_FOUND, and
cost the same work: the factor is compared (`hmac.compare_digest`) against placeholder keys when no
dossier matches, and the wrong-factor counter of the typed code moves either way, so the lock
cannot tell a real code from an invented one.

Limits (``settings.MOTCUA["LOOKUP_LIMITS"]``) are fixed-window counters in the cache (Redis in
production, so every process shares them): lookups per client IP per minute and per local day, and
wrong factors per code, which lock the factor of that code for an hour (a right factor is refused
too while locked). Codes are sequential: these limits are what stops enumeration.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import hmac
import ipaddress
import math
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from motcua.audit.services import personal_data_access_record
from motcua.calendars.engine import explain_render
from motcua.dossiers.codes import code_normalise
from motcua.dossiers.selectors_public import (
    LookupKeys,
    PublicDetails,
    PublicStatus,
    public_details,
    public_lookup_row,
)

DEFAULT_LIMITS = {
    "PER_MINUTE": 30,
    "PER_DAY": 300,
    "WRONG_FACTORS": 5,
    "WRONG_FACTOR_WINDOW_SECONDS": 3600,
    "LOCK_SECONDS": 3600,
}
PURPOSE = "public_lookup"
DETAIL_FIELDS = ["applicant_name", "components", "history", "forms", "return_address"]
# Compared against when no dossier matches, so an unknown code costs what a wrong factor costs.
_PLACEHOLDER_KEYS = LookupKeys(dossier_id=0, agency_id=0, applicant_id=None, phone_tail="\x00" * 4, id_tail="\x01" * 4)


class Outcome(enum.Enum):
    FOUND = "found"  # public status (and `details` when the factor was right or the owner asked)
    NOT_FOUND = "not_found"  # unknown, draft, malformed or wrong factor: one answer for all
    LIMITED = "limited"  # too many lookups from this IP
    LOCKED = "locked"  # too many wrong factors for this code


@dataclass(frozen=True)
class LookupResult:
    outcome: Outcome
    status: PublicStatus | None = None
    details: PublicDetails | None = None
    retry_after: int = 0  # seconds, for LIMITED and LOCKED
    retry_at: float = 0.0  # epoch seconds, for the message

    @property
    def refused(self) -> bool:
        return self.outcome in (Outcome.LIMITED, Outcome.LOCKED)

    def message(self) -> str:
        """Why a LIMITED or LOCKED lookup was refused and when to try again, in the active language."""
        at = timezone.localtime(dt.datetime.fromtimestamp(math.ceil(self.retry_at / 60) * 60, dt.UTC))
        values = {"time": at.strftime("%H:%M %d/%m/%Y")}
        if self.outcome == Outcome.LOCKED:
            return (
                _(
                    "Too many wrong digits were entered for this dossier code, so its details are locked for a "
                    "while. Please try again after %(time)s. You can still look up the status with the code alone."
                )
                % values
            )
        return _("Too many lookups from your connection. Please try again after %(time)s.") % values


def limits() -> dict[str, int]:
    return {**DEFAULT_LIMITS, **settings.MOTCUA.get("LOOKUP_LIMITS", {})}


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or behind ``MOTCUA["TRUSTED_PROXY_COUNT"]`` proxies the address they saw (X-Forwarded-For).

    With N trusted proxies the client is the N-th entry from the right; entries further left were
    written by the client itself and are not trusted.
    """
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = int(settings.MOTCUA.get("TRUSTED_PROXY_COUNT", 0) or 0)
    candidate = remote
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if hops:
            candidate = hops[-proxies] if len(hops) >= proxies else hops[0]
    for value in (candidate, remote):
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            continue
    return None


def _hit(key: str, ttl: int) -> int:
    """Add one to a counter that lives `ttl` seconds from its first hit; returns the new count."""
    return _hits([(key, ttl)])[0]


def _hits(counters: list[tuple[str, int]]) -> list[int]:
    """`_hit` for several counters; on Redis in one round trip (SET NX EX + INCR per key, pipelined)."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        keys = [(backend.make_and_validate_key(key), ttl) for key, ttl in counters]
        # `_cache` is the backend's client wrapper (Django's RedisCacheClient); the stubs do not declare it.
        client = backend._cache.get_client(keys[0][0], write=True)  # type: ignore[attr-defined]
        pipeline = client.pipeline(transaction=False)
        for key, ttl in keys:
            pipeline.set(key, 0, ex=ttl, nx=True)
            pipeline.incr(key)
        return [int(n) for n in pipeline.execute()[1::2]]
    counts = []
    for key, ttl in counters:
        try:
            counts.append(int(cache.incr(key)))
        except ValueError:
            counts.append(1 if cache.add(key, 1, ttl) else int(cache.incr(key)))
    return counts


def _ip_limit(ip: str | None, now: float, conf: dict[str, int]) -> LookupResult | None:
    who = ip or "unknown"
    minute = int(now // 60)
    minute_end = (minute + 1) * 60
    local = timezone.localtime(timezone.now())
    day_end = local.replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    day_end_epoch = day_end.timestamp()
    per_minute, per_day = _hits(
        [
            (f"lookup:ip:m:{who}:{minute}", int(minute_end - now) + 1),
            (f"lookup:ip:d:{who}:{local.date().isoformat()}", int(day_end_epoch - now) + 60),
        ]
    )
    if per_day > conf["PER_DAY"]:
        return _refusal(Outcome.LIMITED, day_end_epoch, now)
    if per_minute > conf["PER_MINUTE"]:
        return _refusal(Outcome.LIMITED, minute_end, now)
    return None


def _refusal(outcome: Outcome, until: float, now: float) -> LookupResult:
    return LookupResult(outcome, retry_after=max(1, math.ceil(until - now)), retry_at=until)


def _code_key(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()[:32]


def _factor_matches(factor: str, keys: LookupKeys) -> bool:
    """Both comparisons always run, in constant time; a key shorter than 4 never matches."""
    typed = "".join(factor.split()).upper().encode()[:16]
    phone = hmac.compare_digest(typed, keys.phone_tail.encode()) and len(keys.phone_tail) == 4
    ident = hmac.compare_digest(typed, keys.id_tail.encode()) and len(keys.id_tail) == 4
    return bool(phone | ident)


def lookup_public(*, code: str, factor: str | None, ip: str | None, user: Any) -> LookupResult:
    """Look a dossier up by code, with the second factor if given; counts against the limits.

    Returns FOUND (with `details` when the factor is right, or `user` is the dossier's applicant
    account: both write a PersonalDataAccess), NOT_FOUND, LIMITED or LOCKED (`retry_after` seconds).
    """
    conf = limits()
    now = time.time()
    refused = _ip_limit(ip, now, conf)
    if refused is not None:
        return refused
    normalised = code_normalise(code)[:64]
    factor = (factor or "").strip()
    lock_key = f"lookup:lock:{_code_key(normalised)}"
    if factor:
        locked_until = cache.get(lock_key)
        if locked_until is not None and float(locked_until) > now:
            return _refusal(Outcome.LOCKED, float(locked_until), now)
    found = public_lookup_row(normalised)
    status, keys = found if found is not None else (None, _PLACEHOLDER_KEYS)
    if factor:
        if _factor_matches(factor, keys) and status is not None:
            return _with_details(status, keys, user=user, ip=ip, role="")
        failures = _hit(f"lookup:fail:{_code_key(normalised)}", conf["WRONG_FACTOR_WINDOW_SECONDS"])
        if failures >= conf["WRONG_FACTORS"]:
            cache.set(lock_key, now + conf["LOCK_SECONDS"], conf["LOCK_SECONDS"])
            cache.delete(f"lookup:fail:{_code_key(normalised)}")
        return LookupResult(Outcome.NOT_FOUND)
    if status is None:
        return LookupResult(Outcome.NOT_FOUND)
    owner_id = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    if owner_id is not None and keys.applicant_id == owner_id:
        return _with_details(status, keys, user=user, ip=ip, role="applicant")
    return LookupResult(Outcome.FOUND, status=status)


def _with_details(status: PublicStatus, keys: LookupKeys, *, user: Any, ip: str | None, role: str) -> LookupResult:
    details = public_details(keys.dossier_id)
    personal_data_access_record(
        user=user if getattr(user, "is_authenticated", False) else None,
        dossier_id=keys.dossier_id,
        dossier_code=status.code,
        fields=DETAIL_FIELDS,
        purpose=PURPOSE,
        role=role,
        ip=ip,
        agency_id=keys.agency_id,
    )
    return LookupResult(Outcome.FOUND, status=status, details=details)


@dataclass(frozen=True)
class TimelineRow:
    label: str
    at: dt.datetime
    agency: str


def timeline(details: PublicDetails) -> list[TimelineRow]:
    """History rows with their label in the active language (what happened, when, at which agency)."""
    # Imported here: the dossier views package loads the URLconf, which imports this module's API view.
    from motcua.dossiers.views.labels import ACTION_LABELS, ONLINE_RECEIVE

    rows = []
    for event in details.history:
        if event.action == "receive" and event.data.get("channel") == "online":
            label = str(ONLINE_RECEIVE)
        else:
            label = str(ACTION_LABELS[event.action]) if event.action in ACTION_LABELS else event.action
        rows.append(TimelineRow(label, event.at, event.agency))
    return rows


def due_explanation_text(details: PublicDetails) -> str:
    """How the due date was computed (stored with the dossier; rendered in the active language)."""
    if not details.due_explanation:
        return ""
    return explain_render(details.due_explanation, "en" if (get_language() or "vi").startswith("en") else "vi")
