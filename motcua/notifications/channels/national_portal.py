"""National public-service portal sync: not built yet (a later issue).

The channel reports itself not configured, so the delivery loop leaves its rows pending with no
attempts; a province plugs in a real implementation through MOTCUA_NOTIFY["CHANNELS"].
"""

from __future__ import annotations

from ..models import Channel, OutboxMessage
from .base import BaseChannel, Result


class NotConfiguredChannel(BaseChannel):
    name = Channel.NATIONAL_PORTAL
    configured = False

    def send(self, message: OutboxMessage) -> Result:
        return Result.retryable("national portal sync is not configured")
