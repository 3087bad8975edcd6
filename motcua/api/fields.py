"""Query-parameter fields whose errors carry our own codes (and so our own messages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rest_framework import serializers

from .errors import EN_MESSAGES


class DateParam(serializers.DateField):
    """An ISO date (YYYY-MM-DD); anything else is a 400 with code `invalid_date`."""

    default_error_messages = {"invalid_date": EN_MESSAGES["invalid_date"]}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["iso-8601"])
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> dt.date:
        try:
            return super().to_internal_value(value)
        except serializers.ValidationError:
            self.fail("invalid_date")
            raise  # unreachable: fail() raises
