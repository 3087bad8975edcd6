"""What the dossier endpoints share: input validation, the detail response and the service language."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import translation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from motcua.api.views import staff_user
from motcua.dossiers.models import (
    Attachment,
    Dossier,
    DossierComponent,
    HistoryEntry,
    Participation,
    Task,
)
from motcua.dossiers.views.common import access_log

from .available import available_actions
from .outputs import DossierDetailOutput

LANGUAGES = ("vi", "en")

DETAIL_PREFETCH = (
    Prefetch(
        "components",
        queryset=DossierComponent.objects.select_related("store_item")
        .order_by("order", "id")
        .prefetch_related(Prefetch("scans", queryset=Attachment.objects.order_by("id"))),
    ),
    Prefetch("attachments", queryset=Attachment.objects.order_by("id")),
    Prefetch("tasks", queryset=Task.objects.select_related("agency", "department", "assignee").order_by("id")),
    Prefetch("participations", queryset=Participation.objects.select_related("agency").order_by("order", "id")),
    "handovers",
    Prefetch("history", queryset=HistoryEntry.objects.select_related("agency").order_by("seq")),
    "forms",
)


def validated(serializer_class: type[Serializer], data: Any) -> dict[str, Any]:
    """Validate a body with the operation's input serializer (400 with the field errors)."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@contextmanager
def in_vietnamese() -> Iterator[None]:
    """Services run in Vietnamese: the forms they issue are legal documents in Vietnamese whatever the
    caller's language, and their refusals are then mapped to both languages by the error handler."""
    with translation.override("vi"):
        yield


def explanation_language(request: Request) -> str:
    lang = request.query_params.get("lang", "vi")
    return lang if lang in LANGUAGES else "vi"


def action_links(user: Any, dossier: Dossier) -> list[dict[str, str]]:
    return [
        {"action": name, "href": reverse(f"api-dossier-{name}", kwargs={"code": dossier.code})}
        for name in available_actions(user, dossier)
    ]


def detail_response(
    request: Request, dossier: Dossier, *, purpose: str, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """The full dossier as it is now, its view of personal data logged with `purpose`.

    The row is read again (after a write, the services may have changed related rows with UPDATEs).
    The caller has already been through the scoped selector or has just written the dossier.
    """
    fresh = Dossier.objects.select_related(
        "procedure_version__procedure", "desk", "receiving_agency", "competent_agency", "received_by"
    ).get(pk=dossier.pk)
    prefetch_related_objects([fresh], *DETAIL_PREFETCH)
    user = staff_user(request)
    access_log(request, fresh, purpose=purpose)
    context = {"lang": explanation_language(request), "actions": action_links(user, fresh)}
    return Response(DossierDetailOutput(fresh, context=context).data, status=status, headers=headers)
