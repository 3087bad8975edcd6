"""The committed openapi.yaml is exactly what the code generates (CI fails on drift)."""

from __future__ import annotations

import difflib
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils import translation

COMMITTED = Path(settings.BASE_DIR) / "openapi.yaml"


def test_committed_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    # As `make openapi` runs it: the default language, validated, and no warning tolerated.
    with translation.override(settings.LANGUAGE_CODE):
        call_command("spectacular", "--validate", "--fail-on-warn", file=str(generated))

    expected = COMMITTED.read_text(encoding="utf-8") if COMMITTED.exists() else ""
    actual = generated.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            list(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "committed", "generated"))[
                :60
            ]
        )
        raise AssertionError(f"openapi.yaml is out of date: run `make openapi` and commit the result.\n{diff}")
