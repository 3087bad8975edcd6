"""Input (query) and output serializers of the organisation endpoints, one pair per operation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.api.serializers import OutputSerializer
from motcua.catalog.models import Field
from motcua.org.choices import AgencyLevel, DeskKind, Role, UnitLevel
from motcua.org.models import AdministrativeUnit, Agency, Counter, Desk, RoleAssignment, User
from motcua.org.units import unit_is_current

# Units


class UnitListInput(serializers.Serializer):
    level = serializers.ChoiceField(choices=UnitLevel.choices, required=False)
    parent = serializers.CharField(  # type: ignore[assignment]  # a query parameter, not Field.parent
        required=False, max_length=10, help_text="Code of the parent unit."
    )
    q = serializers.CharField(
        required=False,
        max_length=100,
        help_text="Name, with or without diacritics (`Khao Mang`, `khao mang`), or an exact code.",
    )
    current_only = serializers.BooleanField(
        default=True, help_text="Only units in force today; `false` adds closed (pre-reform) units."
    )


class UnitRef(OutputSerializer):
    class Meta:
        model = AdministrativeUnit
        fields = ["code", "name", "level"]


class UnitListOutput(OutputSerializer):
    parent_code = serializers.CharField(source="parent.code", default=None, allow_null=True)
    is_current = serializers.SerializerMethodField()

    class Meta:
        model = AdministrativeUnit
        fields = ["code", "name", "level", "division_type", "parent_code", "valid_from", "valid_to", "is_current"]

    def get_is_current(self, unit: AdministrativeUnit) -> bool:
        return unit_is_current(unit)


class SuccessionOutput(serializers.Serializer):
    kind = serializers.CharField()
    effective_date = serializers.DateField()
    legal_basis = serializers.CharField()
    unit = UnitRef(source="new")


class UnitDetailOutput(UnitListOutput):
    """Serializes `context["resolution"]`, a `UnitResolution` of the unit."""

    successors = serializers.SerializerMethodField(help_text="What replaced this unit (empty while it is in force).")
    resolved_to = serializers.SerializerMethodField(
        help_text="The unit(s) in force today that this code leads to; the unit itself when still in force."
    )

    class Meta(UnitListOutput.Meta):
        fields = [*UnitListOutput.Meta.fields, "successors", "resolved_to"]

    @extend_schema_field(SuccessionOutput(many=True))
    def get_successors(self, unit: AdministrativeUnit) -> Any:
        return SuccessionOutput(self.context["resolution"].successions, many=True).data

    @extend_schema_field(UnitRef(many=True))
    def get_resolved_to(self, unit: AdministrativeUnit) -> Any:
        return UnitRef(self.context["resolution"].current, many=True).data


# Agencies


class AgencyListInput(serializers.Serializer):
    level = serializers.ChoiceField(choices=AgencyLevel.choices, required=False)
    unit = serializers.CharField(required=False, max_length=10, help_text="Code of the administrative unit.")
    parent = serializers.CharField(  # type: ignore[assignment]  # a query parameter, not Field.parent
        required=False, max_length=32, help_text="Code of the parent agency."
    )
    current_only = serializers.BooleanField(default=True, help_text="Only agencies in force today.")


class UnitNameRef(OutputSerializer):
    class Meta:
        model = AdministrativeUnit
        fields = ["code", "name"]


class AgencyListOutput(OutputSerializer):
    parent_code = serializers.CharField(source="parent.code", default=None, allow_null=True)
    unit = UnitNameRef()

    class Meta:
        model = Agency
        fields = ["code", "name", "short_name", "level", "parent_code", "unit", "address"]


class AgencyDetailOutput(AgencyListOutput):
    successor_code = serializers.CharField(source="successor.code", default=None, allow_null=True)
    former_codes = serializers.SerializerMethodField(
        help_text="Old electronic identifiers (aliases) that resolve to this agency."
    )

    class Meta(AgencyListOutput.Meta):
        fields = [*AgencyListOutput.Meta.fields, "valid_from", "valid_to", "successor_code", "former_codes"]

    def get_former_codes(self, agency: Agency) -> list[str]:
        return list(self.context["former_codes"])


# Staff


class StaffListInput(serializers.Serializer):
    agency = serializers.CharField(required=False, max_length=32, help_text="Only staff with a role in this agency.")
    role = serializers.ChoiceField(choices=Role.choices, required=False)


class RoleOutput(OutputSerializer):
    role_label = serializers.CharField(source="get_role_display")
    agency_code = serializers.CharField(source="agency.code")
    department_code = serializers.CharField(source="department.code", default=None, allow_null=True)
    department_name = serializers.CharField(source="department.name", default=None, allow_null=True)
    desk_code = serializers.CharField(source="desk.code", default=None, allow_null=True)

    class Meta:
        model = RoleAssignment
        fields = [
            "role",
            "role_label",
            "agency_code",
            "department_code",
            "department_name",
            "desk_code",
            "valid_from",
            "valid_to",
        ]


class StaffListOutput(OutputSerializer):
    """Name and roles only: no username, phone or e-mail."""

    roles = RoleOutput(many=True, source="scoped_roles", help_text="Active roles in agencies the caller can see.")

    class Meta:
        model = User
        fields = ["id", "full_name", "roles"]


# Desks


class DeskListInput(serializers.Serializer):
    agency = serializers.CharField(required=False, max_length=32, help_text="Code of the agency.")
    kind = serializers.ChoiceField(choices=DeskKind.choices, required=False)
    is_active = serializers.BooleanField(required=False, help_text="Omit for both.")


class DeskListOutput(OutputSerializer):
    agency_code = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    parent_code = serializers.CharField(source="parent.code", default=None, allow_null=True)

    class Meta:
        model = Desk
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "agency_code",
            "agency_name",
            "parent_code",
            "address",
            "phone",
            "opening_hours",
            "is_active",
        ]


class ServedField(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


def _by_slug(fields: Iterable[Field]) -> list[dict[str, str]]:
    """Sorted by slug: the folded name, so the order is the same on every database collation."""
    return [{"slug": f.slug, "name": f.name} for f in sorted(fields, key=lambda f: f.slug)]


class CounterOutput(OutputSerializer):
    fields = serializers.SerializerMethodField(method_name="get_served_fields")  # type: ignore[assignment]

    class Meta:
        model = Counter
        fields = ["number", "name", "is_active", "fields"]

    @extend_schema_field(ServedField(many=True))
    def get_served_fields(self, counter: Counter) -> list[dict[str, str]]:
        return _by_slug(counter.fields.all())


class DeskDetailOutput(DeskListOutput):
    counters = CounterOutput(many=True)
    fields = serializers.SerializerMethodField(  # type: ignore[assignment]  # the output key, not Serializer.fields
        method_name="get_served_fields", help_text="Every field served by one of the desk's active counters."
    )

    class Meta(DeskListOutput.Meta):
        fields = [*DeskListOutput.Meta.fields, "counters", "fields"]

    @extend_schema_field(ServedField(many=True))
    def get_served_fields(self, desk: Desk) -> list[dict[str, str]]:
        return _by_slug({f.pk: f for c in desk.counters.all() if c.is_active for f in c.fields.all()}.values())
