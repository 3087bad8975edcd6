"""Scoped reads of the postal channel. Postal staff and API clients see only their operator's
orders and records; desk officers see the records of their desks. Anything else is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from motcua.dossiers.choices import ReturnMethod, State
from motcua.dossiers.models import Dossier, FormDocument
from motcua.dossiers.policy import assignments
from motcua.dossiers.views.reads import officer_desks
from motcua.org.choices import Role

from .choices import RETURN_KINDS, HandoverDirection, OrderStatus
from .models import PostalAccount, PostalHandover, PostalOperator, PostalOrder


def operator_of(user: Any) -> PostalOperator | None:
    """The user's postal operator (staff or API client), or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    account = PostalAccount.objects.select_related("operator").filter(user=user, operator__is_active=True).first()
    return account.operator if account else None


def is_postal_staff(user: Any) -> bool:
    return any(ra.role == Role.POSTAL_STAFF for ra in assignments(user)) and operator_of(user) is not None


def orders_for(*, operator: PostalOperator) -> QuerySet[PostalOrder]:
    return PostalOrder.objects.filter(operator=operator).select_related(
        "desk", "procedure_version__procedure", "dossier", "inbound_handover", "outbound_handover"
    )


def order_get_for(*, operator: PostalOperator, code: str) -> PostalOrder:
    order = orders_for(operator=operator).filter(code=code.strip().upper()).first()
    if order is None:
        raise Http404
    return order


def return_order_get_for(*, operator: PostalOperator, dossier_code: str) -> PostalOrder:
    order = orders_for(operator=operator).filter(dossier__code=dossier_code.strip(), kind__in=RETURN_KINDS).first()
    if order is None:
        raise Http404
    return order


def results_for(*, operator: PostalOperator, ready_only: bool) -> QuerySet[PostalOrder]:
    """Results going back by post: all of them, or only those waiting for the worker."""
    rows = orders_for(operator=operator).filter(kind__in=RETURN_KINDS, dossier__isnull=False)
    if ready_only:
        rows = rows.filter(
            status=OrderStatus.RESULT_READY, dossier__state=State.DONE, dossier__return_method=ReturnMethod.POST
        )
    return rows


def handovers_for(*, operator: PostalOperator) -> QuerySet[PostalHandover]:
    return PostalHandover.objects.filter(operator=operator).select_related("desk", "postal_signer", "desk_signer")


def handover_get_for(*, operator: PostalOperator, pk: int) -> PostalHandover:
    handover = handovers_for(operator=operator).filter(pk=pk).first()
    if handover is None:
        raise Http404
    return handover


def receipt_forms(handover: PostalHandover) -> list[FormDocument]:
    """Mẫu 01 of each dossier the signed record created (copy 2 goes to the postal worker)."""
    ids = [p["receipt_form"] for p in handover.parcels if p.get("receipt_form")]
    return list(FormDocument.objects.filter(pk__in=ids).select_related("dossier").order_by("dossier__code"))


def receipt_form_get(handover: PostalHandover, form_id: int) -> FormDocument:
    ids = {p.get("receipt_form") for p in handover.parcels}
    form = FormDocument.objects.filter(pk=form_id).select_related("dossier").first() if form_id in ids else None
    if form is None:
        raise Http404
    return form


# --- The desk's side -------------------------------------------------------------------------


def desk_ids_for(user: Any) -> set[int]:
    return {d.pk for d in officer_desks(user)}


def desk_handovers_for(*, user: Any) -> QuerySet[PostalHandover]:
    return PostalHandover.objects.filter(desk_id__in=desk_ids_for(user)).select_related(
        "operator", "desk", "postal_signer", "desk_signer"
    )


def desk_handover_get_for(*, user: Any, pk: int) -> PostalHandover:
    handover = desk_handovers_for(user=user).filter(pk=pk).first()
    if handover is None:
        raise Http404
    return handover


def desk_inbound_waiting(*, user: Any) -> QuerySet[PostalHandover]:
    return desk_handovers_for(user=user).filter(direction=HandoverDirection.INBOUND, signed_at__isnull=True)


def desk_results_waiting(*, user: Any) -> QuerySet[Dossier]:
    """Results of the user's desks going by post, finished and not yet taken by the postal worker."""
    return (
        Dossier.objects.filter(desk_id__in=desk_ids_for(user), state=State.DONE, return_method=ReturnMethod.POST)
        .select_related("procedure_version")
        .order_by("finished_at", "id")
    )


def dossier_orders(dossier: Dossier) -> list[PostalOrder]:
    return list(
        PostalOrder.objects.filter(dossier=dossier)
        .select_related("operator", "inbound_handover", "outbound_handover")
        .prefetch_related("events")
        .order_by("requested_at", "id")
    )


def postal_share(qs: QuerySet[Dossier]) -> dict[str, int]:
    """How many of the dossiers came by post, for the reports."""
    return {"total": qs.count(), "postal": qs.filter(channel="postal").count()}


def order_search(*, operator: PostalOperator, text: str) -> QuerySet[PostalOrder]:
    text = text.strip()
    rows = orders_for(operator=operator)
    if not text:
        return rows
    return rows.filter(Q(code__iexact=text) | Q(inbound_tracking=text) | Q(outbound_tracking=text) | Q(phone=text))
