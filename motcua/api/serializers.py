"""Base classes of the API's output serializers."""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework import serializers


class OutputSerializer(serializers.ModelSerializer):
    """Output of model rows, with a schema that does not depend on the database backend.

    Django derives integer bounds from the backend (SQLite reports 64-bit ranges, PostgreSQL 16- or
    32-bit ones), which would make the committed openapi.yaml differ between the two; we drop the
    bounds that vary and keep a lower bound of 0, which both share for positive fields.
    """

    def build_standard_field(self, field_name: str, model_field: models.Field) -> tuple[type, dict[str, Any]]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        kwargs.pop("max_value", None)
        if kwargs.get("min_value", 0) < 0:
            kwargs.pop("min_value")
        return field_class, kwargs
