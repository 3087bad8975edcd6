"""Step 3: the inbound hand-over record (*biên bản giao nhận*).

The postal worker lists the sealed parcels for one desk; the desk officer counts them, marks each
complete or not, and signs. The signing time is the legal reception time of every complete parcel
(lifecycle.md §1): each becomes a dossier through `dossier_receive(channel=postal, at=signed_at)`,
its fees are recorded as remitted, and its Mẫu 01 goes to the postal worker (copy 2). All parcels
of a record are received in one transaction: all or nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.audit.services import audit_record
from motcua.dossiers.choices import ApplicantKind, Channel, ReturnMethod
from motcua.dossiers.errors import ActionNotAllowed, DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.policy import require
from motcua.dossiers.services import Applicant, ComponentInput, dossier_receive
from motcua.dossiers.services._base import handover_append
from motcua.dossiers.uploads import CheckedFile
from motcua.org.choices import Role
from motcua.org.models import Desk
from motcua.payments.choices import Method, PaymentStatus
from motcua.payments.services.counter import payment_record_counter

from ..choices import HandoverDirection, OrderKind, OrderStatus
from ..codes import create_numbered, handover_prefix
from ..models import PostalHandover, PostalOperator, PostalOrder
from ..pdf import handover_pdf_store
from .webhooks import webhook_enqueue

# Stored on the component when the worker sent no scan: the desk digitises the paper later.
SCAN_PENDING = "Chờ số hóa tại bộ phận một cửa (hồ sơ nhận qua bưu chính)"


@dataclass
class ParcelCheck:
    """The desk's finding for one parcel of the record."""

    order_id: int
    complete: bool
    note: str = ""


def postal_handover_create(
    *,
    actor: Any,
    operator: PostalOperator,
    desk: Desk,
    orders: list[PostalOrder],
    note: str = "",
    at: dt.datetime | None = None,
) -> PostalHandover:
    """The postal side of the record: collected parcels for one desk, signed by the postal worker."""
    now = at or timezone.now()
    if not orders:
        raise DossierError(_("Choose at least one collected parcel."), field="orders")
    with transaction.atomic():
        locked = list(PostalOrder.objects.select_for_update().filter(pk__in=[o.pk for o in orders]).order_by("code"))
        for order in locked:
            if order.operator_id != operator.pk or order.desk_id != desk.pk:
                raise DossierError(_("Parcel %(code)s is not for this desk.") % {"code": order.code}, field="orders")
            if order.status != OrderStatus.COLLECTED or order.inbound_handover_id:
                raise ActionNotAllowed(_("Parcel %(code)s is not waiting for a hand-over.") % {"code": order.code})
        handover = create_numbered(
            PostalHandover,
            "number",
            handover_prefix(timezone.localdate(now), HandoverDirection.INBOUND),
            lambda number: PostalHandover(
                operator=operator,
                desk=desk,
                direction=HandoverDirection.INBOUND,
                number=number,
                parcels=[_parcel(o) for o in locked],
                postal_signer=actor,
                created_at=now,
                note=note.strip()[:500],
            ),
        )
        PostalOrder.objects.filter(pk__in=[o.pk for o in locked]).update(
            status=OrderStatus.HANDED_OVER, inbound_handover=handover, updated_at=now
        )
        _audit(handover, "postal.handover_created", actor, now, {"orders": [o.code for o in locked]})
    return handover


def _parcel(order: PostalOrder) -> dict[str, Any]:
    return {
        "order": order.code,
        "order_id": order.pk,
        "tracking": order.inbound_tracking,
        "applicant": order.applicant_name,
        "procedure": order.procedure_version.procedure.code if order.procedure_version_id else "",
        "fees_vnd": order.fees_collected_vnd,
        "complete": None,
        "note": "",
        "dossier": "",
        "receipt_form": None,
    }


def _audit(handover: PostalHandover, kind: str, actor: Any, at: dt.datetime, data: dict[str, Any]) -> None:
    audit_record(
        chain=f"postal:handover:{handover.pk}",
        kind=kind,
        object_type="postal_handover",
        object_id=handover.pk,
        actor=actor if getattr(actor, "pk", None) else None,
        data={"number": handover.number, **data},
        at=at,
    )


