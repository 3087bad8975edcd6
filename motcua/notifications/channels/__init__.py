"""The channel registry: one implementation per outbox channel, replaceable in settings."""

from __future__ import annotations

from django.utils.module_loading import import_string

from ..conf import notify
from .base import BaseChannel, Outcome, Result

DEFAULT_CHANNELS = {
    "email": "motcua.notifications.channels.mail.EmailChannel",
    "sms": "motcua.notifications.channels.sms.SmsChannel",
    "national_portal": "motcua.notifications.channels.national_portal.NotConfiguredChannel",
}


def channel_for(name: str) -> BaseChannel | None:
    """The channel for an outbox row's `channel`, or None for an unknown name."""
    path = {**DEFAULT_CHANNELS, **dict(notify("CHANNELS"))}.get(name)
    return import_string(path)() if path else None


def configured_channels() -> list[str]:
    """Channels the delivery loop sends on; the others' rows stay pending, untouched."""
    names = {**DEFAULT_CHANNELS, **dict(notify("CHANNELS"))}
    return [name for name in names if (channel := channel_for(name)) is not None and channel.configured]


__all__ = ["BaseChannel", "Outcome", "Result", "channel_for", "configured_channels"]
