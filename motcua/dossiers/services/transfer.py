"""Changing the agency that decides a dossier (liên thông agency ↔ agency) and the bulk move of a
dissolved unit's dossiers to its successor (lifecycle.md §4, §6). The clock is never touched: the
dossier keeps its code, its receiving desk and its due dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.choices import StepRole
from motcua.org.choices import Role
from motcua.org.models import Agency

from ..choices import OPEN_STATES, ParticipationRole, State, TaskStatus
from ..errors import ActionNotAllowed, DossierError
from ..forms import form_issue
from ..models import Dossier, Participation
from ..policy import require
from ._base import dossier_lock, dossier_save, handover_append, history_append

MOVABLE = (StepRole.DEPARTMENT_HEAD, StepRole.SPECIALIST, StepRole.AGENCY_LEADER, StepRole.CLERK)


def _move(dossier: Dossier, to_agency: Agency, *, actor: Any, at: dt.datetime, reason: str) -> None:
    old = dossier.competent_agency
    moved = dossier.tasks.filter(agency=old, role__in=MOVABLE, status__in=[TaskStatus.ACTIVE, TaskStatus.WAITING])
    moved.update(agency=to_agency, department=None, assignee=None)
    Participation.objects.filter(dossier=dossier, agency=old, role=ParticipationRole.LEAD).update(
        finished_at=at, outcome=reason
    )
    if to_agency.pk != dossier.receiving_agency_id:
        Participation.objects.get_or_create(
            dossier=dossier, agency=to_agency, role=ParticipationRole.LEAD, defaults={"started_at": at}
        )
    dossier.competent_agency = to_agency
    dossier_save(dossier, ["competent_agency"])
    handover_append(
        dossier,
        task=None,
        from_agency_id=old.pk,
        from_user=actor,
        from_label=old.name,
        to_agency_id=to_agency.pk,
        to_label=to_agency.name,
        at=at,
        note=reason,
    )


def dossier_transfer(
    *,
    actor: Any,
    dossier: Dossier,
    to_agency: Agency,
    reason: str,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The competent agency's leader sends the dossier to the agency that should decide it."""
    now = at or timezone.now()
    if not reason.strip():
        raise DossierError(_("Say why the dossier goes to another agency."), field="reason")
    with transaction.atomic():
        dossier = dossier_lock(dossier, expected_version)
        if dossier.state != State.PROCESSING:
            raise ActionNotAllowed()
        capacity = require(actor, Role.AGENCY_LEADER, dossier.competent_agency_id)
        if to_agency.pk == dossier.competent_agency_id:
            raise DossierError(_("Choose another agency."), field="to_agency")
        if to_agency not in dossier.procedure_version.agencies.all():
            raise DossierError(_("This agency does not handle the procedure."), field="to_agency")
        old_name = dossier.competent_agency.name
        _move(dossier, to_agency, actor=actor, at=now, reason=reason)
        form = form_issue(
            key="transfer_slip",
            dossier=dossier,
            actor=actor,
            at=now,
            extra={"from_agency": old_name, "to_agency": to_agency.name, "task": reason, "step_due_at": None},
        )
        history_append(
            dossier,
            action="transfer",
            actor=actor,
            at=now,
            from_state=dossier.state,
            capacity=capacity,
            reason=reason,
            documents=[{"form": form.pk, "key": "transfer_slip"}],
            data={"from": old_name, "to": to_agency.name},
        )
    return dossier


def dossiers_transfer_succession(*, actor: Any, old: Agency, new: Agency, decision: str) -> int:
    """Administrator, in bulk: in-flight dossiers of a dissolved agency go to its successor."""
    if not decision.strip():
        raise DossierError(_("Cite the succession decision."), field="decision")
    moved = 0
    ids = Dossier.objects.filter(competent_agency=old, state__in=OPEN_STATES).values_list("pk", flat=True)
    for pk in list(ids):
        with transaction.atomic():
            dossier = dossier_lock(pk)
            if dossier.competent_agency_id != old.pk or dossier.state not in OPEN_STATES:
                continue
            now = timezone.now()
            _move(dossier, new, actor=actor, at=now, reason=decision)
            history_append(
                dossier,
                action="transfer_succession",
                actor=actor,
                at=now,
                from_state=dossier.state,
                reason=decision,
                data={"from": old.name, "to": new.name},
            )
            moved += 1
    return moved
