"""Catalog writes: draft, publish and retire procedure versions.

Each change is one transaction with the `Procedure` row locked, so two administrators publishing
versions of the same procedure queue instead of both passing the overlap check. Guards raise
`ValidationError` with a message meant for the administrator.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, TypeVar, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import DurationUnit, VersionStatus
from .models import Component, FeeItem, Procedure, ProcedureVersion, ProcessStep
from .search import refresh_search_text

logger = logging.getLogger(__name__)
ONE_DAY = dt.timedelta(days=1)
BUDGETED_UNITS = (DurationUnit.WORKING_DAYS, DurationUnit.WORKING_HOURS)
_Child = TypeVar("_Child", Component, FeeItem)


def _lock(procedure_id: int) -> Procedure:
    return Procedure.objects.select_for_update().get(pk=procedure_id)


def _copy_rows(model: type[_Child], source: ProcedureVersion, target: ProcedureVersion) -> None:
    rows = list(model.objects.filter(version=source))
    for row in rows:
        row.pk, row.version = None, target
    model.objects.bulk_create(rows)


def _copy_children(source: ProcedureVersion, target: ProcedureVersion) -> None:
    _copy_rows(Component, source, target)
    _copy_rows(FeeItem, source, target)
    old_steps = list(ProcessStep.objects.filter(version=source).prefetch_related("coordinating_agencies"))
    agencies = [list(step.coordinating_agencies.all()) for step in old_steps]
    for step in old_steps:
        step.pk, step.version = None, target
    for step, step_agencies in zip(ProcessStep.objects.bulk_create(old_steps), agencies, strict=True):
        if step_agencies:
            step.coordinating_agencies.set(step_agencies)


def version_create_draft(
    *, procedure: Procedure, from_version: ProcedureVersion | None = None, actor: Any = None
) -> ProcedureVersion:
    """Copy `from_version` (default: the latest) with its components, fees, steps and agencies into
    a new draft numbered after the highest. Refused while the latest version is still a draft."""
    with transaction.atomic():
        _lock(procedure.pk)
        versions = ProcedureVersion.objects.filter(procedure=procedure)
        latest = versions.order_by("-number").first()
        source = from_version or latest
        if source is None or source.procedure_id != procedure.pk:
            raise ValidationError(_("There is no version of %(code)s to copy."), params={"code": procedure.code})
        if latest is not None and latest.status == VersionStatus.DRAFT:
            raise ValidationError(
                _("%(version)s is already a draft: edit it instead of creating another one."),
                params={"version": str(latest)},
            )
        source = ProcedureVersion.objects.get(pk=source.pk)
        source_pk, source_number, agencies = source.pk, source.number, list(source.agencies.all())
        draft = source
        draft.pk = None
        draft.number = (versions.aggregate(top=Max("number"))["top"] or 0) + 1
        draft.status, draft.valid_from, draft.valid_to, draft.published_at = VersionStatus.DRAFT, None, None, None
        draft.save()
        draft.agencies.set(agencies)
        _copy_children(ProcedureVersion(pk=source_pk), draft)
        refresh_search_text(draft)
        logger.info("catalog.version_create_draft %s from v%s by %s", draft, source_number, actor)
    return draft


def _budget_errors(version: ProcedureVersion) -> list[ValidationError]:
    """Sequential steps plus the longest step of each parallel group must equal the legal time."""
    if version.time_unit not in BUDGETED_UNITS:
        return []
    sequential = 0
    groups: dict[int, int] = {}
    for step in version.steps.all():
        if step.parallel_group is None:
            sequential += step.budget_minutes
        else:
            groups[step.parallel_group] = max(groups.get(step.parallel_group, 0), step.budget_minutes)
    planned, legal = sequential + sum(groups.values()), version.time_minutes
    if planned == legal:
        return []
    return [
        ValidationError(
            _("The process steps take %(planned)s working minutes but the legal time is %(legal)s working minutes."),
            params={"planned": planned, "legal": legal},
        )
    ]


def _guard_publishable(version: ProcedureVersion, valid_from: dt.date, valid_to: dt.date | None) -> None:
    errors = []
    if version.status != VersionStatus.DRAFT:
        errors.append(ValidationError(_("%(version)s is not a draft."), params={"version": str(version)}))
    if version.time_value is None or not version.time_unit:
        errors.append(ValidationError(_("%(version)s has no legal processing time."), params={"version": str(version)}))
    elif version.time_value <= 0:
        errors.append(ValidationError(_("The legal processing time must be positive.")))
    else:
        errors += _budget_errors(version)
    if valid_to is not None and valid_to < valid_from:
        errors.append(ValidationError(_("“Valid to” is before “valid from”.")))
    if errors:
        raise ValidationError(errors)


def _versions_to_close(version: ProcedureVersion, valid_from: dt.date, valid_to: dt.date | None) -> list:
    """Earlier open-ended versions to close the day before; any other overlap is refused."""
    to_close = []
    others = ProcedureVersion.objects.filter(
        procedure_id=version.procedure_id, status__in=(VersionStatus.PUBLISHED, VersionStatus.RETIRED)
    ).exclude(pk=version.pk)
    for other in others.exclude(valid_from__isnull=True).order_by("valid_from"):
        other_from = cast(dt.date, other.valid_from)  # null valid_from is excluded by the query
        other_to = other.valid_to
        if other.status == VersionStatus.PUBLISHED and other_to is None and other_from < valid_from:
            to_close.append(other)
            other_to = valid_from - ONE_DAY
        if other_from <= (valid_to or dt.date.max) and (other_to or dt.date.max) >= valid_from:
            raise ValidationError(
                _("%(other)s is valid from %(start)s to %(end)s, which overlaps the requested dates."),
                params={"other": str(other), "start": other_from, "end": other_to or _("open-ended")},
            )
    return to_close


def version_publish(
    *, version: ProcedureVersion, valid_from: dt.date, valid_to: dt.date | None = None, actor: Any = None
) -> ProcedureVersion:
    """Publish a draft over [valid_from, valid_to]; an earlier open-ended version is closed the day before."""
    with transaction.atomic():
        _lock(version.procedure_id)
        version = ProcedureVersion.objects.select_related("procedure", "field").get(pk=version.pk)
        _guard_publishable(version, valid_from, valid_to)
        for other in _versions_to_close(version, valid_from, valid_to):
            other.valid_to = valid_from - ONE_DAY
            other.save(update_fields=["valid_to", "updated_at"])
        version.status, version.valid_from, version.valid_to = VersionStatus.PUBLISHED, valid_from, valid_to
        version.published_at = timezone.now()
        version.save(update_fields=["status", "valid_from", "valid_to", "published_at", "updated_at"])
        refresh_search_text(version)
        logger.info("catalog.version_publish %s from %s by %s", version, valid_from, actor)
    return version


def version_retire(*, version: ProcedureVersion, on: dt.date | None = None, actor: Any = None) -> ProcedureVersion:
    """Withdraw a version. A draft is simply discarded; a published one stops being valid after `on`
    (default today) and keeps its dates, so dossiers filed under it still find it."""
    with transaction.atomic():
        _lock(version.procedure_id)
        version = ProcedureVersion.objects.select_related("procedure").get(pk=version.pk)
        on = on or timezone.localdate()
        if version.status == VersionStatus.RETIRED:
            raise ValidationError(_("%(version)s is already retired."), params={"version": str(version)})
        if version.status == VersionStatus.PUBLISHED:
            if version.valid_from and on < version.valid_from:
                raise ValidationError(
                    _("%(version)s is not in force before %(start)s; it cannot be retired on %(on)s."),
                    params={"version": str(version), "start": version.valid_from, "on": on},
                )
            version.valid_to = min(version.valid_to or on, on)
        version.status = VersionStatus.RETIRED
        version.save(update_fields=["status", "valid_to", "updated_at"])
        logger.info("catalog.version_retire %s on %s by %s", version, on, actor)
    return version


def procedure_publish_latest(*, code: str, valid_from: dt.date, actor: Any = None) -> ProcedureVersion:
    """Publish the latest draft of the procedure `code` (for seeding and scripted roll-outs)."""
    version = (
        ProcedureVersion.objects.filter(procedure__code=code, status=VersionStatus.DRAFT).order_by("-number").first()
    )
    if version is None:
        raise ValidationError(_("%(code)s has no draft to publish."), params={"code": code})
    return version_publish(version=version, valid_from=valid_from, actor=actor)
