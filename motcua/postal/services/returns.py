"""Steps 4–5: the result goes back by post.

When a dossier whose result goes by post reaches `done`, its return order is created or advanced and
the postal worker and the applicant are told (a transition hook, in the finish's transaction). The
dossier counts as returned (10) when the parcel is handed to the postal worker with its outbound
tracking number (lifecycle.md §5); delivery events follow from the operator.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.audit.services import audit_record
from motcua.dossiers.choices import ReturnMethod, ReturnPhase, State, TaskStatus
from motcua.dossiers.errors import ActionNotAllowed, DossierError
from motcua.dossiers.models import Dossier, HistoryEntry
from motcua.dossiers.services._base import dossier_lock, dossier_save, handover_append, history_append
from motcua.dossiers.services.plan import task_finish
from motcua.payments.services.fees import fees_required

from ..choices import RETURN_KINDS, DeliveryStatus, HandoverDirection, OrderKind, OrderStatus
from ..codes import create_numbered, handover_prefix, order_prefix
from ..models import DeliveryEvent, PostalHandover, PostalOperator, PostalOrder
from .notify import applicant_notify, staff_notify
from .webhooks import webhook_enqueue

PICKED_UP = (OrderStatus.IN_TRANSIT, OrderStatus.DELIVERED, OrderStatus.FAILED)


def postal_transition_hook(dossier: Dossier, entry: HistoryEntry, actor: Any) -> None:
    """Registered in PostalConfig.ready: react to a postal-return dossier's finish and return."""
    if dossier.return_method != ReturnMethod.POST:
        return
    if entry.action == "finish" and dossier.state == State.DONE:
        result_ready(dossier, at=entry.at)
    elif entry.action == "return_result" and entry.data.get("method") == "post":
        _returned_at_desk(dossier, entry)


def _return_order(dossier: Dossier) -> PostalOrder | None:
    return (
        PostalOrder.objects.select_for_update(of=("self",))
        .select_related("operator", "desk", "procedure_version", "dossier")
        .filter(dossier=dossier, kind__in=RETURN_KINDS)
        .first()
    )


def result_ready(dossier: Dossier, *, at: dt.datetime) -> PostalOrder | None:
    """The return order becomes ready for pickup (created for a dossier received at the counter)."""
    from ..conf import postal_setting

    order = _return_order(dossier)
    if order is None:
        operator = PostalOperator.objects.filter(code=postal_setting("OPERATOR"), is_active=True).first()
        if operator is None:
            return None
        order = create_numbered(
            PostalOrder,
            "code",
            order_prefix(timezone.localdate(at)),
            lambda code: PostalOrder(
                code=code,
                operator=operator,
                kind=OrderKind.RETURN,
                status=OrderStatus.RESULT_READY,
                desk=dossier.desk,
                procedure_version=dossier.procedure_version,
                dossier=dossier,
                applicant=dossier.applicant,
                applicant_kind=dossier.applicant_kind,
                applicant_name=dossier.applicant_name,
                id_type=dossier.id_type,
                id_number=dossier.id_number,
                phone=dossier.phone,
                email=dossier.email,
                return_address=dossier.return_address,
                requested_at=at,
            ),
        )
    elif order.status in PICKED_UP:
        return order
    else:
        order.status = OrderStatus.RESULT_READY
        order.save(update_fields=["status", "updated_at"])
    data = result_data(order)
    webhook_enqueue(operator=order.operator, event="result.ready", event_key=f"result:{dossier.pk}:ready", data=data)
    applicant_notify(order, "result_ready", "ready", {"address": order.return_address})
    staff_notify(order, "result_ready_staff", "ready-staff", {"address": order.return_address})
    return order


def result_data(order: PostalOrder) -> dict[str, Any]:
    dossier = order.dossier
    return {
        "order": order.code,
        "dossier": dossier.code if dossier else "",
        "desk": order.desk.code,
        "recipient": order.applicant_name,
        "phone": order.phone,
        "address": order.return_address,
        "outbound_tracking": order.outbound_tracking,
        "picked_up_at": order.picked_up_at.isoformat() if order.picked_up_at else None,
    }


