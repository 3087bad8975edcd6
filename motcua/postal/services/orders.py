"""Steps 1–2 of the postal channel: the pickup order, and the collection at the applicant's door.

At collection the postal worker checks the documents against the published list, fills the sender
slip (*phiếu gửi hồ sơ*), seals the parcel and collects fees and postage (services.md §2). Nothing
here creates a dossier: that happens when the desk signs the hand-over record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.identifiers import normalise_phone
from motcua.audit.services import audit_record
from motcua.catalog.choices import VersionStatus
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.errors import ActionNotAllowed, DossierError
from motcua.dossiers.identity import id_check
from motcua.dossiers.services.online import online_desks
from motcua.dossiers.uploads import CheckedFile, uploads_check_total
from motcua.org.models import Desk

from ..choices import OrderKind, OrderStatus
from ..codes import create_numbered, order_prefix
from ..models import PostalOperator, PostalOrder, PostalScan
from .notify import applicant_notify

MAX_TRACKING = 40


@dataclass
class OrderInput:
    """What the applicant (or the postal point on their behalf) gives when ordering a pickup."""

    desk: Desk
    version: ProcedureVersion
    kind: str
    applicant_name: str
    phone: str
    email: str = ""
    id_type: str = "cccd"
    id_number: str = ""
    applicant_kind: str = "person"
    pickup_address: str = ""
    return_address: str = ""
    note: str = ""


@dataclass
class Sender:
    """The sender block of the slip: who hands the dossier over (the applicant)."""

    name: str
    id_type: str
    id_number: str
    phone: str
    email: str = ""
    address: str = ""
    kind: str = "person"
    organisation_name: str = ""


@dataclass
class CollectedLine:
    """One published component as the postal worker found it in the parcel."""

    component_id: int
    received: bool
    original_qty: int = 0
    copy_qty: int = 0
    scans: list[CheckedFile] = field(default_factory=list)


def postal_desks(version: ProcedureVersion) -> list[Desk]:
    """Desks that receive the procedure (those of a deciding agency or of its parent)."""
    return online_desks(version)


def _in_force(version: ProcedureVersion, on: dt.date) -> bool:
    return (
        version.status == VersionStatus.PUBLISHED
        and not (version.valid_from and version.valid_from > on)
        and not (version.valid_to and version.valid_to < on)
    )


def order_check(data: OrderInput, on: dt.date) -> dict[str, str]:
    """Everything wrong with an order, by field (empty when it can be placed)."""
    errors: dict[str, str] = {}
    version = data.version
    if not _in_force(version, on) or not version.accepts_postal_intake:
        errors["procedure"] = _("This procedure cannot be submitted by post.")
    if data.kind not in (OrderKind.SUBMIT, OrderKind.BOTH):
        errors["kind"] = _("Choose whether the result should also come back by post.")
    elif data.kind == OrderKind.BOTH:
        if not version.accepts_postal_return:
            errors["kind"] = _("The result of this procedure cannot be sent by post.")
        elif not data.return_address.strip():
            errors["return_address"] = _("Enter the address where the result should be delivered.")
    if data.desk.pk not in {d.pk for d in postal_desks(version)}:
        errors["desk"] = _("This desk does not receive the procedure.")
    if not data.applicant_name.strip():
        errors["applicant_name"] = _("Enter the applicant's name.")
    if normalise_phone(data.phone) is None:
        errors["phone"] = _("Enter a mobile phone number of 10 digits, e.g. 0912345678.")
    if not data.pickup_address.strip():
        errors["pickup_address"] = _("Enter the address where the postal worker should collect the dossier.")
    return errors


def postal_order_create(
    *,
    actor: Any,
    operator: PostalOperator,
    data: OrderInput,
    applicant: Any = None,
    at: dt.datetime | None = None,
) -> PostalOrder:
    """Place a pickup order; the applicant is told its code and what to prepare."""
    now = at or timezone.now()
    errors = order_check(data, timezone.localdate(now))
    if errors:
        name, message = next(iter(errors.items()))
        raise DossierError(message, field=name)
    with transaction.atomic():
        order = create_numbered(
            PostalOrder,
            "code",
            order_prefix(timezone.localdate(now)),
            lambda code: PostalOrder(
                code=code,
                operator=operator,
                kind=data.kind,
                status=OrderStatus.REQUESTED,
                desk=data.desk,
                procedure_version=data.version,
                applicant=applicant if getattr(applicant, "pk", None) else None,
                applicant_kind=data.applicant_kind,
                applicant_name=data.applicant_name.strip()[:200],
                id_type=data.id_type,
                id_number=data.id_number.strip()[:20],
                phone=normalise_phone(data.phone) or data.phone.strip(),
                email=data.email.strip(),
                pickup_address=data.pickup_address.strip()[:300],
                return_address=data.return_address.strip()[:300] if data.kind == OrderKind.BOTH else "",
                note=data.note.strip()[:500],
                requested_at=now,
            ),
        )
        audit_record(
            chain=f"postal:order:{order.pk}",
            kind="postal.order_created",
            object_type="postal_order",
            object_id=order.pk,
            actor=actor if getattr(actor, "pk", None) else None,
            data={"code": order.code, "operator": operator.code, "kind": order.kind, "desk": data.desk.code},
            at=now,
        )
        components = [c.name[:120] for c in data.version.components.order_by("order")]
        applicant_notify(order, "order_created", "created", {"components": components})
    return order


def _sender_errors(sender: Sender) -> list[str]:
    errors = [str(e) for e in id_check(sender.id_type, sender.id_number).errors]
    if not sender.name.strip():
        errors.append(_("Enter the sender's name."))
    if normalise_phone(sender.phone) is None:
        errors.append(_("Enter a mobile phone number of 10 digits, e.g. 0912345678."))
    return errors


def _lines_check(version: ProcedureVersion, lines: list[CollectedLine]) -> dict[int, Any]:
    catalogue = {c.pk: c for c in version.components.all()}
    given = {line.component_id: line for line in lines}
    if set(given) - set(catalogue):
        raise DossierError(_("A component does not belong to this procedure."), field="components")
    missing = [c.name[:80] for c in catalogue.values() if c.required and not (given.get(c.pk) and given[c.pk].received)]
    if missing:
        raise DossierError(
            _("Required documents missing; explain the gaps to the applicant and do not seal: %(names)s")
            % {"names": "; ".join(missing)},
            field="components",
        )
    for line in lines:
        if line.received and line.original_qty + line.copy_qty < 1:
            raise DossierError(
                _("Count the originals or copies of '%(name)s'.") % {"name": catalogue[line.component_id].name[:80]},
                field="components",
            )
    uploads_check_total([scan for line in lines for scan in line.scans])
    return catalogue


def _slip(
    order: PostalOrder, sender: Sender, lines: list[CollectedLine], catalogue: dict[int, Any], **extra: Any
) -> dict[str, Any]:
    given = {line.component_id: line for line in lines}
    return {
        "sender": asdict(sender),
        "agency": order.desk.name,
        "procedure": {"code": order.procedure_version.procedure.code, "name": order.procedure_version.name},
        "components": [
            {
                "component": c.pk,
                "order": c.order,
                "name": c.name,
                "received": bool(given.get(c.pk) and given[c.pk].received),
                "original_qty": given[c.pk].original_qty if c.pk in given else 0,
                "copy_qty": given[c.pk].copy_qty if c.pk in given else 0,
                "scans": len(given[c.pk].scans) if c.pk in given else 0,
            }
            for c in sorted(catalogue.values(), key=lambda c: c.order)
        ],
        **extra,
    }


def postal_order_collect(
    *,
    actor: Any,
    order: PostalOrder,
    sender: Sender,
    lines: list[CollectedLine],
    inbound_tracking: str,
    fees_vnd: int = 0,
    postage_vnd: int = 0,
    subject: str = "",
    sets_count: int = 1,
    at: dt.datetime | None = None,
) -> PostalOrder:
    """Step 2: documents checked, slip filled, parcel sealed, fees and postage collected."""
    now = at or timezone.now()
    tracking = inbound_tracking.strip()
    if not tracking or len(tracking) > MAX_TRACKING:
        raise DossierError(_("Enter the parcel's tracking number."), field="inbound_tracking")
    errors = _sender_errors(sender)
    if errors:
        raise DossierError(" ".join(errors), field="sender")
    if fees_vnd < 0 or postage_vnd < 0 or sets_count < 1:
        raise DossierError(_("Amounts and counts cannot be negative."), field="fees_vnd")
    with transaction.atomic():
        locked = PostalOrder.objects.select_for_update(of=("self",))
        locked = locked.select_related("procedure_version__procedure", "desk")
        order = locked.get(pk=order.pk)
        if order.status != OrderStatus.REQUESTED:
            raise ActionNotAllowed(_("This order is not waiting for a pickup."))
        clash = PostalOrder.objects.filter(operator_id=order.operator_id, inbound_tracking=tracking)
        clash = clash.exclude(pk=order.pk)
        if clash.exists():
            raise DossierError(_("This tracking number is already used by another order."), field="inbound_tracking")
        catalogue = _lines_check(order.procedure_version, lines)
        order.slip = _slip(order, sender, lines, catalogue, subject=subject.strip(), sets_count=sets_count)
        order.applicant_name, order.applicant_kind = sender.name.strip()[:200], sender.kind
        order.id_type, order.id_number = sender.id_type, sender.id_number.strip()[:20]
        order.phone, order.email = normalise_phone(sender.phone) or sender.phone, sender.email.strip() or order.email
        order.status, order.collected_at, order.collected_by = OrderStatus.COLLECTED, now, actor
        order.inbound_tracking, order.fees_collected_vnd, order.postage_vnd = tracking, fees_vnd, postage_vnd
        order.save()
        for line in lines:
            for scan in line.scans:
                row = PostalScan(
                    order=order,
                    component_id=line.component_id,
                    original_name=scan.original_name,
                    safe_name=scan.safe_name,
                    content_type=scan.content_type,
                    size=scan.size,
                    sha256=scan.sha256,
                )
                row.file.save(scan.safe_name, ContentFile(scan.data), save=True)
        audit_record(
            chain=f"postal:order:{order.pk}",
            kind="postal.collected",
            object_type="postal_order",
            object_id=order.pk,
            actor=actor,
            data={"code": order.code, "tracking": tracking, "fees_vnd": fees_vnd, "postage_vnd": postage_vnd},
            at=now,
        )
    return order


def postal_order_cancel(*, actor: Any, order: PostalOrder, reason: str, at: dt.datetime | None = None) -> PostalOrder:
    """A pickup that will not happen (the applicant changed their mind, nobody at the address)."""
    now = at or timezone.now()
    if not reason.strip():
        raise DossierError(_("Give the reason."), field="reason")
    with transaction.atomic():
        order = PostalOrder.objects.select_for_update().get(pk=order.pk)
        if order.status != OrderStatus.REQUESTED:
            raise ActionNotAllowed(_("This order is not waiting for a pickup."))
        order.status, order.desk_note = OrderStatus.CANCELLED, reason.strip()[:500]
        order.save(update_fields=["status", "desk_note", "updated_at"])
        audit_record(
            chain=f"postal:order:{order.pk}",
            kind="postal.order_cancelled",
            object_type="postal_order",
            object_id=order.pk,
            actor=actor,
            data={"code": order.code, "reason": order.desk_note},
            at=now,
        )
    return order
