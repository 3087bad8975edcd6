"""What every staff dossier view shares: the staff gate, full page or htmx partial, the access log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from motcua.audit.services import personal_data_access_record
from motcua.org.choices import Role
from motcua.org.selectors import is_back_office_member

from ..models import Dossier
from ..policy import assignments

# Everything on the dossier page that is personal data (documents-and-codes.md §9).
DETAIL_FIELDS = ["applicant_name", "organisation_name", "id_number", "birth_date", "phone", "email", "address"]


def require_staff(request: HttpRequest) -> None:
    if not is_back_office_member(request.user):  # type: ignore[arg-type]
        raise PermissionDenied


def is_partial(request: HttpRequest) -> bool:
    """An htmx request that wants a fragment (a history restore wants the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


def page_or_partial(
    request: HttpRequest, page: str, partial: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """One URL, two shapes: the partial for htmx, the full page otherwise (caches keep them apart)."""
    response = render(request, partial if is_partial(request) else page, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def acting_role(user: Any, dossier: Dossier) -> tuple[str, int | None]:
    """The role (and agency) in which the user looks at the dossier, for the access log."""
    return acting_role_in(user, {dossier.receiving_agency_id, dossier.competent_agency_id})


def acting_role_in(user: Any, agencies: set[int | None]) -> tuple[str, int | None]:
    """The user's role in the first of `agencies` they hold one in, else their first role (access log)."""
    held = assignments(user)
    for ra in held:
        if ra.agency_id in agencies:
            return ra.role, ra.agency_id
    if held:
        return held[0].role, held[0].agency_id
    return ("superuser" if getattr(user, "is_superuser", False) else ""), None


def access_log(request: HttpRequest, dossier: Dossier, *, purpose: str, fields: list[str] | None = None) -> None:
    """Record that the user saw this dossier's personal details (or downloaded a file of it)."""
    role, agency_id = acting_role(request.user, dossier)
    personal_data_access_record(
        user=request.user,
        dossier_id=dossier.pk,
        dossier_code=dossier.code or "",
        fields=fields or DETAIL_FIELDS,
        purpose=purpose,
        role=role,
        ip=client_ip(request),
        agency_id=agency_id or dossier.receiving_agency_id,
    )


def desk_roles(user: Any) -> list[Any]:
    return [ra for ra in assignments(user) if ra.role == Role.DESK_OFFICER]
