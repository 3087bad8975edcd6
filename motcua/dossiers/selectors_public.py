"""What anyone may know about a dossier from its code alone: status and dates, no personal data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .choices import State
from .codes import code_normalise
from .models import Dossier


@dataclass(frozen=True)
class PublicStatus:
    code: str
    procedure: str
    state: str
    state_label: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None


def public_status(raw_code: str) -> PublicStatus | None:
    code = code_normalise(raw_code)[:40]
    row = (
        Dossier.objects.filter(code=code)
        .exclude(state=State.DRAFT)
        .values("code", "procedure_version__name", "state", "received_at", "due_at")
        .first()
    )
    if row is None:
        return None
    return PublicStatus(
        code=row["code"],
        procedure=row["procedure_version__name"],
        state=row["state"],
        state_label=str(State(row["state"]).label),
        received_at=row["received_at"],
        due_at=row["due_at"],
    )
