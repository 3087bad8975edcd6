"""The postal operator's partner API (services.md §2), mounted at /api/postal/."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from motcua.catalog.selectors import version_in_force
from motcua.dossiers.api.common import in_vietnamese, validated
from motcua.dossiers.api.views import IgnoreAccept
from motcua.dossiers.forms import form_pdf
from motcua.org.models import Desk

from .. import selectors as s
from .. import services
from ..pdf import handover_pdf_bytes, slip_pdf
from . import serializers as io
from .collected import collected_arguments
from .idempotency import idempotent
from .permissions import PartnerAPIView
from .schema import errors as error_responses

TAG = "postal"
KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description=(
        "Required on every POST (1-100 visible ASCII characters, e.g. a UUID). A retry with the same key and "
        "body gets the first answer again (header `Idempotent-Replayed: true`); the same key with another body "
        "answers 409; a POST without a key answers 400."
    ),
)
CODE = OpenApiParameter("code", str, OpenApiParameter.PATH)
ID = OpenApiParameter("pk", int, OpenApiParameter.PATH, description="Hand-over record id.")
WRITE_ERRORS = error_responses(400, 401, 403, 404, 409)
READ_ERRORS = error_responses(401, 403, 404)
PDF: dict[Any, Any] = {(200, "application/pdf"): OpenApiTypes.BINARY, **READ_ERRORS}


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


class OrderListView(PartnerAPIView):
    @extend_schema(
        tags=[TAG],
        operation_id="postal_orders_list",
        summary="The operator's orders",
        description="Newest first (at most 500); `status=requested` gives the pickups to do.",
        parameters=[io.OrderListInput],
        responses={200: io.OrderOutput(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        query = validated(io.OrderListInput, request.query_params.dict())
        rows = s.orders_for(operator=self.operator()).prefetch_related("procedure_version__components")
        if query.get("status"):
            rows = rows.filter(status=query["status"])
        return Response(io.OrderOutput(rows[:500], many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="postal_orders_create",
        summary="Place a pickup order (at the postal point)",
        parameters=[KEY],
        request=io.OrderCreateInput,
        responses={201: io.OrderOutput, **WRITE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        def handler() -> tuple[int, dict[str, Any]]:
            data = validated(io.OrderCreateInput, request.data)
            version = version_in_force(code=data["procedure"], on=timezone.localdate())
            desk = Desk.objects.filter(code=data["desk"], is_active=True).first()
            if version is None or desk is None:
                field = "procedure" if version is None else "desk"
                raise exceptions.ValidationError({field: [_("Unknown code.")]})
            person = data["applicant"]
            order_input = services.OrderInput(
                desk=desk,
                version=version,
                kind=data["kind"],
                applicant_name=person["name"],
                phone=person["phone"],
                email=person["email"],
                id_type=person["id_type"],
                id_number=person["id_number"],
                applicant_kind=person["kind"],
                pickup_address=data["pickup_address"],
                return_address=data["return_address"],
                note=data["note"],
            )
            with in_vietnamese():
                order = services.postal_order_create(actor=self.actor(), operator=self.operator(), data=order_input)
            return status.HTTP_201_CREATED, io.OrderOutput(order).data

        return idempotent(request, handler)


class OrderDetailView(PartnerAPIView):
    @extend_schema(
        tags=[TAG],
        operation_id="postal_orders_retrieve",
        summary="One order",
        parameters=[CODE],
        responses={200: io.OrderOutput, **READ_ERRORS},
    )
    def get(self, request: Request, code: str) -> Response:
        return Response(io.OrderOutput(s.order_get_for(operator=self.operator(), code=code)).data)


class OrderCollectedView(PartnerAPIView):
    parser_classes = (JSONParser, MultiPartParser)

    @extend_schema(
        tags=[TAG],
        operation_id="postal_orders_collected",
        summary="The parcel is collected and sealed (step 2)",
        description=(
            "Sender slip data, the documents as checked against the published list (by component `order`), "
            "scans as base64 in `components[].scans`, or multipart: the JSON body in the field `payload` and "
            "files in fields `scan_<order>`. The order becomes `collected`."
        ),
        parameters=[KEY, CODE],
        request={"application/json": io.CollectedInput, "multipart/form-data": OpenApiTypes.OBJECT},
        responses={200: io.OrderOutput, **WRITE_ERRORS},
    )
    def post(self, request: Request, code: str) -> Response:
        order = s.order_get_for(operator=self.operator(), code=code)

        def handler() -> tuple[int, dict[str, Any]]:
            with in_vietnamese():
                arguments = collected_arguments(request, order)
                done = services.postal_order_collect(actor=self.actor(), order=order, **arguments)
            return status.HTTP_200_OK, io.OrderOutput(done).data

        return idempotent(request, handler)


class OrderSlipView(PartnerAPIView):
    content_negotiation_class = IgnoreAccept

    @extend_schema(
        tags=[TAG],
        operation_id="postal_orders_slip_pdf",
        summary="The sender slip (PDF)",
        parameters=[CODE],
        responses=PDF,
    )
    def get(self, request: Request, code: str) -> HttpResponse:
        order = s.order_get_for(operator=self.operator(), code=code)
        if order.collected_at is None:
            raise Http404
        return _pdf(slip_pdf(order), f"phieu-gui-{order.code}.pdf")


class HandoverListView(PartnerAPIView):
    @extend_schema(
        tags=[TAG],
        operation_id="postal_handovers_list",
        summary="The operator's hand-over records",
        responses={200: io.HandoverOutput(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        rows = s.handovers_for(operator=self.operator())[:200]
        return Response(io.HandoverOutput(rows, many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="postal_handovers_create",
        summary="Hand collected parcels to a desk (step 3, postal side)",
        description=(
            "Creates the inbound hand-over record (*biên bản giao nhận*) signed by the postal side; print its PDF "
            "for the desk. The desk officer counts the parcels and signs on the desk's screen; the signing time is "
            "the legal reception time. Then `GET handovers/{id}` lists the dossier codes and Mẫu 01 PDF links."
        ),
        parameters=[KEY],
        request=io.HandoverCreateInput,
        responses={201: io.HandoverOutput, **WRITE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        operator = self.operator()

        def handler() -> tuple[int, dict[str, Any]]:
            data = validated(io.HandoverCreateInput, request.data)
            desk = Desk.objects.filter(code=data["desk"], is_active=True).first()
            if desk is None:
                raise exceptions.ValidationError({"desk": [_("Unknown code.")]})
            orders = [s.order_get_for(operator=operator, code=code) for code in data["orders"]]
            with in_vietnamese():
                handover = services.postal_handover_create(
                    actor=self.actor(), operator=operator, desk=desk, orders=orders, note=data["note"]
                )
            return status.HTTP_201_CREATED, io.HandoverOutput(handover).data

        return idempotent(request, handler)


class HandoverDetailView(PartnerAPIView):
    @extend_schema(
        tags=[TAG],
        operation_id="postal_handovers_retrieve",
        summary="One hand-over record",
        parameters=[ID],
        responses={200: io.HandoverOutput, **READ_ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(io.HandoverOutput(s.handover_get_for(operator=self.operator(), pk=pk)).data)


class HandoverPdfView(PartnerAPIView):
    content_negotiation_class = IgnoreAccept

    @extend_schema(
        tags=[TAG],
        operation_id="postal_handovers_pdf",
        summary="The hand-over record (PDF)",
        parameters=[ID],
        responses=PDF,
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        handover = s.handover_get_for(operator=self.operator(), pk=pk)
        return _pdf(handover_pdf_bytes(handover), f"{handover.number}.pdf")


class HandoverReceiptView(PartnerAPIView):
    content_negotiation_class = IgnoreAccept

    @extend_schema(
        tags=[TAG],
        operation_id="postal_handovers_receipt_pdf",
        summary="Mẫu 01 of a dossier of the record (for the applicant)",
        parameters=[ID, OpenApiParameter("form_id", int, OpenApiParameter.PATH)],
        responses=PDF,
    )
    def get(self, request: Request, pk: int, form_id: int) -> HttpResponse:
        form = s.receipt_form_get(s.handover_get_for(operator=self.operator(), pk=pk), form_id)
        return _pdf(form_pdf(form), f"{form.dossier.code if form.dossier else form.pk}-mau-01.pdf")


class ResultListView(PartnerAPIView):
    @extend_schema(
        tags=[TAG],
        operation_id="postal_results_list",
        summary="Results going back by post",
        description="`ready=1`: finished and waiting for the postal worker.",
        parameters=[io.ResultListInput],
        responses={200: io.ResultOutput(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        query = validated(io.ResultListInput, request.query_params.dict())
        rows = s.results_for(operator=self.operator(), ready_only=query["ready"]).prefetch_related("events")
        return Response(io.ResultOutput(rows.order_by("-updated_at", "-id")[:500], many=True).data)


class ResultPickedUpView(PartnerAPIView):
    @extend_schema(
        tags=[TAG],
        operation_id="postal_results_picked_up",
        summary="The worker took the result (step 5): the dossier is returned (state 10)",
        parameters=[KEY, CODE],
        request=io.PickedUpInput,
        responses={200: io.ResultOutput, **WRITE_ERRORS},
    )
    def post(self, request: Request, code: str) -> Response:
        order = s.return_order_get_for(operator=self.operator(), dossier_code=code)

        def handler() -> tuple[int, dict[str, Any]]:
            data = validated(io.PickedUpInput, request.data)
            with in_vietnamese():
                done = services.postal_result_pick_up(
                    actor=self.actor(), order=order, tracking=data["tracking_number"], postage_vnd=data["postage_vnd"]
                )
            return status.HTTP_200_OK, io.ResultOutput(done).data

        return idempotent(request, handler)


class ResultDeliveryEventView(PartnerAPIView):
    @extend_schema(
        tags=[TAG],
        operation_id="postal_results_delivery_events",
        summary="A delivery event of the result's shipment",
        description="A repeated `event_id` is ignored (200, `recorded: false`); `delivered`/`failed` settle the order.",
        parameters=[KEY, CODE],
        request=io.DeliveryEventInput,
        responses={201: io.DeliveryEventOutput, 200: io.DeliveryEventOutput, **WRITE_ERRORS},
    )
    def post(self, request: Request, code: str) -> Response:
        order = s.return_order_get_for(operator=self.operator(), dossier_code=code)

        def handler() -> tuple[int, dict[str, Any]]:
            data = validated(io.DeliveryEventInput, request.data)
            raw = json.loads(json.dumps(request.data, default=str))
            with in_vietnamese():
                event, created = services.postal_delivery_event_record(actor=self.actor(), order=order, raw=raw, **data)
            event.recorded = created  # type: ignore[attr-defined]
            return (status.HTTP_201_CREATED if created else status.HTTP_200_OK), io.DeliveryEventOutput(event).data

        return idempotent(request, handler)
