"""The full national data set imports fast, keeps every procedure, and re-imports as a no-op."""

from __future__ import annotations

import pytest

from motcua.catalog.importing.national import default_path, import_national_file
from motcua.catalog.models import ProcedureVersion

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.mark.skipif(not default_path().exists(), reason="the national data set is not available")
def test_full_national_file() -> None:
    report = import_national_file(progress=False)

    assert (report.kept, report.created, len(report.rejections)) == (2642, 2642, 0)
    assert report.warnings_by_kind() == {
        "fee_needs_review": 309,
        "no_components": 54,
        "no_process_template": 607,
        "no_processing_time": 182,
        "time_differs_by_channel": 205,
        "time_unit_assumed": 301,
    }
    assert ProcedureVersion.objects.count() == 2642

    again = import_national_file(progress=False)
    assert (again.unchanged, again.created, again.updated) == (2642, 0, 0)
