"""Counter intake: accept a complete dossier (code, due date, receipt) or record guidance/refusal."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.calendars.engine import due_compute, transfer_due
from motcua.catalog.choices import VersionStatus
from motcua.catalog.models import ProcedureVersion
from motcua.core.text import clean_text, fold
from motcua.org.choices import Role
from motcua.org.models import Agency, Desk
from motcua.payments.services.fees import fee_lines_sync

from ..choices import ApplicantKind, Channel, Digitisation, IntakeOutcome, ReturnMethod, State
from ..codes import code_allocate, register_allocate
from ..deadline import cutoff, due_store, wt_for
from ..errors import ActionNotAllowed, DossierError
from ..forms import form_issue
from ..identity import id_check
from ..models import Attachment, Dossier, DossierComponent, IntakeAttempt
from ..policy import require
from ..uploads import CheckedFile, uploads_check_total
from ._base import history_append
from .plan import tasks_create


@dataclass
class Applicant:
    name: str
    id_type: str
    id_number: str
    kind: str = ApplicantKind.PERSON
    organisation_name: str = ""
    birth_date: dt.date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""

    def __post_init__(self) -> None:
        # One spelling whatever the keyboard sent (NFD, zero-width spaces from a copy-paste), so the
        # same name finds the same dossier and prints the same on the forms.
        for name in ("name", "organisation_name", "phone", "email", "address", "id_number"):
            setattr(self, name, clean_text(getattr(self, name) or ""))


@dataclass
class ComponentInput:
    """One checklist line as the officer ticked it; `scans` are checked files for this component."""

    component_id: int
    received: bool
    original_qty: int = 0
    copy_qty: int = 0
    no_scan_reason: str = ""
    scans: list[CheckedFile] = field(default_factory=list)


def version_for_intake(version: ProcedureVersion, on: dt.date, channel: str) -> None:
    if (
        version.status != VersionStatus.PUBLISHED
        or (version.valid_from and version.valid_from > on)
        or (version.valid_to and version.valid_to < on)
    ):
        raise DossierError(_("This procedure version is not in force today."), field="procedure")
    if channel == Channel.COUNTER and not version.accepts_counter:
        raise DossierError(_("This procedure is not received at the counter."), field="procedure")
    if version.time_value is None or not version.time_unit:
        raise DossierError(_("This procedure has no legal processing time; ask the administrator."), field="procedure")


def competent_agency_for(version: ProcedureVersion, desk: Desk, chosen: Agency | None) -> Agency:
    agencies = list(version.agencies.all())
    if chosen is not None:
        if chosen not in agencies:
            raise DossierError(_("This agency does not handle the procedure."), field="competent_agency")
        return chosen
    if desk.agency in agencies:
        return desk.agency
    if len(agencies) == 1:
        return agencies[0]
    if not agencies:
        raise DossierError(_("No agency handles this procedure yet; ask the administrator."), field="procedure")
    raise DossierError(_("Choose the agency that will decide this dossier."), field="competent_agency")


def _applicant_errors(applicant: Applicant) -> list[str]:
    check = id_check(applicant.id_type, applicant.id_number, birth_date=applicant.birth_date)
    errors = list(check.errors)
    if not applicant.name.strip():
        errors.append(_("Enter the applicant's name."))
    if applicant.kind == ApplicantKind.ORGANISATION and not applicant.organisation_name.strip():
        errors.append(_("Enter the organisation's name."))
    return errors


def _components_check(version: ProcedureVersion, lines: list[ComponentInput]) -> dict[int, Any]:
    catalogue = {c.pk: c for c in version.components.all()}
    given = {line.component_id: line for line in lines}
    unknown = set(given) - set(catalogue)
    if unknown:
        raise DossierError(_("A component does not belong to this procedure."), field="components")
    missing = [c.name for c in catalogue.values() if c.required and not (given.get(c.pk) and given[c.pk].received)]
    if missing:
        raise DossierError(
            _("Required components not received: %(names)s") % {"names": "; ".join(n[:80] for n in missing)},
            field="components",
        )
    for line in lines:
        if line.received and not line.scans and not line.no_scan_reason.strip():
            raise DossierError(
                _("Scan '%(name)s' or record why it is not digitised.")
                % {"name": catalogue[line.component_id].name[:80]},
                field="components",
            )
    uploads_check_total([scan for line in lines for scan in line.scans])
    return catalogue


def _save_scans(lines: list[ComponentInput]) -> dict[str, str]:
    """Write files before the transaction; the caller deletes them if it rolls back."""
    stored: dict[str, str] = {}
    for line in lines:
        for scan in line.scans:
            if scan.sha256 not in stored:
                path = f"dossiers/scans/{scan.sha256[:2]}/{scan.sha256}-{scan.safe_name}"
                stored[scan.sha256] = (
                    path if default_storage.exists(path) else default_storage.save(path, ContentFile(scan.data))
                )
    return stored


def dossier_receive(
    *,
    actor: Any,
    desk: Desk,
    version: ProcedureVersion,
    applicant: Applicant,
    components: list[ComponentInput],
    return_method: str = ReturnMethod.COUNTER,
    return_address: str = "",
    subject: str = "",
    sets_count: int = 1,
    competent_agency: Agency | None = None,
    channel: str = Channel.COUNTER,
    at: dt.datetime | None = None,
) -> Dossier:
    """Accept a complete counter dossier: code, register entry, due date, steps, Mẫu 01 (lifecycle §3)."""
    now = at or timezone.now()
    capacity = require(actor, Role.DESK_OFFICER, desk.agency_id, desk_id=desk.pk)
    version_for_intake(version, timezone.localdate(now), channel)
    errors = _applicant_errors(applicant)
    if errors:
        raise DossierError(" ".join(errors), field="applicant")
    if return_method == ReturnMethod.POST and not return_address.strip():
        raise DossierError(_("Enter the postal address for the result."), field="return_address")
    competent = competent_agency_for(version, desk, competent_agency)
    catalogue = _components_check(version, components)
    stored = _save_scans(components)
    try:
        with transaction.atomic():
            dossier = _create(
                actor,
                desk,
                version,
                applicant,
                competent,
                now,
                channel,
                return_method,
                return_address,
                subject,
                sets_count,
            )
            _create_components(dossier, catalogue, components, stored, actor)
            fee_lines_sync(dossier)
            tasks_create(
                dossier,
                actor=actor,
                at=now,
                first_due=transfer_due(
                    wt=wt_for(desk.agency),
                    accepted_at=now,
                    cutoff=cutoff(),
                    next_day_offset_minutes=settings.MOTCUA.get("PAPER_TRANSFER_NEXT_DAY_OFFSET_MINUTES", 60),
                ),
            )
            _number(dossier, desk, now)
            entry = history_append(
                dossier,
                action="receive",
                actor=actor,
                at=now,
                from_state="",
                capacity=capacity,
                due_after=dossier.due_at,
                data={"channel": channel, "register_no": dossier.register_no},
            )
            form = form_issue(key="receipt", dossier=dossier, actor=actor, at=now)
            entry.documents = [{"form": form.pk, "key": "receipt"}]
            entry.save(update_fields=["documents"])
    except BaseException:
        for path in stored.values():
            if not Attachment.objects.filter(file=path).exists():
                default_storage.delete(path)
        raise
    return dossier


def _number(dossier: Dossier, desk: Desk, now: dt.datetime) -> None:
    """Take the next code and register entry (gap-free: a rollback gives them back)."""
    local_day = timezone.localdate(now)
    dossier.code = code_allocate(agency=desk.agency, day=local_day)
    dossier.register_no = register_allocate(desk=desk, year=local_day.year)
    Dossier.objects.filter(pk=dossier.pk).update(code=dossier.code, register_no=dossier.register_no)


def _create(
    actor: Any,
    desk: Desk,
    version: ProcedureVersion,
    applicant: Applicant,
    competent: Agency,
    now: dt.datetime,
    channel: str,
    return_method: str,
    return_address: str,
    subject: str,
    sets_count: int,
) -> Dossier:
    local_day = timezone.localdate(now)
    wt = wt_for(desk.agency, local_day)
    due = due_compute(
        wt=wt,
        start=now,
        value=version.time_value or 0,
        unit=version.time_unit,
        channel=channel,
        same_day_cutoff=cutoff(),
    )
    check = id_check(applicant.id_type, applicant.id_number, birth_date=applicant.birth_date)
    dossier = Dossier(
        # A unique placeholder until `_number`: the code's sequence row is locked only for the last
        # few statements of the intake, so intakes at one agency queue for milliseconds, not the whole
        # transaction (bench B1).
        code=f"TMP-{uuid.uuid4().hex}",
        procedure_version=version,
        desk=desk,
        receiving_agency=desk.agency,
        competent_agency=competent,
        channel=channel,
        state=State.RECEIVED,
        applicant_kind=applicant.kind,
        applicant_name=applicant.name.strip(),
        applicant_name_folded=fold(applicant.name)[:200],
        organisation_name=applicant.organisation_name.strip(),
        id_type=applicant.id_type,
        id_number=applicant.id_number.strip(),
        id_flags=[str(w) for w in check.warnings],
        birth_date=applicant.birth_date,
        phone=applicant.phone.strip(),
        email=applicant.email.strip(),
        address=applicant.address.strip(),
        subject=subject.strip() or version.name,
        sets_count=sets_count,
        return_method=return_method,
        return_address=return_address.strip(),
        received_at=now,
        received_by=actor,
        register_year=local_day.year,
        duration_value=version.time_value,
        duration_unit=version.time_unit,
        supplement_mode=version.supplement_mode,
    )
    due_store(dossier, due, legal=True, original=True, version=wt.version)
    dossier.save()
    return dossier


def _create_components(
    dossier: Dossier, catalogue: dict[int, Any], lines: list[ComponentInput], stored: dict[str, str], actor: Any
) -> None:
    given = {line.component_id: line for line in lines}
    for component in sorted(catalogue.values(), key=lambda c: c.order):
        line = given.get(component.pk)
        row = DossierComponent.objects.create(
            dossier=dossier,
            component=component,
            order=component.order,
            name=component.name,
            required=component.required,
            received=bool(line and line.received),
            original_qty=line.original_qty if line else 0,
            copy_qty=line.copy_qty if line else 0,
            digitisation=Digitisation.DIGITISED if line and line.scans else Digitisation.NOT_DIGITISED,
            no_scan_reason=line.no_scan_reason.strip() if line else "",
        )
        for scan in line.scans if line else []:
            Attachment.objects.create(
                dossier=dossier,
                component=row,
                kind="scan",
                file=stored[scan.sha256],
                original_name=scan.original_name,
                safe_name=scan.safe_name,
                content_type=scan.content_type,
                size=scan.size,
                sha256=scan.sha256,
                uploaded_by=actor,
            )


def _attempt(
    *,
    actor: Any,
    desk: Desk,
    version: ProcedureVersion,
    applicant: Applicant,
    outcome: str,
    items: list[dict[str, str]],
    reason: str,
    legal_basis: str,
    form_key: str,
    at: dt.datetime | None,
) -> IntakeAttempt:
    now = at or timezone.now()
    require(actor, Role.DESK_OFFICER, desk.agency_id, desk_id=desk.pk)
    if not applicant.name.strip():
        raise DossierError(_("Enter the applicant's name."), field="applicant")
    if not items:
        raise DossierError(_("List at least one item."), field="items")
    with transaction.atomic():
        attempt = IntakeAttempt.objects.create(
            desk=desk,
            procedure_version=version,
            officer=actor,
            outcome=outcome,
            applicant_kind=applicant.kind,
            applicant_name=applicant.name.strip(),
            id_number=applicant.id_number.strip(),
            phone=applicant.phone.strip(),
            email=applicant.email.strip(),
            address=applicant.address.strip(),
            items=items,
            reason=reason,
            legal_basis=legal_basis,
            at=now,
        )
        form_issue(
            key=form_key,
            attempt=attempt,
            actor=actor,
            at=now,
            extra={
                "items": items,
                "reason": reason,
                "officer_name": getattr(actor, "full_name", ""),
                "officer_phone": desk.phone,
            },
        )
    return attempt


def intake_guide(
    *,
    actor: Any,
    desk: Desk,
    version: ProcedureVersion,
    applicant: Applicant,
    items: list[dict[str, str]],
    reason: str = "",
    at: dt.datetime | None = None,
) -> IntakeAttempt:
    """Incomplete at the counter: one complete list of what is missing (Mẫu 02), no dossier code."""
    return _attempt(
        actor=actor,
        desk=desk,
        version=version,
        applicant=applicant,
        outcome=IntakeOutcome.GUIDED,
        items=items,
        reason=reason,
        legal_basis="",
        form_key="supplement_request",
        at=at,
    )


def intake_refuse(
    *,
    actor: Any,
    desk: Desk,
    version: ProcedureVersion,
    applicant: Applicant,
    items: list[dict[str, str]],
    reason: str = "",
    at: dt.datetime | None = None,
) -> IntakeAttempt:
    """Ineligible at the counter: refusal with reasons and legal basis (Mẫu 03), no dossier code."""
    if any(not (item.get("reason") or "").strip() for item in items):
        raise ActionNotAllowed(_("Each refusal reason needs its text."), code="invalid")
    return _attempt(
        actor=actor,
        desk=desk,
        version=version,
        applicant=applicant,
        outcome=IntakeOutcome.REFUSED,
        items=items,
        reason=reason,
        legal_basis="; ".join(i.get("legal_basis", "") for i in items),
        form_key="intake_refusal",
        at=at,
    )