def _outbound_record(order: PostalOrder, actor: Any, at: dt.datetime) -> PostalHandover:
    """Today's unsigned outbound record of this operator at this desk (started on the first pickup)."""
    day = timezone.localdate(at)
    record = (
        PostalHandover.objects.select_for_update(of=("self",))
        .filter(
            operator=order.operator,
            desk=order.desk,
            direction=HandoverDirection.OUTBOUND,
            signed_at__isnull=True,
            number__startswith=handover_prefix(day, HandoverDirection.OUTBOUND),
        )
        .first()
    )
    if record is None:
        record = create_numbered(
            PostalHandover,
            "number",
            handover_prefix(day, HandoverDirection.OUTBOUND),
            lambda number: PostalHandover(
                operator=order.operator,
                desk=order.desk,
                direction=HandoverDirection.OUTBOUND,
                number=number,
                parcels=[],
                postal_signer=actor,
                created_at=at,
            ),
        )
    record.parcels = [
        *record.parcels,
        {
            "order": order.code,
            "order_id": order.pk,
            "tracking": order.outbound_tracking,
            "applicant": order.applicant_name,
            "dossier": order.dossier.code if order.dossier else "",
            "complete": True,
            "note": "",
        },
    ]
    record.save(update_fields=["parcels"])
    return record


def _mark_picked_up(order: PostalOrder, tracking: str, postage: int, actor: Any, at: dt.datetime) -> None:
    order.outbound_tracking, order.picked_up_at, order.status = tracking, at, OrderStatus.IN_TRANSIT
    order.return_postage_vnd = postage
    order.outbound_handover = _outbound_record(order, actor, at)
    order.save()
    webhook_enqueue(
        operator=order.operator,
        event="result.picked_up",
        event_key=f"result:{order.dossier_id}:picked_up",
        data=result_data(order),
    )
    applicant_notify(order, "picked_up", "picked-up", {"tracking": tracking})


def _returned_at_desk(dossier: Dossier, entry: HistoryEntry) -> None:
    """The desk recorded the postal return itself (the dossier page's return action)."""
    order = _return_order(dossier)
    if order is None or order.picked_up_at is not None:
        return
    _mark_picked_up(order, str(entry.data.get("tracking_number", "")), 0, entry.actor, entry.at)


def postal_result_pick_up(
    *,
    actor: Any,
    order: PostalOrder,
    tracking: str,
    postage_vnd: int = 0,
    at: dt.datetime | None = None,
) -> PostalOrder:
    """Step 5: the worker takes the result (outbound tracking number) → the dossier is returned (10)."""
    now = at or timezone.now()
    tracking = tracking.strip()
    if not tracking or len(tracking) > 40:
        raise DossierError(_("Enter the parcel's tracking number."), field="tracking_number")
    if postage_vnd < 0:
        raise DossierError(_("Amounts and counts cannot be negative."), field="postage_vnd")
    with transaction.atomic():
        if order.dossier_id is None:
            raise ActionNotAllowed(_("This result is not ready for pickup."))
        dossier = dossier_lock(order.dossier_id)
        order = _return_order(dossier) or order
        if dossier.state != State.DONE or dossier.return_method != ReturnMethod.POST or order.picked_up_at:
            raise ActionNotAllowed(_("This result is not ready for pickup."))
        fees_required(dossier)  # as at the counter: the result leaves only when every fee is paid
        _mark_picked_up(order, tracking, postage_vnd, actor, now)
        before = dossier.state
        dossier.state, dossier.returned_at, dossier.return_phase = State.RETURNED, now, ReturnPhase.HANDED_OVER
        dossier_save(dossier, ["state", "returned_at", "return_phase"])
        for task in dossier.tasks.filter(status=TaskStatus.ACTIVE):
            task_finish(dossier, task, actor=actor, at=now, note=tracking)
        handover_append(
            dossier,
            task=None,
            from_agency_id=dossier.receiving_agency_id,
            from_user=None,
            from_label=dossier.desk.name,
            to_agency_id=None,
            to_label=f"{order.operator.name} ({order.outbound_handover.number if order.outbound_handover else ''})",
            at=now,
            note=tracking,
        )
        history_append(
            dossier,
            action="return_result",
            actor=actor,
            at=now,
            from_state=before,
            data={"method": "post", "tracking_number": tracking, "postal_order": order.code},
        )
    return order


