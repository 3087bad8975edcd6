"""The dossier collection and documents: list, create (idempotent), detail, form PDFs, intake attempts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response

from motcua.api.pagination import ordered_by
from motcua.api.views import StaffAPIView, StaffListAPIView, parse_query, staff_user
from motcua.dossiers.choices import OPEN_STATES, State
from motcua.dossiers.forms import control_sheet_pdf, form_pdf
from motcua.dossiers.models import Dossier, Task
from motcua.dossiers.selectors import dossier_get_for, dossier_list_for, dossier_search, queue_dossiers
from motcua.dossiers.services import dossier_receive, intake_guide, intake_refuse
from motcua.dossiers.services.idempotency import (
    KEY_MAX_LENGTH,
    dossier_receive_idempotent,
    idempotency_lookup,
    request_hash,
)
from motcua.dossiers.views.common import access_log

from . import inputs as i
from . import outputs as o
from .common import detail_response, in_vietnamese, validated
from .receive import attempt_arguments, receive_arguments
from .schema import CODE_PATH, DOSSIERS, INTAKE, errors

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description=(
        "Partner systems must send one (1-100 visible ASCII characters, e.g. a UUID) per intended dossier. "
        "A retry with the same key and body answers 200 with the dossier the first request created; the same "
        "key with another body answers 422."
    ),
)
LANG_PARAM = OpenApiParameter(
    "lang", str, enum=["vi", "en"], description="Language of `due_explanation_text` (default vi)."
)


def _key(request: Request) -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not 0 < len(key) <= KEY_MAX_LENGTH or not key.isascii() or not key.isprintable():
        message = _("The Idempotency-Key header must be 1 to 100 visible ASCII characters.")
        raise exceptions.ValidationError({"Idempotency-Key": [message]})
    return key


# Online dossiers the desk has not accepted: listed by submission time instead of reception time.
BEFORE_ACCEPTANCE = (State.SUBMITTED, State.RETURNED_FOR_COMPLETION, State.NOT_ACCEPTED)
SUBMISSION_ORDER = ordered_by("submitted_at", "id")


def by_submission(query: dict[str, Any]) -> bool:
    return query.get("state") in BEFORE_ACCEPTANCE or query.get("queue") == "online"


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _overdue_q() -> Q:
    open_ = Q(state__in=OPEN_STATES) & ~Q(state=State.SUPPLEMENT_REQUESTED)
    return open_ & Q(due_date__lt=timezone.localdate())


def _filter(dossiers: QuerySet[Dossier], query: dict[str, Any]) -> QuerySet[Dossier]:
    for field in ("state", "channel"):
        if field in query:
            dossiers = dossiers.filter(**{field: query[field]})
    if "procedure" in query:
        dossiers = dossiers.filter(procedure_version__procedure__code=query["procedure"].strip().upper())
    if "received_from" in query:
        dossiers = dossiers.filter(received_at__gte=_day_start(query["received_from"]))
    if "received_to" in query:
        dossiers = dossiers.filter(received_at__lt=_day_start(query["received_to"] + dt.timedelta(days=1)))
    if "due_before" in query:
        dossiers = dossiers.filter(due_date__lte=query["due_before"])
    if "overdue" in query:
        dossiers = dossiers.filter(_overdue_q()) if query["overdue"] else dossiers.exclude(_overdue_q())
    return dossiers


@extend_schema_view(
    get=extend_schema(
        tags=[DOSSIERS],
        operation_id="dossiers_list",
        summary="Dossiers in the caller's scope",
        description=(
            "Newest received first, in cursor pages (follow `next`; there is no total count). Rows carry the "
            "applicant's name but only the last four digits of the ID number. Online submissions the desk has "
            "not accepted have no reception time: ask for them with `state=submitted` (the desk's check), "
            "`returned_for_completion` or `not_accepted`, or with `queue=online`; they come oldest submission "
            "first."
        ),
        parameters=[i.DossierListInput],
        responses={200: o.DossierListOutput(many=True), **errors(400, 401, 403)},
    ),
    post=extend_schema(
        tags=[DOSSIERS],
        operation_id="dossiers_create",
        summary="Receive a dossier at a desk (counter intake)",
        description=(
            "Accepts a complete dossier: allocates its code and register entry, computes the due date, starts "
            "the first step and issues the receipt (Mẫu 01). The caller must hold the desk-officer role at the "
            "desk. Scans travel as base64. Send an `Idempotency-Key` so that a retry cannot create a second "
            "dossier."
        ),
        parameters=[IDEMPOTENCY_HEADER, LANG_PARAM],
        request=i.DossierCreateInput,
        responses={
            201: OpenApiResponse(o.DossierDetailOutput, description="Created."),
            200: OpenApiResponse(o.DossierDetailOutput, description="A retry: the dossier the key created."),
            **errors(400, 401, 403, 409, 422),
        },
    ),
)
class DossierListCreateView(StaffListAPIView):
    """Scoped list with filters, and counter intake (idempotent with a key)."""

    serializer_class = o.DossierListOutput
    pagination_class = ordered_by("-received_at", "-id")

    def get_queryset(self) -> QuerySet[Dossier]:
        query = parse_query(i.DossierListInput, self.request)
        user = staff_user(self.request)
        dossiers = dossier_search(user=user, text=query["q"]) if query.get("q") else dossier_list_for(user=user)
        if "queue" in query:
            rows = queue_dossiers(user=user, key=query["queue"])
            ids = rows.values("dossier_id") if rows.model is Task else rows.values("pk")
            dossiers = dossiers.filter(pk__in=ids)
        if by_submission(query):
            # Not (yet) accepted online dossiers have no reception time: page them by submission, oldest
            # first, as the desk checks them. The paginator is built after this, from this class.
            self.pagination_class = SUBMISSION_ORDER
            return _filter(dossiers.filter(submitted_at__isnull=False), query)
        return _filter(dossiers.filter(received_at__isnull=False), query)

    def post(self, request: Request) -> Response:
        user = staff_user(request)
        key, body_hash = _key(request), request_hash(request.data)
        if key is not None:
            earlier = idempotency_lookup(actor=user, key=key, request_hash=body_hash)
            if earlier is not None:
                return _created(request, earlier, created=False)
        arguments = receive_arguments(user, validated(i.DossierCreateInput, request.data))
        with in_vietnamese():
            if key is None:
                dossier, created = dossier_receive(actor=user, **arguments), True
            else:
                dossier, created = dossier_receive_idempotent(actor=user, key=key, request_hash=body_hash, **arguments)
        return _created(request, dossier, created=created)


def _created(request: Request, dossier: Dossier, *, created: bool) -> Response:
    """201 for a new dossier, 200 for a retry; the same body and `Location` either way."""
    location = {"Location": reverse("api-dossier-detail", kwargs={"code": dossier.code})}
    code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return detail_response(request, dossier, purpose="api create", status=code, headers=location)


@extend_schema_view(
    get=extend_schema(
        tags=[DOSSIERS],
        operation_id="dossiers_retrieve",
        summary="One dossier in full",
        description=(
            "Applicant, components, steps, participating agencies, hand-overs (control sheet), history, due "
            "dates with their explanation, issued forms and the actions the caller may try now. The view of "
            "personal data is logged. A dossier outside the caller's scope answers 404, like a missing one."
        ),
        parameters=[CODE_PATH, LANG_PARAM],
        responses={200: o.DossierDetailOutput, **errors(401, 403, 404)},
    )
)
class DossierDetailView(StaffAPIView):
    def get(self, request: Request, code: str) -> Response:
        dossier = dossier_get_for(user=staff_user(request), code=code)
        return detail_response(request, dossier, purpose="api detail")


class IgnoreAccept(BaseContentNegotiation):
    """PDF endpoints: success is a PDF whatever `Accept` says; errors stay in the JSON error shape."""

    def select_parser(self, request: Request, parsers: Any) -> Any:
        return parsers[0]

    def select_renderer(self, request: Request, renderers: Any, format_suffix: str | None = None) -> Any:
        return (renderers[0], renderers[0].media_type)


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


PDF_RESPONSES: dict[Any, Any] = {(200, "application/pdf"): OpenApiTypes.BINARY, **errors(401, 403, 404)}


@extend_schema_view(
    get=extend_schema(
        tags=[DOSSIERS],
        operation_id="dossiers_forms_pdf",
        summary="An issued form as PDF",
        description="The form as issued (rendered once from its snapshot, then served with the same SHA-256).",
        parameters=[CODE_PATH, OpenApiParameter("id", int, OpenApiParameter.PATH, description="Form id.")],
        responses=PDF_RESPONSES,
    )
)
class DossierFormPdfView(StaffAPIView):
    content_negotiation_class = IgnoreAccept

    def get(self, request: Request, code: str, id: int) -> HttpResponse:
        dossier = dossier_get_for(user=staff_user(request), code=code)
        form = dossier.forms.filter(pk=id).first()
        if form is None:
            raise Http404
        data = form_pdf(form)
        access_log(request, dossier, purpose="api form pdf")
        return _pdf(data, f"{dossier.code}-{form.key}-{form.issue_no}.pdf")


@extend_schema_view(
    get=extend_schema(
        tags=[DOSSIERS],
        operation_id="dossiers_control_sheet_pdf",
        summary="The process control sheet (Mẫu 06) as PDF",
        description="Printed live from the hand-overs recorded so far.",
        parameters=[CODE_PATH],
        responses=PDF_RESPONSES,
    )
)
class DossierControlSheetView(StaffAPIView):
    content_negotiation_class = IgnoreAccept

    def get(self, request: Request, code: str) -> HttpResponse:
        dossier = dossier_get_for(user=staff_user(request), code=code)
        data = control_sheet_pdf(dossier)
        access_log(request, dossier, purpose="api control sheet", fields=["applicant_name", "organisation_name"])
        return _pdf(data, f"{dossier.code}-control-sheet.pdf")


@extend_schema_view(
    post=extend_schema(
        tags=[INTAKE],
        operation_id="intake_attempts_create",
        summary="Record a counter contact that ends without a dossier",
        description=(
            "`guided`: the dossier is incomplete; the complete list of what is missing is issued (Mẫu 02). "
            "`refused`: the request is not eligible; the refusal with reasons and legal basis is issued "
            "(Mẫu 03). Neither gets a dossier code; both count as applicant contacts."
        ),
        request=i.IntakeAttemptInput,
        responses={201: o.IntakeAttemptOutput, **errors(400, 401, 403)},
    )
)
class IntakeAttemptCreateView(StaffAPIView):
    def post(self, request: Request) -> Response:
        data = validated(i.IntakeAttemptInput, request.data)
        arguments = attempt_arguments(staff_user(request), data)
        service = intake_guide if data["decision"] == "guided" else intake_refuse
        with in_vietnamese():
            attempt = service(actor=staff_user(request), **arguments)
        attempt = type(attempt).objects.select_related("desk", "procedure_version__procedure").get(pk=attempt.pk)
        return Response(o.IntakeAttemptOutput(attempt).data, status=status.HTTP_201_CREATED)
