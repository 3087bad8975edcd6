"""The one form of an online application: save everything posted through the services, then show
every problem at once, each on its field and in a summary at the top.

Field keys are those of `submission_errors`: "form.<property>" for the e-form, "component.<line pk>"
for a checklist line, the Dossier field names for the applicant's details and the return method.
A save keeps what is valid (a refused file or a mistyped date does not lose the rest of the page).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from motcua.catalog.formschema import FieldView, form_fields, form_parse, form_validate, schema_for
from motcua.core.http import parse_id
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Attachment, Dossier, DossierComponent, StoreItem
from motcua.dossiers.selectors_citizen import own_store_items
from motcua.dossiers.services import (
    dossier_component_clear,
    dossier_component_reuse,
    dossier_component_upload,
    dossier_draft_update,
    store_suggestions,
)
from motcua.dossiers.uploads import CheckedFile, upload_check

from .forms import DraftForm

FORM_PREFIX = "form."
GENERAL = "__all__"
Errors = dict[str, list[str]]


@dataclass
class LineView:
    """One checklist line on the page: its files, the store items it may reuse, its errors."""

    line: DossierComponent
    files: list[Attachment]
    suggestions: list[StoreItem]
    errors: list[str] = field(default_factory=list)

    @property
    def input_id(self) -> str:
        return f"id_file_{self.line.pk}"


@dataclass
class SummaryItem:
    href: str
    label: str
    message: str


def _add(errors: Errors, key: str | None, message: Any) -> None:
    errors.setdefault(key or GENERAL, []).append(str(message))


def eform_parse(dossier: Dossier, post: Any) -> tuple[dict[str, Any], Errors, dict[str, Any]]:
    """The e-form's answers as typed: values to store, conversion errors (a number that is not one),
    and the raw text of the fields in error so the page shows what was typed. Missing answers are
    not errors while saving a draft; they are reported at submission."""
    schema = schema_for(dossier.procedure_version)
    posted = {k[len(FORM_PREFIX) :]: post.get(k) for k in post if k.startswith(FORM_PREFIX)}
    values, errors = form_parse(schema, posted)
    later = form_validate(schema, values)
    typed = {name: messages for name, messages in errors.items() if later.get(name) != messages}
    raw = {name: posted.get(name, "") for name in typed}
    kept = {name: (dossier.form_data or {})[name] for name in typed if name in (dossier.form_data or {})}
    return {**values, **kept}, {f"{FORM_PREFIX}{k}": v for k, v in typed.items()}, raw


def _files(request: HttpRequest, name: str) -> tuple[list[CheckedFile], list[str]]:
    checked, problems = [], []
    for upload in request.FILES.getlist(name):
        try:
            checked.append(upload_check(upload))
        except DossierError as exc:
            problems.append(str(exc.message))
    return checked, problems


def _save_line(request: HttpRequest, dossier: Dossier, line: DossierComponent, errors: Errors) -> None:
    key = f"component.{line.pk}"
    checked, problems = _files(request, f"file_{line.pk}")
    for problem in problems:
        _add(errors, key, problem)
    try:
        if checked:
            dossier_component_upload(applicant=request.user, dossier=dossier, component_id=line.pk, files=checked)
            return
        wanted = request.POST.get(f"store_{line.pk}", "")
        wanted_id = parse_id(wanted)
        if wanted_id is not None and wanted_id != line.store_item_id:
            item = own_store_items(request.user).filter(pk=wanted_id).first()
            if item is None:
                _add(errors, key, _("This document is not in your data store."))
                return
            dossier_component_reuse(applicant=request.user, dossier=dossier, component_id=line.pk, item=item)
    except DossierError as exc:
        _add(errors, key, exc.message)


def draft_save(request: HttpRequest, dossier: Dossier, form: DraftForm) -> tuple[Errors, dict[str, Any]]:
    """Write what was posted (fields, e-form, files, reuse, a removal); return the problems by field
    and the raw e-form text to show again."""
    form.is_valid()
    values, errors, raw = eform_parse(dossier, request.POST)
    data = getattr(form, "cleaned_data", {})
    method = data.get("return_method") or None
    try:
        dossier_draft_update(
            applicant=request.user,
            dossier=dossier,
            form_data=values,
            applicant_fields=form.applicant_values(),
            return_method=method,
            return_address=data.get("return_address", None),
        )
    except DossierError as exc:
        _add(errors, exc.field, exc.message)
    for line in dossier.components.order_by("order", "id"):
        _save_line(request, dossier, line, errors)
    removed = request.POST.get("remove", "")
    if (removed_id := parse_id(removed)) is not None:
        try:
            dossier_component_clear(applicant=request.user, dossier=dossier, component_id=removed_id)
        except DossierError as exc:
            _add(errors, f"component.{removed}", exc.message)
    return errors, raw


def line_views(user: Any, dossier: Dossier, errors: Errors) -> list[LineView]:
    lines = dossier.components.select_related("store_item").prefetch_related("scans").order_by("order", "id")
    views = []
    for line in lines:
        files = [a for a in line.scans.all() if a.kind == "upload"]
        views.append(LineView(line, files, store_suggestions(user, line), errors.get(f"component.{line.pk}", [])))
    return views


def eform_views(dossier: Dossier, errors: Errors, raw: dict[str, Any]) -> list[FieldView]:
    schema = schema_for(dossier.procedure_version)
    by_name = {k[len(FORM_PREFIX) :]: v for k, v in errors.items() if k.startswith(FORM_PREFIX)}
    values = {**(dossier.form_data or {}), **raw}
    return form_fields(schema, values, by_name, get_language() or "vi", prefix=FORM_PREFIX)


def summary(form: DraftForm, eform: list[FieldView], lines: list[LineView], errors: Errors) -> list[SummaryItem]:
    """Every error in page order, each linking to its field (the first input of a group)."""
    items = [SummaryItem("", "", m) for m in errors.get(GENERAL, [])]
    for name in form.fields:
        if name in form.errors:
            bound = form[name]
            href = f"#{bound.auto_id}_0" if name in ("applicant_kind", "return_method") else f"#{bound.auto_id}"
            items += [SummaryItem(href, str(bound.label), str(m)) for m in form.errors[name]]
        if name == "address":  # the e-form and the documents come between the details and the return
            items += [SummaryItem(f"#{f.id}", f.label, m) for f in eform for m in f.errors]
            items += [SummaryItem(f"#{v.input_id}", v.line.name, m) for v in lines for m in v.errors]
    unknown = [k for k in errors if k != GENERAL and not k.startswith(("form.", "component.")) and k not in form.fields]
    items += [SummaryItem("", "", m) for k in unknown for m in errors[k]]
    return items
