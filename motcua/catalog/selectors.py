"""Catalog reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When, prefetch_related_objects
from django.db.models.functions import Length, Substr
from django.utils import timezone

from motcua.core.text import search_terms
from motcua.org.models import Agency

from .choices import ProcedureLevel, VersionStatus
from .models import Field, Procedure, ProcedureVersion
from .search import filter_by_query

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class FieldCount(TypedDict):
    count: int


# Versions that were (or are) in force over their dates; a retired version keeps its history.
IN_FORCE_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.RETIRED)


def version_for_date(*, procedure: Procedure, on: dt.date) -> ProcedureVersion | None:
    """The version of `procedure` in force on `on`, or None. Publishing keeps ranges disjoint."""
    return (
        ProcedureVersion.objects.filter(
            procedure=procedure, status__in=IN_FORCE_STATUSES, valid_from__isnull=False, valid_from__lte=on
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("procedure", "field")
        .order_by("-valid_from")
        .first()
    )


def version_in_force(*, code: str, on: dt.date | None = None) -> ProcedureVersion | None:
    """The version in force for a procedure code on `on` (default: today, local time)."""
    procedure = Procedure.objects.filter(code=code.strip().upper()).first()
    if procedure is None:
        return None
    return version_for_date(procedure=procedure, on=on or timezone.localdate())


# ---------------------------------------------------------------------------------------------
# Public catalogue: reads for the citizen pages (no sign-in).
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogFilters:
    """What a citizen can narrow the public catalogue by; empty values mean "any"."""

    query: str = ""
    field_slug: str = ""
    agency_id: int | None = None
    level: str = ""


def public_versions_in_force(*, on: dt.date) -> QuerySet[ProcedureVersion]:
    """Published versions valid on `on`: what the catalogue lists.

    Published ranges of one procedure never overlap, so this is one row per procedure. Drafts and
    retired versions are never listed; a past version is shown only on the procedure page, for a
    date inside its range (`?ngay=`, through `version_in_force`).
    """
    return ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )


def public_procedure_search(*, filters: CatalogFilters, on: dt.date) -> QuerySet[ProcedureVersion]:
    """Versions in force on `on` matching `filters`, best match first, ready for the result list.

    Ranking is a database expression (the same on SQLite and PostgreSQL) so pagination stays
    stable: exact code, then folded name starting with the query, then by folded name.
    """
    versions = public_versions_in_force(on=on)
    if filters.query:
        versions = filter_by_query(versions, filters.query)
    if filters.field_slug:
        versions = versions.filter(field__slug=filters.field_slug)
    if filters.agency_id:
        versions = versions.filter(agencies=filters.agency_id)
    if filters.level:
        versions = versions.filter(_has_level(filters.level))
    return _ranked(versions, filters.query).select_related("procedure", "field").prefetch_related("fees")


def _has_level(level: str) -> Q:
    """`levels` is a short JSON list; compare each position (JSON `contains` is not on SQLite)."""
    condition = Q()
    for position in range(len(ProcedureLevel.choices)):
        condition |= Q(**{f"levels__{position}": level})
    return condition


def _ranked(versions: QuerySet[ProcedureVersion], query: str) -> QuerySet[ProcedureVersion]:
    # search_text is " {code} {fold(code name field)} " and a code folds to its lower case, so the
    # folded name starts after 2 × len(code) + 3 characters (SQL positions count from 1).
    versions = versions.annotate(sort_name=Substr("search_text", Length("procedure__code") * 2 + 4))
    folded = " ".join(search_terms(query))
    if not folded:
        return versions.order_by("sort_name", "procedure__code")
    versions = versions.annotate(
        rank=Case(
            When(procedure__code__iexact=query.strip(), then=Value(0)),
            When(sort_name__startswith=folded, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )
    return versions.order_by("rank", "sort_name", "procedure__code")


def public_fields_with_counts(*, on: dt.date) -> QuerySet[WithAnnotations[Field, FieldCount]]:
    """Fields that have procedures in force, each with `count`, by name."""
    in_force = public_versions_in_force(on=on).values("pk")
    return Field.objects.filter(versions__in=in_force).annotate(count=Count("versions")).order_by("name")


def public_top_fields(*, on: dt.date, limit: int = 8) -> list[Field]:
    """The fields with most procedures in force, for the portal home page."""
    return list(public_fields_with_counts(on=on).order_by("-count", "name")[:limit])


def public_agencies(*, on: dt.date) -> QuerySet[Agency]:
    """Agencies competent for at least one procedure in force, by name."""
    in_force = public_versions_in_force(on=on).values("pk")
    return Agency.objects.filter(procedure_versions__in=in_force).distinct().order_by("name").only("pk", "name")


def public_version_on(*, code: str, on: dt.date) -> ProcedureVersion | None:
    """The version of procedure `code` in force on `on` (see `version_in_force`), with what its page shows."""
    version = version_in_force(code=code, on=on)
    if version is not None:
        prefetch_related_objects([version], "agencies", "components", "fees", "steps")
    return version


def public_version_history(*, version: ProcedureVersion) -> QuerySet[ProcedureVersion]:
    """Every version of the same procedure that is, was or will be in force, newest first."""
    return (
        ProcedureVersion.objects.filter(
            procedure_id=version.procedure_id, status__in=IN_FORCE_STATUSES, valid_from__isnull=False
        )
        .order_by("-number")
        .only("pk", "number", "valid_from", "valid_to")
    )
