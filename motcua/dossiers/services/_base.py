"""What every transition shares: the row lock, the history row, the audit event and the outbox."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Max

from motcua.audit.services import audit_record
from motcua.notifications.models import Channel as OutboxChannel
from motcua.notifications.services import outbox_enqueue
from motcua.org.models import RoleAssignment

from ..choices import STATE_CODE
from ..errors import StaleDossier
from ..models import Dossier, Handover, HistoryEntry, Task
from .hooks import transition_hooks_run

# Events the applicant is told about (services.md notifications); others only sync the national portal.
APPLICANT_EVENTS = frozenset(
    {
        "receive",
        "request_supplement",
        "complete_supplement",
        "reschedule",
        "stop",
        "finish",
        "return_result",
        "withdraw",
        "refuse_intake",
        "calendar_recompute",
        "submit",
        "return_for_completion",
        "resubmit",
        "payment_confirmed",
    }
)


def dossier_lock(dossier: Dossier | int, expected_version: int | None = None) -> Dossier:
    """Lock the row for the transaction; refuse if the caller's form was built on an older version."""
    pk = dossier if isinstance(dossier, int) else dossier.pk
    locked = (
        Dossier.objects.select_for_update()
        .select_related("procedure_version__procedure", "desk", "receiving_agency", "competent_agency")
        .get(pk=pk)
    )
    if expected_version is not None and locked.lock_version != expected_version:
        raise StaleDossier()
    return locked


def dossier_save(dossier: Dossier, fields: list[str]) -> None:
    dossier.lock_version += 1
    dossier.save(update_fields=[*set(fields), "lock_version", "updated_at"])


def history_append(
    dossier: Dossier,
    *,
    action: str,
    actor: Any,
    at: dt.datetime,
    from_state: str,
    capacity: RoleAssignment | None = None,
    reason: str = "",
    legal_basis: str = "",
    documents: list[dict[str, Any]] | None = None,
    data: dict[str, Any] | None = None,
    due_before: dt.datetime | None = None,
    due_after: dt.datetime | None = None,
) -> HistoryEntry:
    """History row + audit event + outbox rows, all in the caller's transaction."""
    seq = (dossier.history.aggregate(m=Max("seq"))["m"] or 0) + 1
    entry = HistoryEntry.objects.create(
        dossier=dossier,
        seq=seq,
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=(getattr(actor, "full_name", "") or getattr(actor, "username", "") or "")[:200],
        role=capacity.role if capacity else "",
        agency_id=capacity.agency_id if capacity else None,
        department_id=capacity.department_id if capacity else None,
        at=at,
        from_state=from_state,
        to_state=dossier.state,
        reason=reason,
        legal_basis=legal_basis,
        documents=documents or [],
        data=data or {},
        due_before=due_before,
        due_after=due_after,
    )
    audit_record(
        chain=f"dossier:{dossier.pk}",
        kind=f"dossier.{action}",
        object_type="dossier",
        object_id=dossier.pk,
        actor=actor if getattr(actor, "pk", None) else None,
        data={
            "code": dossier.code,
            "seq": seq,
            "from": from_state,
            "to": dossier.state,
            "role": entry.role,
            "reason": reason,
            "due_after": due_after.isoformat() if due_after else None,
            **(data or {}),
        },
        at=at,
    )
    _outbox(dossier, action, seq, data or {})
    transition_hooks_run(dossier, entry, actor)
    return entry


def _outbox(dossier: Dossier, action: str, seq: int, data: dict[str, Any]) -> None:
    # What the message templates may use (notifications): SMS carries only name, code and dates.
    payload = {
        "dossier_id": dossier.pk,
        "agency_id": dossier.receiving_agency_id,
        "code": dossier.code,
        "state": dossier.state,
        "state_code": STATE_CODE.get(dossier.state),  # type: ignore[call-overload]
        "action": action,
        "due_date": dossier.due_date.isoformat() if dossier.due_date else None,
        "procedure": dossier.procedure_version.procedure.code,
        "procedure_name": dossier.procedure_version.name[:300],
        "applicant_name": dossier.applicant_name,
        "desk_name": dossier.desk.name,
        "desk_phone": dossier.desk.phone,
        "language": _language_of(dossier),
        "link": f"{public_base_url()}/tra-cuu/?ma={dossier.code or ''}",
    }
    if "items" in data:  # gap list or supplement items, listed in the notice
        payload["items"] = data["items"]
    recipients: list[tuple[str, str]] = [(OutboxChannel.NATIONAL_PORTAL, "dvcqg")]
    if action in APPLICANT_EVENTS:
        recipients += [(OutboxChannel.EMAIL, dossier.email), (OutboxChannel.SMS, dossier.phone)]
    outbox_enqueue(
        event=f"dossier.{action}", event_key=f"dossier:{dossier.pk}:{seq}", recipients=recipients, payload=payload
    )


def _language_of(dossier: Dossier) -> str:
    profile = getattr(dossier.applicant, "citizen_profile", None) if dossier.applicant_id else None
    return getattr(profile, "language", "") or "vi"


def handover_append(
    dossier: Dossier,
    *,
    task: Task | None,
    from_agency_id: int,
    from_user: Any,
    from_label: str,
    to_agency_id: int | None,
    to_label: str,
    at: dt.datetime,
    step_due_at: dt.datetime | None = None,
    timeliness: str = "",
    overrun_minutes: int = 0,
    note: str = "",
) -> Handover:
    seq = (dossier.handovers.aggregate(m=Max("seq"))["m"] or 0) + 1
    return Handover.objects.create(
        dossier=dossier,
        seq=seq,
        task=task,
        from_agency_id=from_agency_id,
        from_user=from_user if getattr(from_user, "pk", None) else None,
        from_label=from_label[:300],
        to_agency_id=to_agency_id,
        to_label=to_label[:300],
        at=at,
        step_due_at=step_due_at,
        timeliness=timeliness,
        overrun_minutes=overrun_minutes,
        note=note,
    )


def public_base_url() -> str:
    return str(settings.MOTCUA["PUBLIC_BASE_URL"]).rstrip("/")