def postal_delivery_event_record(
    *,
    actor: Any,
    order: PostalOrder,
    event_id: str,
    status: str,
    at: dt.datetime,
    location: str = "",
    note: str = "",
    delivered_to: str = "",
    raw: dict[str, Any] | None = None,
) -> tuple[DeliveryEvent, bool]:
    """Record a shipment event once (a repeated event id is ignored); delivered/failed settle the order."""
    if status not in DeliveryStatus.values:
        raise DossierError(_("Unknown delivery status."), field="status")
    if not event_id.strip():
        raise DossierError(_("Give the event's id."), field="event_id")
    with transaction.atomic():
        order = PostalOrder.objects.select_for_update().get(pk=order.pk)
        if order.status not in PICKED_UP:
            raise ActionNotAllowed(_("This result has not been picked up yet."))
        existing = DeliveryEvent.objects.filter(order=order, event_id=event_id.strip()).first()
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                event = DeliveryEvent.objects.create(
                    order=order,
                    event_id=event_id.strip()[:60],
                    status=status,
                    at=at,
                    location=location.strip()[:200],
                    note=note.strip()[:300],
                    raw=raw or {},
                )
        except IntegrityError:
            return DeliveryEvent.objects.get(order=order, event_id=event_id.strip()), False
        _settle(order, event, delivered_to)
        audit_record(
            chain=f"postal:order:{order.pk}",
            kind="postal.delivery_event",
            object_type="postal_order",
            object_id=order.pk,
            actor=actor if getattr(actor, "pk", None) else None,
            data={"code": order.code, "event_id": event.event_id, "status": status, "at": at.isoformat()},
            at=timezone.now(),
        )
    return event, True


def _settle(order: PostalOrder, event: DeliveryEvent, delivered_to: str) -> None:
    latest = order.events.order_by("-at", "-id").first()
    if latest is not None and latest.pk != event.pk:
        return  # an older event arriving late does not move the order back
    if event.status == DeliveryStatus.DELIVERED:
        order.status, order.delivered_at = OrderStatus.DELIVERED, event.at
        order.delivered_to = delivered_to.strip()[:200] or order.delivered_to
    elif event.status in (DeliveryStatus.FAILED, DeliveryStatus.RETURNED):
        order.status = OrderStatus.FAILED
    else:
        order.status = OrderStatus.IN_TRANSIT
    order.save(update_fields=["status", "delivered_at", "delivered_to", "updated_at"])


def postal_outbound_sign(*, actor: Any, handover: PostalHandover, at: dt.datetime | None = None) -> PostalHandover:
    """The desk signs the outbound record after the joint count with the postal worker."""
    from motcua.dossiers.policy import require
    from motcua.org.choices import Role

    require(actor, Role.DESK_OFFICER, handover.desk.agency_id, desk_id=handover.desk_id)
    now = at or timezone.now()
    with transaction.atomic():
        locked = PostalHandover.objects.select_for_update(of=("self",)).select_related("operator", "desk")
        handover = locked.get(pk=handover.pk)
        if handover.direction != HandoverDirection.OUTBOUND or handover.signed_at is not None:
            raise ActionNotAllowed(_("This hand-over record is already signed."))
        handover.signed_at, handover.desk_signer = now, actor
        handover.save(update_fields=["signed_at", "desk_signer"])
        from ..pdf import handover_pdf_store

        handover_pdf_store(handover)
        audit_record(
            chain=f"postal:handover:{handover.pk}",
            kind="postal.outbound_signed",
            object_type="postal_handover",
            object_id=handover.pk,
            actor=actor,
            data={"number": handover.number, "parcels": [p["order"] for p in handover.parcels]},
            at=now,
        )
    return handover
