"""Payments API under /api/v1/: a dossier's fees, the desk's cash or transfer payment (idempotent with
an `Idempotency-Key`, like the dossier create endpoint) and the daily reconciliation report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.views import StaffAPIView, parse_query, staff_user
from motcua.dossiers.api.common import in_vietnamese, validated
from motcua.dossiers.api.schema import CODE_PATH, errors
from motcua.dossiers.models import Dossier
from motcua.dossiers.policy import desk_officer_required
from motcua.dossiers.selectors import dossier_get_for
from motcua.dossiers.services.idempotency import KEY_MAX_LENGTH, request_hash
from motcua.org.selectors import is_staff_member

from ..models import Payment
from ..selectors import dossier_fees, dossier_for_applicant, reconciliation_lines_for
from ..services.desk import payment_idempotency_lookup, payment_record_desk, payment_record_desk_idempotent
from ..services.reconcile import is_alert
from . import serializers as s

PAYMENTS = "payments"
IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description=(
        "One key (1-100 visible ASCII characters, e.g. a UUID) per intended payment. A retry with the same key "
        "and body answers 200 with the payment the first request recorded; the same key with another body 422."
    ),
)


def _key(request: Request) -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not 0 < len(key) <= KEY_MAX_LENGTH or not key.isascii() or not key.isprintable():
        message = _("The Idempotency-Key header must be 1 to 100 visible ASCII characters.")
        raise exceptions.ValidationError({"Idempotency-Key": [message]})
    return key


def _dossier_for(user: Any, code: str) -> Dossier:
    """Staff: a dossier in their scope; anyone else: their own dossier as its applicant (404 otherwise)."""
    if is_staff_member(user):
        try:
            return dossier_get_for(user=user, code=code)
        except Http404:
            pass
    return dossier_for_applicant(user=user, code=code)


def fees_data(dossier: Dossier) -> dict[str, Any]:
    fees = dossier_fees(dossier)
    return {
        "code": dossier.code,
        "total_vnd": fees.total,
        "owed_vnd": fees.owed,
        "owed_before_processing_vnd": fees.owed_before_processing,
        "lines": fees.lines,
        "payments": fees.payments,
        "refunds": fees.refunds,
    }


@extend_schema_view(
    get=extend_schema(
        tags=[PAYMENTS],
        operation_id="dossiers_fees_retrieve",
        summary="Fee lines, payments and refunds of a dossier",
        description=(
            "For staff who may see the dossier and for its applicant (signed in to the portal or with a token). "
            "Anyone else gets 404, like a missing dossier."
        ),
        parameters=[CODE_PATH],
        responses={200: s.FeesOutput, **errors(401, 404)},
    )
)
class DossierFeesView(APIView):
    authentication_classes = (TokenAuthentication, SessionAuthentication)
    permission_classes = (IsAuthenticated,)

    def get(self, request: Request, code: str) -> Response:
        dossier = _dossier_for(request.user, code)
        return Response(s.FeesOutput(fees_data(dossier)).data)


@extend_schema_view(
    post=extend_schema(
        tags=[PAYMENTS],
        operation_id="dossiers_payments_create",
        summary="Record a cash or bank-transfer payment at the desk",
        description=(
            "The desk officer of the dossier's desk records fees received by hand; the payment is paid at once "
            "and gets its receipt number. A bank transfer needs its reference in `note`. A line already paid is "
            "refused (400, `detail.lines`): a double submit never records twice. Send an `Idempotency-Key` so a "
            "retry returns the first payment."
        ),
        parameters=[CODE_PATH, IDEMPOTENCY_HEADER],
        request=s.PaymentCreateInput,
        responses={
            201: OpenApiResponse(s.PaymentOutput, description="Recorded."),
            200: OpenApiResponse(s.PaymentOutput, description="A retry: the payment the key recorded."),
            **errors(400, 401, 403, 404, 409, 422),
        },
    )
)
class DossierPaymentCreateView(StaffAPIView):
    def post(self, request: Request, code: str) -> Response:
        user = staff_user(request)
        dossier = dossier_get_for(user=user, code=code)
        desk_officer_required(user, dossier)  # 403 before the body is read: only the desk records fees
        key, body_hash = _key(request), request_hash(request.data)
        if key is not None:
            earlier = payment_idempotency_lookup(actor=user, key=key, request_hash=body_hash)
            if earlier is not None:
                return _answer(dossier, earlier, created=False)
        data = validated(s.PaymentCreateInput, request.data)
        arguments: dict[str, Any] = {
            "method": data["method"],
            "lines": _lines(dossier, data.get("lines")),
            "payer_name": data["payer_name"],
            "note": data["note"],
        }
        with in_vietnamese():
            if key is None:
                payment, created = payment_record_desk(actor=user, dossier=dossier, **arguments), True
            else:
                payment, created = payment_record_desk_idempotent(
                    actor=user, key=key, request_hash=body_hash, dossier=dossier, **arguments
                )
        return _answer(dossier, payment, created=created)


def _lines(dossier: Dossier, ids: list[int] | None) -> list[Any] | None:
    if not ids:
        return None
    lines = list(dossier.fee_lines.filter(pk__in=ids))
    if len(lines) != len(set(ids)):
        raise exceptions.ValidationError({"lines": [_("Unknown fee line for this dossier.")]})
    return lines


def _answer(dossier: Dossier, payment: Payment, *, created: bool) -> Response:
    fresh = Payment.objects.prefetch_related("lines").select_related("agency").get(pk=payment.pk)
    headers = {"Location": reverse("api-dossier-fees", kwargs={"code": dossier.code})}
    code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return Response(s.PaymentOutput(fresh).data, status=code, headers=headers)


@extend_schema_view(
    get=extend_schema(
        tags=[PAYMENTS],
        operation_id="payments_reconciliation_retrieve",
        summary="The daily reconciliation of a local day",
        description=(
            "Lines of the gateway's settlement matched against our payments (matched, gateway_only, local_only, "
            "amount_mismatch), for the collecting agencies in the caller's scope. Every outcome but `matched` is "
            "an alert. The reconciliation itself runs at 01:00 (`manage.py payments_reconcile`)."
        ),
        parameters=[s.ReconciliationInput],
        responses={200: s.ReconciliationOutput, **errors(400, 401, 403)},
    )
)
class ReconciliationView(StaffAPIView):
    def get(self, request: Request) -> Response:
        query = parse_query(s.ReconciliationInput, request)
        day: dt.date = query.get("day") or timezone.localdate() - dt.timedelta(days=1)
        lines = list(reconciliation_lines_for(user=staff_user(request), day=day, gateway=query.get("gateway", "")))
        body = {"day": day, "alerts": sum(1 for line in lines if is_alert(line)), "lines": lines}
        return Response(s.ReconciliationOutput(body).data)
