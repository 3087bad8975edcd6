"""From the create and intake-attempt bodies to the intake services' arguments (codes → rows)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions

from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import version_in_force
from motcua.dossiers.services import Applicant, ComponentInput
from motcua.org.models import Agency, Desk
from motcua.org.selectors import desk_list_for
from motcua.org.units import agency_resolve_code

MESSAGES = {
    "desk": _("No such desk among the caller's."),
    "procedure": _("No version of this procedure is in force today."),
    "agency": _("No agency has this identifier."),
    "component": _("The procedure in force has no component with this order."),
}


def _invalid(field: str, key: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({field: [MESSAGES[key]]})


def desk_of(user: Any, code: str) -> Desk:
    desk = desk_list_for(user=user).filter(code=code.strip()).first()
    if desk is None:
        raise _invalid("desk", "desk")
    return desk


def version_of(code: str) -> ProcedureVersion:
    version = version_in_force(code=code, on=timezone.localdate())
    if version is None:
        raise _invalid("procedure", "procedure")
    return version


def agency_of(code: str, field: str) -> Agency:
    try:
        return agency_resolve_code(code.strip())
    except Agency.DoesNotExist as exc:
        raise _invalid(field, "agency") from exc


def component_lines(version: ProcedureVersion, lines: list[dict[str, Any]]) -> list[ComponentInput]:
    """Checklist lines with catalogue ids; a line may name its component by `order` instead of id."""
    by_order = {c.order: c.pk for c in version.components.all()}
    result = []
    for index, line in enumerate(lines):
        component_id = line.get("component")
        if component_id is None:
            component_id = by_order.get(line["order"])
            if component_id is None:
                raise exceptions.ValidationError({"components": {str(index): {"order": [MESSAGES["component"]]}}})
        result.append(
            ComponentInput(
                component_id=component_id,
                received=line["received"],
                original_qty=line["original_qty"],
                copy_qty=line["copy_qty"],
                no_scan_reason=line["no_scan_reason"],
                scans=list(line["scans"]),
            )
        )
    return result


def receive_arguments(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments of `dossier_receive` (besides the actor) from a validated create body."""
    version = version_of(data["procedure"])
    applicant = {k: v for k, v in data["applicant"].items() if k != "id_warnings"}
    competent = data.get("competent_agency")
    return {
        "desk": desk_of(user, data["desk"]),
        "version": version,
        "applicant": Applicant(**applicant),
        "components": component_lines(version, data["components"]),
        "return_method": data["return_method"],
        "return_address": data["return_address"],
        "subject": data["subject"],
        "sets_count": data["sets_count"],
        "competent_agency": agency_of(competent, "competent_agency") if competent else None,
    }


def attempt_arguments(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments of `intake_guide` / `intake_refuse` from a validated intake-attempt body."""
    person = data["applicant"]
    return {
        "desk": desk_of(user, data["desk"]),
        "version": version_of(data["procedure"]),
        "applicant": Applicant(
            name=person["name"],
            id_type="",
            id_number=person["id_number"],
            phone=person["phone"],
            email=person["email"],
            address=person["address"],
        ),
        "items": [{k: v for k, v in item.items() if v} for item in data["items"]],
        "reason": data["reason"],
    }
