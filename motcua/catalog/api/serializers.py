"""Input (query) and output serializers of the public catalogue endpoints."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.api.fields import DateParam
from motcua.api.serializers import OutputSerializer
from motcua.catalog.choices import OnlineLevel, ProcedureLevel
from motcua.catalog.formschema import schema_for
from motcua.catalog.models import Component, FeeItem, Field, ProcedureVersion, ProcessStep
from motcua.org.models import Agency


class FieldOutput(OutputSerializer):
    class Meta:
        model = Field
        fields = ["slug", "name", "code"]


class ProcedureListInput(serializers.Serializer):
    q = serializers.CharField(
        required=False, max_length=300, help_text="Words of the name or the code, with or without diacritics."
    )
    field = serializers.SlugField(required=False, help_text="Slug of the field (lĩnh vực).")
    level = serializers.ChoiceField(choices=ProcedureLevel.choices, required=False)
    agency = serializers.CharField(
        required=False, max_length=32, help_text="Electronic identifier (or an old one) of a competent agency."
    )
    online_level = serializers.ChoiceField(choices=OnlineLevel.choices, required=False)


class FieldRef(OutputSerializer):
    class Meta:
        model = Field
        fields = ["slug", "name"]


class ProcedureListOutput(OutputSerializer):
    code = serializers.CharField(source="procedure.code")
    version = serializers.IntegerField(source="number")
    field = FieldRef()
    levels = serializers.ListField(child=serializers.ChoiceField(choices=ProcedureLevel.choices))

    class Meta:
        model = ProcedureVersion
        fields = [
            "code",
            "version",
            "name",
            "field",
            "levels",
            "online_level",
            "time_value",
            "time_unit",
            "time_text",
            "valid_from",
            "valid_to",
        ]


class ProcedureDetailInput(serializers.Serializer):
    on = DateParam(required=False, help_text="The version in force on this day (YYYY-MM-DD); default today.")


class AgencyRef(OutputSerializer):
    class Meta:
        model = Agency
        fields = ["code", "name"]


class ComponentOutput(OutputSerializer):
    form_files = serializers.ListField(child=serializers.JSONField())
    form_template = serializers.FileField(use_url=True, allow_null=True)

    class Meta:
        model = Component
        fields = [
            "order",
            "name",
            "case",
            "required",
            "required_is_default",
            "original_qty",
            "copy_qty",
            "copies_text",
            "form_files",
            "form_template",
        ]


class FeeOutput(OutputSerializer):
    class Meta:
        model = FeeItem
        fields = ["order", "name", "kind", "amount_vnd", "applicant_type", "payable_at", "source_text", "needs_review"]


class StepOutput(OutputSerializer):
    coordinating_agencies = AgencyRef(many=True)
    is_default = serializers.BooleanField(help_text="Generated from the default split; not yet confirmed.")

    class Meta:
        model = ProcessStep
        fields = [
            "order",
            "name",
            "role",
            "department_code",
            "budget_minutes",
            "parallel_group",
            "coordinating_agencies",
            "is_default",
        ]


class ProcedureDetailOutput(ProcedureListOutput):
    """A published version with everything a citizen or an integrator needs.

    The `*_is_default` flags (and a step's `is_default`, a fee's `needs_review`) mark values an
    administrator set because the published data lacked them; `has_unconfirmed_defaults` sums
    them up.
    """

    agencies = AgencyRef(many=True)
    applicant_types = serializers.ListField(child=serializers.CharField())
    applicant_types_text = serializers.ListField(child=serializers.JSONField())
    channels = serializers.ListField(child=serializers.JSONField())
    result_codes = serializers.ListField(child=serializers.JSONField())
    legal_basis_codes = serializers.ListField(child=serializers.JSONField())
    components = ComponentOutput(many=True)
    fees = FeeOutput(many=True)
    steps = StepOutput(many=True)
    has_unconfirmed_defaults = serializers.SerializerMethodField()
    form_schema = serializers.SerializerMethodField(
        help_text="The application form (e-form) as a JSON Schema (Draft 2020-12 subset): the version's own "
        "form, or the default form when it has none. Field labels are `title` (Vietnamese) and `x-title-en`; "
        "field order is `x-order`, then the order of `properties`."
    )

    class Meta(ProcedureListOutput.Meta):
        fields = [
            *ProcedureListOutput.Meta.fields,
            "published_at",
            "implementing_agency_text",
            "competent_authority_text",
            "agencies",
            "applicant_types",
            "applicant_types_text",
            "time_is_default",
            "supplement_mode",
            "supplement_limit",
            "channels",
            "accepts_counter",
            "online_level_is_default",
            "accepts_postal_intake",
            "accepts_postal_return",
            "result_type",
            "result_name",
            "result_codes",
            "fees_text",
            "legal_basis",
            "legal_basis_codes",
            "decision_no",
            "conditions",
            "steps_text",
            "receiving_address",
            "publishing_body",
            "components",
            "fees",
            "steps",
            "has_unconfirmed_defaults",
            "form_schema",
        ]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_form_schema(self, version: ProcedureVersion) -> dict[str, Any]:
        return schema_for(version)

    def get_has_unconfirmed_defaults(self, version: ProcedureVersion) -> bool:
        return (
            version.time_is_default
            or version.online_level_is_default
            or any(c.required_is_default for c in version.components.all())
            or any(s.is_default for s in version.steps.all())
            or any(f.needs_review for f in version.fees.all())
        )
