"""Online payment in the demo: two real procedures with a fee made fully online, so the demo citizen can
"submit and pay" through the built-in sandbox gateway.

The national data carries no online level (shared/data/procedures/README.md "Online level": an
administrator setting), so the demo administrator does what an administrator would: a new version of
each procedure through the catalogue's versioning services, online level "full", published from today
with the same agencies, components and fees as imported (no fee is invented). Idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from motcua.catalog.choices import OnlineLevel, VersionStatus
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.services import version_create_draft, version_publish
from motcua.org.choices import Role
from motcua.org.models import User

# Cấp lại Thẻ công chứng viên (100.000 đ), Cấp lại Chứng chỉ hành nghề đấu giá (500.000 đ).
FULL_ONLINE_CODES = ("1.013830", "1.000802")


@dataclass
class PaymentsDemo:
    made: list[ProcedureVersion] = field(default_factory=list)
    already: list[ProcedureVersion] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def lines(self, base_url: str) -> list[str]:
        out = [f"Online payment: {len(self.made)} procedure(s) made fully online now, {len(self.already)} already."]
        for code, reason in self.skipped:
            out.append(f"  {code}: not made fully online ({reason})")
        for version in [*self.made, *self.already]:
            fees = ", ".join(f"{fee.amount_vnd:,} đ".replace(",", ".") for fee in version.fees.all() if fee.amount_vnd)
            start = reverse("citizen:start", args=[version.pk])
            out.append(f"  {version.procedure.code} {version.name} ({fees}): {base_url}{start}")
        out.append("  Sign in as the demo citizen, fill in the application, press “Nộp hồ sơ và thanh toán”;")
        out.append("  the sandbox page has buttons to pay, cancel, fail, send the IPN late or twice, or forge it.")
        return out


def _administrator() -> User | None:
    return (
        User.objects.filter(username="quantri").first()
        or User.objects.filter(role_assignments__role=Role.ADMINISTRATOR).order_by("pk").first()
    )


def _make_full(code: str, actor: User | None, report: PaymentsDemo) -> None:
    current = (
        ProcedureVersion.objects.filter(procedure__code=code, status=VersionStatus.PUBLISHED)
        .select_related("procedure")
        .order_by("-number")
        .first()
    )
    if current is None:
        report.skipped.append((code, "no published version"))
        return
    if current.online_level == OnlineLevel.FULL:
        report.already.append(current)
        return
    if not any(fee.amount_vnd and not fee.needs_review for fee in current.fees.all()):
        report.skipped.append((code, "no fee amount to charge"))
        return
    today = timezone.localdate()
    with transaction.atomic():
        latest = ProcedureVersion.objects.filter(procedure=current.procedure).order_by("-number").first()
        if latest is not None and latest.status == VersionStatus.DRAFT:
            draft = latest  # an administrator's draft already waits: publish it as a full-online version
        else:
            draft = version_create_draft(procedure=current.procedure, from_version=current, actor=actor)
        draft.online_level = OnlineLevel.FULL
        draft.save(update_fields=["online_level", "updated_at"])
        valid_from = max(today, current.valid_from or today)
        try:
            report.made.append(version_publish(version=draft, valid_from=valid_from, actor=actor))
        except ValidationError as error:
            transaction.set_rollback(True)
            report.skipped.append((code, "; ".join(error.messages)))


def build_payments_demo() -> PaymentsDemo:
    report = PaymentsDemo()
    actor = _administrator()
    for code in FULL_ONLINE_CODES:
        _make_full(code, actor, report)
    return report