def _checks(orders: list[PostalOrder], checks: list[ParcelCheck], counted: int) -> dict[int, ParcelCheck]:
    if counted != len(orders):
        raise DossierError(
            _("You counted %(counted)s parcels but the record lists %(listed)s.")
            % {"counted": counted, "listed": len(orders)},
            field="counted",
        )
    by_order = {c.order_id: c for c in checks}
    if set(by_order) != {o.pk for o in orders}:
        raise DossierError(_("Mark every parcel of the record complete or incomplete."), field="parcels")
    for order in orders:
        if not by_order[order.pk].complete and not by_order[order.pk].note.strip():
            raise DossierError(_("Parcel %(code)s: say what is missing.") % {"code": order.code}, field="parcels")
    return by_order


def _scans(order: PostalOrder) -> dict[int, list[CheckedFile]]:
    found: dict[int, list[CheckedFile]] = {}
    for scan in order.scans.all():
        with scan.file.open("rb") as handle:
            data = handle.read()
        found.setdefault(scan.component_id, []).append(
            CheckedFile(
                data=data,
                content_type=scan.content_type,
                original_name=scan.original_name,
                safe_name=scan.safe_name,
                sha256=scan.sha256,
            )
        )
    return found


def _receive(order: PostalOrder, actor: Any, signed_at: dt.datetime) -> Dossier:
    """The parcel becomes a dossier received at the signing time (components from the slip)."""
    slip = order.slip or {}
    sender = slip.get("sender") or {}
    scans = _scans(order)
    components = [
        ComponentInput(
            component_id=line["component"],
            received=True,
            original_qty=line.get("original_qty", 0),
            copy_qty=line.get("copy_qty", 0),
            scans=scans.get(line["component"], []),
            no_scan_reason="" if scans.get(line["component"]) else SCAN_PENDING,
        )
        for line in slip.get("components", [])
        if line.get("received")
    ]
    post_return = order.kind == OrderKind.BOTH
    try:
        return dossier_receive(
            actor=actor,
            desk=order.desk,
            version=order.procedure_version,
            applicant=Applicant(
                name=sender.get("name") or order.applicant_name,
                id_type=sender.get("id_type") or order.id_type,
                id_number=sender.get("id_number") or order.id_number,
                kind=sender.get("kind") or ApplicantKind.PERSON,
                organisation_name=sender.get("organisation_name", ""),
                phone=sender.get("phone") or order.phone,
                email=sender.get("email") or order.email,
                address=sender.get("address") or order.pickup_address,
            ),
            components=components,
            return_method=ReturnMethod.POST if post_return else ReturnMethod.COUNTER,
            return_address=order.return_address if post_return else "",
            subject=slip.get("subject", ""),
            sets_count=int(slip.get("sets_count") or 1),
            channel=Channel.POSTAL,
            at=signed_at,
        )
    except DossierError as exc:
        raise DossierError(f"{order.code}: {exc.message}", code=exc.code, field=exc.field) from exc


def _remit(order: PostalOrder, dossier: Dossier, actor: Any, signed_at: dt.datetime) -> int:
    """Fees the worker collected, remitted at the hand-over: they must match what the dossier owes."""
    owed = (
        dossier.fee_lines.filter(exempt=False)
        .exclude(payment__status=PaymentStatus.PAID)
        .aggregate(total=Sum("amount_vnd"))["total"]
        or 0
    )
    if order.fees_collected_vnd == 0 or owed == 0:
        if order.fees_collected_vnd:
            raise DossierError(
                _("Parcel %(code)s: fees were collected but the procedure charges none.") % {"code": order.code},
                field="parcels",
            )
        return 0
    if order.fees_collected_vnd != owed:
        raise DossierError(
            _("Parcel %(code)s: the fees collected (%(got)s VND) differ from the fees owed (%(owed)s VND).")
            % {"code": order.code, "got": order.fees_collected_vnd, "owed": owed},
            field="parcels",
        )
    payment_record_counter(
        actor=actor,
        dossier=dossier,
        method=Method.POSTAL,
        payer_name=dossier.applicant_name,
        note=f"{order.operator.code} {order.inbound_tracking}",
        at=signed_at,
    )
    return owed


