"""Output of the dossier endpoints: a list row (no personal ID number) and the full detail."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.api.serializers import OutputSerializer
from motcua.calendars.engine import explain_render
from motcua.catalog.api.serializers import AgencyRef
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.choices import OPEN_STATES, STATE_CODE, Digitisation, IntakeOutcome, State
from motcua.dossiers.models import (
    Attachment,
    Dossier,
    DossierComponent,
    FormDocument,
    Handover,
    HistoryEntry,
    IntakeAttempt,
    Participation,
    Task,
)

from .inputs import Applicant
from .online_outputs import DossierStoreItem, DossierSubmission, DossierSupplementRequest, submission_data


def is_overdue(dossier: Dossier) -> bool:
    """Open and past its due date; a running supplement request pauses the clock."""
    return (
        dossier.state in OPEN_STATES
        and dossier.state != State.SUPPLEMENT_REQUESTED
        and dossier.due_date is not None
        and dossier.due_date < timezone.localdate()
    )


def applicant_of(dossier: Dossier) -> dict[str, Any]:
    return {
        "kind": dossier.applicant_kind,
        "name": dossier.applicant_name,
        "organisation_name": dossier.organisation_name,
        "id_type": dossier.id_type,
        "id_number": dossier.id_number,
        "id_warnings": dossier.id_flags,
        "birth_date": dossier.birth_date,
        "phone": dossier.phone,
        "email": dossier.email,
        "address": dossier.address,
    }


class DossierProcedure(OutputSerializer):
    code = serializers.CharField(source="procedure.code")
    version = serializers.IntegerField(source="number")

    class Meta:
        model = ProcedureVersion
        fields = ["code", "version", "name"]


_ROW_FIELDS = [
    "code",
    "state",
    "state_code",
    "channel",
    "outcome",
    "procedure",
    "desk",
    "receiving_agency",
    "competent_agency",
    "submitted_at",
    "received_at",
    "due_date",
    "due_at",
    "overdue",
    "finished_at",
    "timeliness",
    "returned_at",
    "lock_version",
]


class DossierListOutput(OutputSerializer):
    """One row of a list: enough to pick a dossier, with the ID number masked (`********1234`)."""

    procedure = DossierProcedure(source="procedure_version")
    desk = serializers.CharField(source="desk.code")
    receiving_agency = serializers.CharField(source="receiving_agency.code")
    competent_agency = serializers.CharField(source="competent_agency.code")
    id_number_masked = serializers.CharField(source="masked_id")
    state_code = serializers.SerializerMethodField(help_text="National status number (1-10).")
    overdue = serializers.SerializerMethodField(help_text="Open and past its due date.")

    class Meta:
        model = Dossier
        fields = [*_ROW_FIELDS, "applicant_name", "organisation_name", "id_number_masked"]

    def get_state_code(self, dossier: Dossier) -> int | None:
        return STATE_CODE.get(dossier.state)  # type: ignore[call-overload]

    def get_overdue(self, dossier: Dossier) -> bool:
        return is_overdue(dossier)


class DossierFile(OutputSerializer):
    name = serializers.CharField(source="original_name")

    class Meta:
        model = Attachment
        fields = ["id", "kind", "name", "content_type", "size", "sha256", "uploaded_at"]


class DossierComponentLine(OutputSerializer):
    component = serializers.IntegerField(source="component_id", allow_null=True, help_text="Catalogue component id.")
    scans = DossierFile(many=True, help_text="Scans at the counter, the applicant's uploads and supplement files.")
    store_item = DossierStoreItem(allow_null=True, help_text="Online: the document reused from the data store.")
    # Declared: a model integer field with choices keeps the backend's range validators, so the schema
    # would differ between SQLite and PostgreSQL (OutputSerializer only drops them for plain integers).
    digitisation = serializers.ChoiceField(choices=Digitisation.choices)

    class Meta:
        model = DossierComponent
        fields = [
            "id",
            "component",
            "order",
            "name",
            "required",
            "received",
            "original_qty",
            "copy_qty",
            "digitisation",
            "no_scan_reason",
            "scans",
            "store_item",
        ]


class DossierTask(OutputSerializer):
    agency = serializers.CharField(source="agency.code")
    department = serializers.CharField(source="department.name", default=None, allow_null=True)
    assignee = serializers.CharField(source="assignee.full_name", default=None, allow_null=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "step_order",
            "name",
            "role",
            "agency",
            "department",
            "assignee",
            "parallel_group",
            "budget_minutes",
            "status",
            "started_at",
            "due_at",
            "finished_at",
            "timeliness",
            "note",
        ]


class DossierParticipation(OutputSerializer):
    agency = AgencyRef()

    class Meta:
        model = Participation
        fields = [
            "agency",
            "role",
            "mode",
            "order",
            "budget_minutes",
            "task_text",
            "started_at",
            "due_at",
            "finished_at",
            "outcome",
            "timeliness",
        ]


class DossierHandover(OutputSerializer):
    class Meta:
        model = Handover
        fields = ["seq", "from_label", "to_label", "at", "step_due_at", "timeliness", "overrun_minutes", "note"]


class DossierHistoryEntry(OutputSerializer):
    actor = serializers.CharField(source="actor_label")
    agency = serializers.CharField(source="agency.code", default=None, allow_null=True)
    documents = serializers.ListField(child=serializers.JSONField())
    data = serializers.JSONField()  # type: ignore[assignment]  # the output key, not Serializer.data

    class Meta:
        model = HistoryEntry
        fields = [
            "seq",
            "action",
            "at",
            "actor",
            "role",
            "agency",
            "from_state",
            "to_state",
            "reason",
            "legal_basis",
            "documents",
            "data",
            "due_before",
            "due_after",
        ]


class DossierForm(OutputSerializer):
    """An issued form; expects `context["code"]`, the dossier code."""

    pdf = serializers.SerializerMethodField(help_text="Path of the PDF (rendered on first download).")

    class Meta:
        model = FormDocument
        fields = ["id", "key", "form_set", "number", "issue_no", "created_at", "pdf"]

    def get_pdf(self, form: FormDocument) -> str:
        return reverse("api-dossier-form-pdf", kwargs={"code": self.context["code"], "id": form.pk})


class DossierActionLink(serializers.Serializer):
    action = serializers.CharField()
    href = serializers.CharField()


class DossierDetailOutput(DossierListOutput):
    """Everything about one dossier. Expects `context["lang"]` (vi or en) and `context["actions"]`."""

    desk_name = serializers.CharField(source="desk.name")
    receiving_agency = AgencyRef()  # type: ignore[assignment]
    competent_agency = AgencyRef()  # type: ignore[assignment]
    applicant = serializers.SerializerMethodField()
    received_by = serializers.CharField(source="received_by.full_name", default=None, allow_null=True)
    due_explanation_text = serializers.SerializerMethodField(help_text="How the due date was computed.")
    components = DossierComponentLine(many=True)
    files = serializers.SerializerMethodField(help_text="Result documents and proxy letters.")
    tasks = DossierTask(many=True)
    participations = DossierParticipation(many=True)
    handovers = DossierHandover(many=True)
    history = DossierHistoryEntry(many=True)
    forms = serializers.SerializerMethodField()
    submission = serializers.SerializerMethodField(help_text="Online: the latest submission (null at the counter).")
    form_data = serializers.JSONField(help_text="Online: the answers to the procedure's application form.")
    supplements = serializers.SerializerMethodField(help_text="Returns for completion and supplement requests.")
    actions = serializers.SerializerMethodField(
        help_text="The actions the caller may try now, a hint for buttons; the action itself decides."
    )

    class Meta(DossierListOutput.Meta):
        fields = [
            *_ROW_FIELDS,
            "desk_name",
            "first_submitted_at",
            "submission",
            "completion_returns",
            "form_data",
            "supplement_phase",
            "return_phase",
            "applicant",
            "subject",
            "sets_count",
            "return_method",
            "return_address",
            "received_by",
            "register_year",
            "register_no",
            "clock_start",
            "original_due_date",
            "legal_due_date",
            "legal_due_at",
            "paused_at",
            "supplement_count",
            "reschedule_count",
            "due_explanation_text",
            "components",
            "files",
            "tasks",
            "participations",
            "handovers",
            "history",
            "forms",
            "supplements",
            "actions",
        ]

    @extend_schema_field(Applicant)
    def get_applicant(self, dossier: Dossier) -> Any:
        return Applicant(applicant_of(dossier)).data

    def get_due_explanation_text(self, dossier: Dossier) -> str:
        return explain_render(dossier.due_explanation or {}, self.context.get("lang", "vi"))

    @extend_schema_field(DossierFile(many=True))
    def get_files(self, dossier: Dossier) -> Any:
        return DossierFile([a for a in dossier.attachments.all() if a.kind != "scan"], many=True).data

    @extend_schema_field(DossierSubmission(allow_null=True))
    def get_submission(self, dossier: Dossier) -> Any:
        return submission_data(dossier)

    @extend_schema_field(DossierSupplementRequest(many=True))
    def get_supplements(self, dossier: Dossier) -> Any:
        # Read only when there can be one (a proposal, a request or a return leaves a mark on the row).
        if not (dossier.supplement_phase or dossier.completion_returns):
            return []
        return DossierSupplementRequest(dossier.supplements.order_by("id"), many=True).data

    @extend_schema_field(DossierForm(many=True))
    def get_forms(self, dossier: Dossier) -> Any:
        return DossierForm(dossier.forms.all(), many=True, context={"code": dossier.code}).data

    @extend_schema_field(DossierActionLink(many=True))
    def get_actions(self, dossier: Dossier) -> Any:
        return DossierActionLink(self.context.get("actions", []), many=True).data


class IntakeAttemptForm(OutputSerializer):
    class Meta:
        model = FormDocument
        fields = ["id", "key", "form_set", "number", "created_at"]


class IntakeAttemptOutput(OutputSerializer):
    desk = serializers.CharField(source="desk.code")
    procedure = DossierProcedure(source="procedure_version")
    decision = serializers.ChoiceField(source="outcome", choices=IntakeOutcome.choices)
    items = serializers.ListField(child=serializers.JSONField())
    forms = IntakeAttemptForm(many=True)

    class Meta:
        model = IntakeAttempt
        fields = [
            "id",
            "decision",
            "at",
            "desk",
            "procedure",
            "applicant_name",
            "items",
            "reason",
            "legal_basis",
            "forms",
        ]
