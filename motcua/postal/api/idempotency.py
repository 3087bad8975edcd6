"""`Idempotency-Key` on every partner POST (services.md §2, architecture.md convention 6).

The key's row is inserted first, in the same transaction as the write: a concurrent request with the
same key waits on the unique index and then finds the winner's answer. A retry with the same body gets
the stored answer back (same status, same JSON); the same key with another body is refused with 409.
Only successful answers are stored: a refused request writes nothing, so it can be fixed and retried.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from motcua.dossiers.errors import DossierError
from motcua.dossiers.services.idempotency import KEY_MAX_LENGTH, request_hash
from motcua.org.models import User

from ..models import PartnerRequest


class KeyReused(DossierError):  # noqa: N818 - named for what the caller is told
    code = "idempotency_key_reused"
    status = 409
    default = _("This Idempotency-Key was already used with a different request body: send a new key.")


def idempotency_key(request: Request) -> str:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        raise exceptions.ValidationError(
            {"Idempotency-Key": [_("Every POST needs an Idempotency-Key header (e.g. a UUID).")]}
        )
    if not 0 < len(key) <= KEY_MAX_LENGTH or not key.isascii() or not key.isprintable():
        raise exceptions.ValidationError(
            {"Idempotency-Key": [_("The Idempotency-Key header must be 1 to 100 visible ASCII characters.")]}
        )
    return key


def body_hash(request: Request) -> str:
    """SHA-256 of the canonical body; uploaded files count by their content hash."""
    if request.FILES:
        form = cast(QueryDict, request.data)
        fields = {k: form.getlist(k) for k in form if k not in request.FILES}
        files = {k: [hashlib.sha256(f.read()).hexdigest() for f in request.FILES.getlist(k)] for k in request.FILES}
        for upload_list in request.FILES.lists():
            for upload in upload_list[1]:
                upload.seek(0)
        return request_hash({"fields": fields, "files": files, "path": request.path})
    return request_hash({"body": request.data, "path": request.path})


def _replay(row: PartnerRequest, digest: str) -> Response:
    if row.request_hash != digest:
        raise KeyReused()
    response = Response(row.response, status=row.status_code)
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(request: Request, handler: Callable[[], tuple[int, dict[str, Any]]]) -> Response:
    """Run `handler` (→ status, JSON body) at most once per (caller, key)."""
    key, digest, user = idempotency_key(request), body_hash(request), cast(User, request.user)
    earlier = PartnerRequest.objects.filter(user=user, key=key).first()
    if earlier is not None:
        return _replay(earlier, digest)
    try:
        with transaction.atomic():
            row = PartnerRequest.objects.create(user=user, key=key, request_hash=digest, status_code=0, response={})
            status, data = handler()
            data = json.loads(JSONRenderer().render(data))
            row.status_code, row.response = status, data
            row.save(update_fields=["status_code", "response"])
    except IntegrityError:
        winner = PartnerRequest.objects.filter(user=user, key=key).first()
        if winner is None or winner.status_code == 0:
            raise
        return _replay(winner, digest)
    return Response(data, status=status)
