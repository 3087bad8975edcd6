"""SMS through a provider: `console` (the log; demo default) or `http` (a brandname gateway).

The HTTP provider POSTs JSON `{"to": ..., "text": ...}` with a bearer token: 2xx accepted, 4xx
rejected (408 and 429 retryable), 5xx and time-outs retryable. Non-urgent SMS are held during the
quiet hours (21:00–07:00 local time by default) and go out when they end.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Protocol

import httpx
from django.utils import timezone
from django.utils.module_loading import import_string

from motcua.accounts.identifiers import normalise_phone

from ..conf import notify
from ..models import Channel, OutboxMessage
from ..rendering import render_message
from .base import BaseChannel, Result

logger = logging.getLogger("motcua.notifications.sms")


class SmsProvider(Protocol):
    def send_sms(self, to: str, text: str) -> Result: ...


class ConsoleSmsProvider:
    """Writes the SMS to the log (stdout in the demo) and accepts it."""

    def send_sms(self, to: str, text: str) -> Result:
        logger.info("SMS to %s: %s", to, text)
        return Result.accepted("console")


class HttpSmsProvider:
    def __init__(self, url: str | None = None, token: str | None = None, timeout: float | None = None) -> None:
        self.url = url if url is not None else str(notify("SMS_HTTP_URL"))
        self.token = token if token is not None else str(notify("SMS_HTTP_TOKEN"))
        self.timeout = timeout if timeout is not None else float(notify("SMS_HTTP_TIMEOUT"))

    def send_sms(self, to: str, text: str) -> Result:
        if not self.url:
            return Result.retryable("SMS_HTTP_URL is not set")
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            response = httpx.post(self.url, json={"to": to, "text": text}, headers=headers, timeout=self.timeout)
        except httpx.HTTPError as exc:
            return Result.retryable(f"{type(exc).__name__}: {exc}")
        detail = f"HTTP {response.status_code} {response.text[:200]}".strip()
        if response.is_success:
            return Result.accepted(detail)
        if 400 <= response.status_code < 500 and response.status_code not in (408, 429):
            return Result.rejected(detail)
        return Result.retryable(detail)


PROVIDERS = {"console": ConsoleSmsProvider, "http": HttpSmsProvider}


def sms_provider() -> SmsProvider:
    """The provider named by MOTCUA_NOTIFY["SMS_PROVIDER"] ("console", "http" or a dotted path)."""
    name = str(notify("SMS_PROVIDER"))
    cls = PROVIDERS.get(name) or import_string(name)
    return cls()


def _clock(value: str) -> dt.time:
    hours, minutes = value.split(":")
    return dt.time(int(hours), int(minutes))


def quiet_until(now: dt.datetime) -> dt.datetime | None:
    """The end of the quiet hours if `now` (local time) falls in them, else None."""
    window = notify("QUIET_HOURS")
    if not window:
        return None
    start, end = _clock(window[0]), _clock(window[1])
    local = timezone.localtime(now)
    t = local.time()
    # A window like 21:00–07:00 crosses midnight.
    inside = start <= t < end if start <= end else (t >= start or t < end)
    if not inside:
        return None
    day = local.date() + dt.timedelta(days=1) if start > end and t >= start else local.date()
    return dt.datetime.combine(day, end, tzinfo=local.tzinfo)


class SmsChannel(BaseChannel):
    name = Channel.SMS

    def send(self, message: OutboxMessage) -> Result:
        phone = normalise_phone(message.recipient)
        if phone is None:
            return Result.rejected("not a mobile phone number")
        rendered = render_message(event=message.event, channel=Channel.SMS, payload=message.payload)
        return sms_provider().send_sms(phone, rendered.body)

    def hold_until(self, message: OutboxMessage, now: dt.datetime) -> dt.datetime | None:
        if message.event in tuple(notify("URGENT_EVENTS")):
            return None
        return quiet_until(now)
