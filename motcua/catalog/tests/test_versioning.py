"""Versioning: drafts, publishing guards, automatic closing, immutability and the date selectors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.choices import DurationUnit, VersionStatus
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import version_for_date, version_in_force
from motcua.catalog.services import version_create_draft, version_publish, version_retire

from .factories import ComponentFactory, FeeFactory, ProcedureFactory, StepFactory, VersionFactory

pytestmark = pytest.mark.django_db
JAN_1, MAR_1, JUN_1 = dt.date(2026, 1, 1), dt.date(2026, 3, 1), dt.date(2026, 6, 1)


def draft(procedure=None, number: int = 1, days: int = 5, **kwargs) -> ProcedureVersion:
    """A draft whose single step takes the whole legal time (so it can be published)."""
    version = VersionFactory(procedure=procedure or ProcedureFactory(), number=number, time_value=days, **kwargs)
    StepFactory(version=version, order=1, budget_minutes=days * 480)
    return version


def test_publish_sets_status_and_dates() -> None:
    version = version_publish(version=draft(), valid_from=JAN_1)

    version.refresh_from_db()
    assert (version.status, version.valid_from, version.valid_to) == (VersionStatus.PUBLISHED, JAN_1, None)
    assert version.published_at is not None


def test_publishing_closes_the_earlier_open_version_the_day_before() -> None:
    first = version_publish(version=draft(), valid_from=JAN_1)
    second = version_publish(version=draft(first.procedure, number=2), valid_from=MAR_1)

    first.refresh_from_db()
    assert first.valid_to == dt.date(2026, 2, 28) and first.status == VersionStatus.PUBLISHED
    assert (second.valid_from, second.valid_to) == (MAR_1, None)


@pytest.mark.parametrize(
    ("valid_from", "valid_to"),
    [(JAN_1, None), (dt.date(2025, 12, 1), None), (dt.date(2025, 12, 1), dt.date(2026, 1, 1))],
)
def test_overlap_with_a_version_that_does_not_start_earlier_is_refused(valid_from, valid_to) -> None:
    first = version_publish(version=draft(), valid_from=JAN_1)
    second = draft(first.procedure, number=2)

    with pytest.raises(ValidationError, match="overlaps"):
        version_publish(version=second, valid_from=valid_from, valid_to=valid_to)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.valid_to is None and second.status == VersionStatus.DRAFT


def test_overlap_with_a_closed_version_is_refused() -> None:
    first = version_publish(version=draft(), valid_from=JAN_1, valid_to=JUN_1)

    with pytest.raises(ValidationError, match="overlaps"):
        version_publish(version=draft(first.procedure, number=2), valid_from=MAR_1)


def test_a_version_ending_before_the_next_starts_is_allowed() -> None:
    first = version_publish(version=draft(), valid_from=MAR_1)

    earlier = version_publish(version=draft(first.procedure, number=2), valid_from=JAN_1, valid_to=dt.date(2026, 2, 28))

    assert earlier.status == VersionStatus.PUBLISHED


def test_budgets_must_sum_to_the_legal_time() -> None:
    version = draft(days=2)
    StepFactory(version=version, order=2, budget_minutes=60)

    with pytest.raises(ValidationError, match="1020 working minutes but the legal time is 960"):
        version_publish(version=version, valid_from=JAN_1)


def test_parallel_steps_count_their_longest_step() -> None:
    version = VersionFactory(time_value=Decimal("4"), time_unit=DurationUnit.WORKING_HOURS)
    StepFactory(version=version, order=1, budget_minutes=60)
    StepFactory(version=version, order=2, budget_minutes=120, parallel_group=1)
    StepFactory(version=version, order=3, budget_minutes=90, parallel_group=1)
    StepFactory(version=version, order=4, budget_minutes=60)

    assert version_publish(version=version, valid_from=JAN_1).status == VersionStatus.PUBLISHED


def test_calendar_units_need_no_budgets() -> None:
    version = VersionFactory(time_value=Decimal("30"), time_unit=DurationUnit.CALENDAR_DAYS)

    assert version_publish(version=version, valid_from=JAN_1).status == VersionStatus.PUBLISHED


def test_only_drafts_with_a_legal_time_can_be_published() -> None:
    published = version_publish(version=draft(), valid_from=JAN_1)
    with pytest.raises(ValidationError, match="not a draft"):
        version_publish(version=published, valid_from=MAR_1)

    no_time = VersionFactory(time_value=None, time_unit="")
    with pytest.raises(ValidationError, match="no legal processing time"):
        version_publish(version=no_time, valid_from=JAN_1)


def test_create_draft_copies_children_and_numbers_next() -> None:
    source = draft()
    ComponentFactory(version=source, order=1, name="Tờ khai")
    FeeFactory(version=source, amount_vnd=8000)
    version_publish(version=source, valid_from=JAN_1)

    copy = version_create_draft(procedure=source.procedure, from_version=source)

    assert (copy.number, copy.status, copy.valid_from) == (2, VersionStatus.DRAFT, None)
    assert list(copy.components.values_list("name", flat=True)) == ["Tờ khai"]
    assert list(copy.fees.values_list("amount_vnd", flat=True)) == [8000]
    assert list(copy.steps.values_list("budget_minutes", flat=True)) == [2400]
    assert copy.search_text == source.search_text
    source.refresh_from_db()
    assert source.components.count() == 1


def test_create_draft_is_refused_while_a_draft_exists() -> None:
    version = draft()

    with pytest.raises(ValidationError, match="already a draft"):
        version_create_draft(procedure=version.procedure)


def test_version_for_date_picks_the_exact_version() -> None:
    first = version_publish(version=draft(), valid_from=JAN_1)
    second = version_publish(version=draft(first.procedure, number=2), valid_from=MAR_1)
    procedure = first.procedure

    assert version_for_date(procedure=procedure, on=dt.date(2025, 12, 31)) is None
    assert version_for_date(procedure=procedure, on=JAN_1) == first
    assert version_for_date(procedure=procedure, on=dt.date(2026, 2, 28)) == first
    assert version_for_date(procedure=procedure, on=MAR_1) == second
    # A dossier filed in February keeps pointing at version 1 after version 2 takes over.
    assert version_in_force(code=procedure.code, on=dt.date(2026, 2, 10)) == first
    assert version_in_force(code=procedure.code, on=JUN_1) == second
    assert version_in_force(code="9.999999", on=JUN_1) is None


def test_drafts_are_never_in_force() -> None:
    version = draft()

    assert version_in_force(code=version.procedure.code, on=JAN_1) is None


def test_retire_ends_validity_but_keeps_history() -> None:
    version = version_publish(version=draft(), valid_from=JAN_1)

    version_retire(version=version, on=MAR_1)

    version.refresh_from_db()
    assert (version.status, version.valid_to) == (VersionStatus.RETIRED, MAR_1)
    assert version_for_date(procedure=version.procedure, on=dt.date(2026, 2, 1)) == version
    assert version_for_date(procedure=version.procedure, on=JUN_1) is None
    with pytest.raises(ValidationError, match="already retired"):
        version_retire(version=version, on=JUN_1)
