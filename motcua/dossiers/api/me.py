"""The applicant's own dossiers: `GET /api/v1/me/dossiers/` and `GET /api/v1/me/dossiers/{id}/`.

For a signed-in applicant (portal session or token). Everything is scoped to `request.user` as the
dossier's applicant account: another person's dossier answers the same 404 as a missing one. Drafts
have no code yet, so dossiers are addressed by id. What staff keep for themselves stays out: the
officers' names, internal notes, proposals not yet issued and the submission's IP address.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.pagination import ordered_by
from motcua.api.serializers import OutputSerializer
from motcua.dossiers.choices import STATE_CODE
from motcua.dossiers.models import Attachment, Dossier, DossierComponent, FormDocument, HistoryEntry, SupplementRequest
from motcua.dossiers.selectors_citizen import APPLICANT_ACTIONS, APPLICANT_FORMS, APPLICANT_REASONS
from motcua.dossiers.views.labels import history_label

from .online_outputs import DossierStoreItem, DossierSubmission, DossierSupplementRequest, submission_data
from .outputs import DossierProcedure
from .schema import errors

ME = "my dossiers"
# What the applicant is shown is decided once, for the pages and the API alike (selectors_citizen).
PUBLIC_ACTIONS = APPLICANT_ACTIONS
REASONED_ACTIONS = APPLICANT_REASONS
ID_PATH = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Id of the dossier (drafts have no code).")


def applicant_dossiers(user: Any) -> QuerySet[Dossier]:
    """The dossiers whose applicant account is `user`, newest first (index `dossier_applicant`)."""
    if not getattr(user, "is_authenticated", False):
        return Dossier.objects.none()
    return Dossier.objects.filter(applicant=user).select_related(
        "procedure_version__procedure", "desk", "receiving_agency", "competent_agency"
    )


def applicant_dossier_get(user: Any, pk: int) -> Dossier:
    dossier = (
        applicant_dossiers(user)
        .prefetch_related(
            Prefetch(
                "components",
                queryset=DossierComponent.objects.select_related("store_item")
                .order_by("order", "id")
                .prefetch_related(Prefetch("scans", queryset=Attachment.objects.order_by("id"))),
            ),
            Prefetch("history", queryset=HistoryEntry.objects.filter(action__in=PUBLIC_ACTIONS).order_by("seq")),
            Prefetch("supplements", queryset=SupplementRequest.objects.exclude(phase="proposed").order_by("id")),
            Prefetch(
                "forms", queryset=FormDocument.objects.filter(key__in=APPLICANT_FORMS).order_by("created_at", "id")
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if dossier is None:
        raise Http404
    return dossier


class MyDossierRow(OutputSerializer):
    procedure = DossierProcedure(source="procedure_version")
    desk = serializers.CharField(source="desk.name")
    state_code = serializers.SerializerMethodField(help_text="National status number (1-10); null for a draft.")
    state_label = serializers.CharField(source="get_state_display")

    class Meta:
        model = Dossier
        fields = [
            "id",
            "code",
            "state",
            "state_code",
            "state_label",
            "channel",
            "outcome",
            "procedure",
            "desk",
            "created_at",
            "submitted_at",
            "received_at",
            "due_date",
            "due_at",
            "finished_at",
            "returned_at",
        ]

    def get_state_code(self, dossier: Dossier) -> int | None:
        return STATE_CODE.get(dossier.state)  # type: ignore[call-overload]


class MyFile(OutputSerializer):
    name = serializers.CharField(source="original_name")

    class Meta:
        model = Attachment
        fields = ["id", "kind", "name", "content_type", "size", "sha256", "uploaded_at"]


class MyComponent(OutputSerializer):
    files = MyFile(many=True, source="scans")
    store_item = DossierStoreItem(allow_null=True, help_text="The document reused from your data store.")

    class Meta:
        model = DossierComponent
        fields = ["id", "order", "name", "required", "received", "files", "store_item"]


class MyTimelineEntry(OutputSerializer):
    # The output key; DRF takes declared fields off the class, so Field.label is untouched.
    label = serializers.SerializerMethodField(help_text="What happened, in the request's language.")  # type: ignore[assignment]

    class Meta:
        model = HistoryEntry
        fields = ["seq", "at", "action", "label", "from_state", "to_state", "reason", "legal_basis", "due_after"]

    def get_label(self, entry: HistoryEntry) -> str:
        return str(history_label(entry))

    def to_representation(self, entry: HistoryEntry) -> dict[str, Any]:
        data = dict(super().to_representation(entry))
        if entry.action not in REASONED_ACTIONS:  # internal notes stay with the agencies
            data["reason"], data["legal_basis"] = "", ""
        return data


class MyForm(OutputSerializer):
    name = serializers.CharField(source="get_key_display")

    class Meta:
        model = FormDocument
        fields = ["id", "key", "name", "number", "issue_no", "created_at"]


class MyDossierDetail(MyDossierRow):
    receiving_agency = serializers.CharField(source="receiving_agency.name")
    competent_agency = serializers.CharField(source="competent_agency.name")
    submission = serializers.SerializerMethodField(help_text="Your latest submission (null for a counter dossier).")
    form_data = serializers.JSONField(help_text="Your answers to the application form.")
    components = MyComponent(many=True)
    requests = DossierSupplementRequest(many=True, source="supplements", help_text="What the desk asked you for.")
    timeline = MyTimelineEntry(many=True, source="history")
    forms = MyForm(many=True, help_text="Documents issued to you (receipt, notices).")

    class Meta(MyDossierRow.Meta):
        fields = [
            *MyDossierRow.Meta.fields,
            "receiving_agency",
            "competent_agency",
            "first_submitted_at",
            "submission",
            "return_method",
            "return_address",
            "supplement_phase",
            "form_data",
            "components",
            "requests",
            "timeline",
            "forms",
        ]

    @extend_schema_field(DossierSubmission(allow_null=True))
    def get_submission(self, dossier: Dossier) -> Any:
        return submission_data(dossier)


# Any signed-in person; the data is theirs only (token first so that anonymous gets 401).
APPLICANT_AUTHENTICATION = (TokenAuthentication, SessionAuthentication)


@extend_schema_view(
    get=extend_schema(
        tags=[ME],
        operation_id="me_dossiers_list",
        summary="My dossiers",
        description=(
            "The signed-in applicant's own dossiers, drafts included, newest first, in cursor pages (follow "
            "`next`). Staff accounts see the dossiers they filed as applicants, if any."
        ),
        responses={200: MyDossierRow(many=True), **errors(400, 401)},
    )
)
class MyDossierListView(generics.ListAPIView):
    authentication_classes = APPLICANT_AUTHENTICATION
    permission_classes = (IsAuthenticated,)
    serializer_class = MyDossierRow
    pagination_class = ordered_by("-created_at", "-id")
    filter_backends = ()

    def get_queryset(self) -> QuerySet[Dossier]:
        return applicant_dossiers(self.request.user)


@extend_schema_view(
    get=extend_schema(
        tags=[ME],
        operation_id="me_dossiers_retrieve",
        summary="One of my dossiers",
        description=(
            "Status, due date, timeline, components with their files, the answers to the application form, "
            "what the desk asked for and the documents issued. Another person's dossier answers 404."
        ),
        parameters=[ID_PATH],
        responses={200: MyDossierDetail, **errors(401, 404)},
    )
)
class MyDossierDetailView(APIView):
    authentication_classes = APPLICANT_AUTHENTICATION
    permission_classes = (IsAuthenticated,)

    def get(self, request: Request, id: int) -> Response:
        return Response(MyDossierDetail(applicant_dossier_get(request.user, id)).data)
