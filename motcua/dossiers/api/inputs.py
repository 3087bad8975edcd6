"""Inputs of the dossier collection: list filters, the counter intake, and intake attempts."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from motcua.api.fields import DateParam
from motcua.dossiers.choices import ApplicantKind, Channel, IdType, IntakeOutcome, ReturnMethod, State
from motcua.dossiers.selectors import QUEUES

from .fields import Base64File


class DossierListInput(serializers.Serializer):
    state = serializers.ChoiceField(choices=State.choices, required=False)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    procedure = serializers.CharField(required=False, max_length=32, help_text="National procedure code.")
    received_from = DateParam(required=False, help_text="Received on or after this day (YYYY-MM-DD, local time).")
    received_to = DateParam(required=False, help_text="Received on or before this day (YYYY-MM-DD, local time).")
    due_before = DateParam(required=False, help_text="Due date on or before this day (YYYY-MM-DD).")
    overdue = serializers.BooleanField(
        required=False,
        help_text="`true`: open dossiers past their due date (a running supplement pauses the clock); "
        "`false`: all others. Omit for both.",
    )
    q = serializers.CharField(
        required=False,
        max_length=100,
        help_text="Dossier code (or its beginning), applicant name with or without diacritics, ID number or phone.",
    )
    queue = serializers.ChoiceField(
        choices=sorted(QUEUES), required=False, help_text="Only the dossiers of one of the caller's work queues."
    )


class Applicant(serializers.Serializer):
    """The applicant, as sent to create a dossier and as the detail shows it (one schema component)."""

    kind = serializers.ChoiceField(choices=ApplicantKind.choices, default=ApplicantKind.PERSON)
    name = serializers.CharField(max_length=200, help_text="Full name of the person (or of the representative).")
    organisation_name = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    id_type = serializers.ChoiceField(choices=IdType.choices)
    id_number = serializers.CharField(max_length=20, help_text="12-digit citizen ID for `cccd`.")
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    id_warnings = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Checks of the ID number that need a look."
    )


class ComponentLineInput(serializers.Serializer):
    """One checklist line. Name the catalogue component by `component` (id) or by `order`."""

    component = serializers.IntegerField(required=False, min_value=1, help_text="Id of the catalogue component.")
    order = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text="Or its `order` in the procedure version in force (as `GET /api/v1/procedures/{code}/` lists it).",
    )
    received = serializers.BooleanField(default=True)
    original_qty = serializers.IntegerField(min_value=0, max_value=99, default=0)
    copy_qty = serializers.IntegerField(min_value=0, max_value=99, default=0)
    no_scan_reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text="Why a received paper is not scanned."
    )
    scans: serializers.ListSerializer[Any] = serializers.ListSerializer(
        child=Base64File(), required=False, default=list, max_length=20
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("component" in attrs) == ("order" in attrs):
            raise serializers.ValidationError(_("Give either the component's id or its order."), code="invalid")
        return attrs


class DossierCreateInput(serializers.Serializer):
    desk = serializers.CharField(max_length=32, help_text="Code of the receiving desk (one of the caller's).")
    procedure = serializers.CharField(
        max_length=32, help_text="National procedure code; the version in force today is used."
    )
    competent_agency = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        help_text="Electronic identifier of the deciding agency, when the procedure has several.",
    )
    applicant = Applicant()
    subject = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    sets_count = serializers.IntegerField(min_value=1, max_value=99, default=1)
    return_method = serializers.ChoiceField(choices=ReturnMethod.choices, default=ReturnMethod.COUNTER)
    return_address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    components: serializers.ListSerializer[Any] = serializers.ListSerializer(child=ComponentLineInput(), max_length=100)


class IntakeItemInput(serializers.Serializer):
    component = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    defect = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, default="", help_text="What is missing or wrong (guidance)."
    )
    reason = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, default="", help_text="Why it is refused (refusal)."
    )
    legal_basis = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class IntakeApplicantInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class IntakeAttemptInput(serializers.Serializer):
    desk = serializers.CharField(max_length=32, help_text="Code of the desk (one of the caller's).")
    procedure = serializers.CharField(max_length=32, help_text="National procedure code.")
    decision = serializers.ChoiceField(
        choices=IntakeOutcome.choices,
        help_text="`guided`: the complete list of what is missing (Mẫu 02); `refused`: refusal (Mẫu 03).",
    )
    applicant = IntakeApplicantInput()
    items: serializers.ListSerializer[Any] = serializers.ListSerializer(
        child=IntakeItemInput(), min_length=1, max_length=50
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