def postal_handover_sign(
    *,
    actor: Any,
    handover: PostalHandover,
    checks: list[ParcelCheck],
    counted: int,
    at: dt.datetime | None = None,
) -> PostalHandover:
    """The desk's signature: now is the legal reception time of every complete parcel."""
    require(actor, Role.DESK_OFFICER, handover.desk.agency_id, desk_id=handover.desk_id)
    signed_at = at or timezone.now()
    with transaction.atomic():
        locked = PostalHandover.objects.select_for_update(of=("self",)).select_related("operator", "desk")
        handover = locked.get(pk=handover.pk)
        if handover.direction != HandoverDirection.INBOUND or handover.signed_at is not None:
            raise ActionNotAllowed(_("This hand-over record is already signed."))
        orders = list(
            handover.inbound_orders.select_for_update(of=("self",))
            .select_related("procedure_version__procedure", "desk__agency", "operator")
            .order_by("code")
        )
        by_order = _checks(orders, checks, counted)
        parcels = {p["order_id"]: dict(p) for p in handover.parcels}
        remitted = 0
        for order in orders:
            check, parcel = by_order[order.pk], parcels[order.pk]
            parcel["complete"], parcel["note"] = check.complete, check.note.strip()[:300]
            if check.complete:
                remitted += _accept(handover, order, parcel, actor, signed_at)
            else:
                order.status, order.desk_note = OrderStatus.INCOMPLETE, parcel["note"]
                order.save(update_fields=["status", "desk_note", "updated_at"])
        handover.parcels = [parcels[o.pk] for o in orders]
        handover.signed_at, handover.desk_signer, handover.fees_remitted_vnd = signed_at, actor, remitted
        handover.save(update_fields=["parcels", "signed_at", "desk_signer", "fees_remitted_vnd"])
        handover_pdf_store(handover)
        _audit(handover, "postal.handover_signed", actor, signed_at, {"parcels": handover.parcels, "fees": remitted})
        webhook_enqueue(
            operator=handover.operator,
            event="handover.signed",
            event_key=f"handover:{handover.pk}:signed",
            data=handover_summary(handover),
        )
    return handover


def _accept(handover: PostalHandover, order: PostalOrder, parcel: dict[str, Any], actor: Any, at: dt.datetime) -> int:
    dossier = _receive(order, actor, at)
    fees = _remit(order, dossier, actor, at)
    # The control sheet's first row: the postal record's time (documents-and-codes.md §3).
    handover_append(
        dossier,
        task=None,
        from_agency_id=order.desk.agency_id,
        from_user=handover.postal_signer,
        from_label=f"{handover.operator.name} ({handover.number})"[:300],
        to_agency_id=order.desk.agency_id,
        to_label=order.desk.name,
        at=at,
        note=f"{order.inbound_tracking}",
    )
    order.dossier = dossier
    order.save(update_fields=["dossier", "updated_at"])
    receipt = dossier.forms.filter(key="receipt").order_by("-issue_no").first()
    parcel["dossier"], parcel["receipt_form"] = dossier.code, receipt.pk if receipt else None
    return fees


def handover_summary(handover: PostalHandover) -> dict[str, Any]:
    """What the operator is told: the record, the dossier codes and the incomplete parcels' notes."""
    return {
        "handover": handover.number,
        "handover_id": handover.pk,
        "desk": handover.desk.code,
        "signed_at": handover.signed_at.isoformat() if handover.signed_at else None,
        "fees_remitted_vnd": handover.fees_remitted_vnd,
        "parcels": [
            {
                "order": p["order"],
                "tracking": p.get("tracking", ""),
                "complete": p.get("complete"),
                "note": p.get("note", ""),
                "dossier": p.get("dossier", ""),
            }
            for p in handover.parcels
        ],
    }
