"""The channel interface: `send(message) -> Result(accepted | rejected | retryable, detail)`.

`rejected` is permanent (the message fails at once); `retryable` is tried again on the retry
schedule. A channel that is not `configured` is skipped by the delivery loop: its rows stay pending,
untouched, until an implementation is plugged in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from ..models import OutboxMessage


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    RETRYABLE = "retryable"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    detail: str = ""

    @classmethod
    def accepted(cls, detail: str = "") -> Result:
        return cls(Outcome.ACCEPTED, detail)

    @classmethod
    def rejected(cls, detail: str) -> Result:
        return cls(Outcome.REJECTED, detail)

    @classmethod
    def retryable(cls, detail: str) -> Result:
        return cls(Outcome.RETRYABLE, detail)


class BaseChannel:
    name: ClassVar[str] = ""
    configured: ClassVar[bool] = True

    def send(self, message: OutboxMessage) -> Result:
        raise NotImplementedError

    def hold_until(self, message: OutboxMessage, now: dt.datetime) -> dt.datetime | None:
        """A time before which the message must not go out (quiet hours), or None to send now."""
        return None
