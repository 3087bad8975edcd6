"""Idempotent intake for partner systems that retry (architecture.md convention 6).

A partner sends an `Idempotency-Key` with each create. The first request with a key creates the
dossier and records `(caller, key) → (request hash, dossier)` in the same transaction; a retry with
the same body gets that dossier back, a different body under the same key is refused. The unique
constraint on `(user, key)` settles races: the loser's transaction rolls back entirely, so its
dossier number is given back and codes stay gap-free, and it answers with the winner's dossier.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from ..errors import DossierError
from ..models import Dossier, IdempotencyKey
from .intake import dossier_receive

KEY_MAX_LENGTH = 100


class IdempotencyKeyReused(DossierError):  # noqa: N818 - named for what the caller is told, like StaleDossier
    """The key was used before for a different request body."""

    code = "idempotency_key_reused"
    status = 422
    default = _(
        "This Idempotency-Key was already used with a different request body: send a new key for a new dossier."
    )


def request_hash(body: Any) -> str:
    """SHA-256 of the canonical JSON of a parsed request body (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def idempotency_lookup(*, actor: Any, key: str, request_hash: str) -> Dossier | None:
    """The dossier an earlier request with this key created, or None if the key is new.

    Raises `IdempotencyKeyReused` when that request had a different body.
    """
    row = IdempotencyKey.objects.filter(user=actor, key=key).select_related("dossier").first()
    if row is None:
        return None
    if row.request_hash != request_hash:
        raise IdempotencyKeyReused()
    return row.dossier


def dossier_receive_idempotent(
    *, actor: Any, key: str, request_hash: str, **receive_kwargs: Any
) -> tuple[Dossier, bool]:
    """`dossier_receive` at most once per `(actor, key)`; returns the dossier and whether it was created now."""
    earlier = idempotency_lookup(actor=actor, key=key, request_hash=request_hash)
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            dossier = dossier_receive(actor=actor, **receive_kwargs)
            IdempotencyKey.objects.create(user=actor, key=key, request_hash=request_hash, dossier=dossier)
    except IntegrityError:
        # A concurrent request with the same key committed first; everything of ours is rolled back
        # (scan files stay: they are stored by content hash and the winner's rows may point at them).
        winner = idempotency_lookup(actor=actor, key=key, request_hash=request_hash)
        if winner is None:  # the integrity error was about something else
            raise
        return winner, False
    return dossier, True
