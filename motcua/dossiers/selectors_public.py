"""Reads behind the public status lookup (services.md §7).

`public_status` is what anyone may know from the code alone: status, dates, where the dossier is and
where its result will be; nothing personal. It is one query (the current step comes from correlated
subqueries), so the hot public path stays cheap at any table size.

`public_lookup_row` adds, out of the public dataclass, what the second-factor check needs (the last
four characters of the phone and ID number, the owner account); `public_details` reads the personal
part shown after a right factor. Drafts are never found (online drafts may not even have a code).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.sql.compiler import SQLCompiler

from .choices import ApplicantKind, Digitisation, FormKey, ReturnMethod, State, TaskStatus
from .codes import code_normalise
from .models import Dossier, Task

MAX_CODE_LENGTH = 40  # Dossier.code's max_length: anything longer cannot match


@dataclass(frozen=True)
class PublicStep:
    name: str
    agency: str


@dataclass(frozen=True)
class PublicStatus:
    """Status facts with no personal data (safe for anyone holding the code)."""

    code: str
    procedure: str
    state: str
    state_label: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    due_date: dt.date | None = None
    receiving_agency: str = ""
    desk_name: str = ""
    desk_address: str = ""
    desk_phone: str = ""
    current_step: PublicStep | None = None
    return_method: str = ""
    return_method_label: str = ""
    finished_at: dt.datetime | None = None
    returned_at: dt.datetime | None = None

    @property
    def result_ready(self) -> bool:
        """The result exists and waits for the applicant (not yet handed over)."""
        return self.state == State.DONE

    @property
    def result_returned(self) -> bool:
        return self.state == State.RETURNED


@dataclass(frozen=True)
class LookupKeys:
    """What the second-factor check compares against. Never passed to a template or serializer."""

    dossier_id: int
    agency_id: int
    applicant_id: int | None
    phone_tail: str
    id_tail: str


@dataclass(frozen=True)
class PublicComponent:
    name: str
    received: bool
    digitised: bool


@dataclass(frozen=True)
class PublicEvent:
    """One history row as the applicant sees it: what happened, when, at which agency (no officer)."""

    action: str
    data: dict[str, Any]
    at: dt.datetime
    agency: str


@dataclass(frozen=True)
class PublicForm:
    key: str
    label: str
    number: str
    issue_no: int
    created_at: dt.datetime


@dataclass(frozen=True)
class PublicDetails:
    """Personal part of the lookup, shown after a right second factor or to the signed-in owner."""

    applicant_name: str
    components: list[PublicComponent] = field(default_factory=list)
    history: list[PublicEvent] = field(default_factory=list)
    forms: list[PublicForm] = field(default_factory=list)
    return_address: str = ""
    due_explanation: dict[str, Any] = field(default_factory=dict)


_STATUS_FIELDS = (
    "id",
    "code",
    "procedure_version__name",
    "state",
    "received_at",
    "due_date",
    "due_at",
    "receiving_agency_id",
    "receiving_agency__name",
    "desk__name",
    "desk__address",
    "desk__phone",
    "return_method",
    "finished_at",
    "returned_at",
    "step_name",
    "step_agency",
)


def _tail(value: str, *, digits_only: bool) -> str:
    text = "".join(ch for ch in value if ch.isdigit()) if digits_only else "".join(value.split()).upper()
    return text[-4:] if len(text) >= 4 else ""


_CODE_SENTINEL = "\x00code\x00"


def _status_query(code: str) -> QuerySet[Dossier, dict[str, Any]]:
    active = Task.objects.filter(dossier_id=OuterRef("pk"), status=TaskStatus.ACTIVE).order_by("started_at", "id")
    return (
        Dossier.objects.filter(code=code)
        .exclude(state=State.DRAFT)
        .annotate(
            step_name=Subquery(active.values("name")[:1]),
            step_agency=Subquery(active.values("agency__name")[:1]),
        )
        .values(*_STATUS_FIELDS, "applicant_id", "phone", "id_number")
        .order_by()[:1]
    )


@functools.cache
def _compiled(alias: str) -> tuple[SQLCompiler, str, tuple[Any, ...], int]:
    """The status query compiled once per process and database: building and compiling it costs
    twice its execution (B2), and only the code changes from one lookup to the next."""
    compiler = _status_query(_CODE_SENTINEL).query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    return compiler, sql, tuple(params), list(params).index(_CODE_SENTINEL)


def _status_row(code: str) -> dict[str, Any] | None:
    compiler, sql, params, at = _compiled(DEFAULT_DB_ALIAS)
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql, (*params[:at], code, *params[at + 1 :]))
        rows = cursor.fetchmany(1)
        names = [column[0] for column in cursor.description or ()]
    if not rows:
        return None
    # The compiler's converters give the ORM's Python values (dates and datetimes on SQLite).
    return dict(zip(names, next(iter(compiler.results_iter(results=[rows]))), strict=True))


def public_lookup_row(raw_code: str) -> tuple[PublicStatus, LookupKeys] | None:
    """The public status and the second-factor keys of the dossier with this code: one query."""
    row = _status_row(code_normalise(raw_code)[: MAX_CODE_LENGTH + 1])
    if row is None:
        return None
    step = PublicStep(row["step_name"], row["step_agency"] or "") if row["step_name"] else None
    method = row["return_method"]
    status = PublicStatus(
        code=row["code"],
        procedure=row["procedure_version__name"],
        state=row["state"],
        state_label=str(State(row["state"]).label),
        received_at=row["received_at"],
        due_at=row["due_at"],
        due_date=row["due_date"],
        receiving_agency=row["receiving_agency__name"],
        desk_name=row["desk__name"],
        desk_address=row["desk__address"],
        desk_phone=row["desk__phone"] or "",
        current_step=step,
        return_method=method,
        return_method_label=str(ReturnMethod(method).label) if method in ReturnMethod.values else "",
        finished_at=row["finished_at"],
        returned_at=row["returned_at"],
    )
    keys = LookupKeys(
        dossier_id=row["id"],
        agency_id=row["receiving_agency_id"],
        applicant_id=row["applicant_id"],
        phone_tail=_tail(row["phone"] or "", digits_only=True),
        id_tail=_tail(row["id_number"] or "", digits_only=False),
    )
    return status, keys


def public_status(raw_code: str) -> PublicStatus | None:
    """Status of the dossier with this code (trimmed, uppercased, spaces removed); None if none or a draft."""
    found = public_lookup_row(raw_code)
    return found[0] if found else None


def public_details(dossier_id: int) -> PublicDetails:
    """The applicant's view of their dossier: name, checklist, timeline, forms issued, pickup address."""
    dossier = Dossier.objects.only(
        "applicant_kind", "applicant_name", "organisation_name", "return_method", "return_address", "due_explanation"
    ).get(pk=dossier_id)
    name = dossier.applicant_name
    if dossier.applicant_kind == ApplicantKind.ORGANISATION and dossier.organisation_name:
        name = dossier.organisation_name
    components = [
        PublicComponent(c["name"], c["received"], c["digitisation"] != Digitisation.NOT_DIGITISED)
        for c in dossier.components.order_by("order", "id").values("name", "received", "digitisation")
    ]
    history = [
        PublicEvent(h["action"], h["data"] or {}, h["at"], h["agency__name"] or "")
        for h in dossier.history.order_by("seq").values("action", "data", "at", "agency__name")
    ]
    forms = [
        PublicForm(
            f["key"],
            str(FormKey(f["key"]).label) if f["key"] in FormKey.values else f["key"],
            f["number"],
            f["issue_no"],
            f["created_at"],
        )
        for f in dossier.forms.order_by("created_at", "id").values("key", "number", "issue_no", "created_at")
    ]
    return PublicDetails(
        applicant_name=name,
        components=components,
        history=history,
        forms=forms,
        return_address=dossier.return_address if dossier.return_method == ReturnMethod.POST else "",
        due_explanation=dossier.due_explanation or {},
    )
