"""Which real procedures the demo province publishes, and which agencies handle them.

Rule-based, not hand-picked: commune-level procedures of the citizen-facing fields a commune
People's Committee handles go to every demo commune; province-level procedures of a Sở's fields go
to that Sở. A version is published only if it passes the normal publishing checks; the rest stay
drafts for the administrator, with the reason reported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from motcua.org.demo import PROVINCIAL_BODIES, DemoOrg

from .choices import ProcedureLevel, VersionStatus
from .models import ProcedureVersion
from .services import version_publish

PUBLISH_FROM = dt.date(2025, 7, 1)
COMMUNE_FIELDS = (
    "Hộ tịch",
    "Chứng thực",
    "Nuôi con nuôi",
    "Đất đai",
    "Hoạt động xây dựng",
    "Nhà ở và công sở",
    "Quy hoạch đô thị và nông thôn",
    "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)",
    "Thành lập và hoạt động của tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã",
    "Người có công",
    "Giảm nghèo",
    "Hòa giải ở cơ sở",
    "Nông nghiệp",
    "Lâm nghiệp",
    "Thủy lợi",
)
MAX_PER_PROVINCIAL_FIELD = 12


@dataclass
class PublishReport:
    published: int = 0
    already: int = 0
    fields: set[str] = field(default_factory=set)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def publish_demo_catalog(org: DemoOrg) -> PublishReport:
    report = PublishReport()
    communes = list(org.communes)
    drafts = ProcedureVersion.objects.select_related("procedure", "field").filter(status=VersionStatus.DRAFT)
    for version in drafts.filter(field__name__in=COMMUNE_FIELDS).order_by("procedure__code"):
        if ProcedureLevel.COMMUNE in version.levels:
            _publish(version, communes, report)
    every = ProcedureVersion.objects.select_related("procedure", "field").exclude(status=VersionStatus.RETIRED)
    for body in PROVINCIAL_BODIES:
        per_field: dict[str, int] = {}
        for version in every.filter(field__name__in=body.fields).order_by("field__name", "procedure__code"):
            # The same first N per field on every run, so seeding twice publishes nothing new.
            if (
                ProcedureLevel.PROVINCE not in version.levels
                or per_field.get(version.field.name, 0) >= MAX_PER_PROVINCIAL_FIELD
            ):
                continue
            per_field[version.field.name] = per_field.get(version.field.name, 0) + 1
            if version.status == VersionStatus.DRAFT:
                _publish(version, [org.bodies[body.key]], report)
    report.already = ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED).count() - report.published
    report.fields = set(
        ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED).values_list("field__name", flat=True)
    )
    return report


def _publish(version: ProcedureVersion, agencies: list, report: PublishReport) -> bool:
    if ProcedureVersion.objects.filter(procedure_id=version.procedure_id, status=VersionStatus.PUBLISHED).exists():
        return False
    version.agencies.add(*agencies)
    try:
        version_publish(version=version, valid_from=PUBLISH_FROM, actor="seed_demo")
    except ValidationError as error:
        report.skipped.append((version.procedure.code, "; ".join(error.messages)))
        return False
    report.published += 1
    return True
