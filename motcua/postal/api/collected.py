"""From a `collected` request (JSON with base64 scans, or multipart) to the collect service's arguments."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.request import Request

from motcua.dossiers.api.common import validated
from motcua.dossiers.errors import DossierError
from motcua.dossiers.uploads import upload_check

from ..models import PostalOrder
from ..services import CollectedLine, Sender
from .serializers import CollectedInput


def _multipart(request: Request) -> tuple[dict[str, Any], dict[int, list[Any]]]:
    try:
        body = json.loads(request.data.get("payload") or "")
    except ValueError as exc:
        raise exceptions.ValidationError({"payload": [_("Send the JSON body in the field 'payload'.")]}) from exc
    files: dict[int, list[Any]] = {}
    for name, uploads in request.FILES.lists():
        if not name.startswith("scan_") or not name[5:].isdigit():
            raise exceptions.ValidationError({name: [_("Name scan fields scan_<component order>.")]})
        try:
            files[int(name[5:])] = [upload_check(upload) for upload in uploads]
        except DossierError as exc:
            raise exceptions.ValidationError({name: [str(exc.message)]}) from exc
    return body, files


def collected_arguments(request: Request, order: PostalOrder) -> dict[str, Any]:
    if request.content_type.startswith("multipart/"):
        body, files = _multipart(request)
    else:
        body, files = request.data, {}
    data = validated(CollectedInput, body)
    by_order = {c.order: c.pk for c in order.procedure_version.components.all()}
    lines = []
    for index, line in enumerate(data["components"]):
        if line["order"] not in by_order:
            message = _("The procedure has no component with this order.")
            raise exceptions.ValidationError({"components": {str(index): {"order": [message]}}})
        lines.append(
            CollectedLine(
                component_id=by_order[line["order"]],
                received=line["received"],
                original_qty=line["original_qty"],
                copy_qty=line["copy_qty"],
                scans=[*line["scans"], *files.get(line["order"], [])],
            )
        )
    return {
        "sender": Sender(**data["sender"]),
        "lines": lines,
        "inbound_tracking": data["inbound_tracking"],
        "fees_vnd": data["fees_vnd"],
        "postage_vnd": data["postage_vnd"],
        "subject": data["subject"],
        "sets_count": data["sets_count"],
    }
