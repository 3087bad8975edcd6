"""The counter intake form as a whole: its Django forms, the checked scans and where errors show.

`IntakeInput` is built from the request for one procedure version and desk; it turns valid input into
the services' arguments and places a `DossierError` next to the field or section it names.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict

from motcua.catalog.models import Component, ProcedureVersion
from motcua.org.models import Desk

from ..errors import DossierError
from ..forms_ui import ComponentLineForm, GuideItemForm, IntakeForm, RefusalItemForm
from ..services import Applicant, ComponentInput
from ..uploads import CheckedFile, upload_check
from .reads import deciding_agencies, return_methods

OUTCOMES = ("accept", "guide", "refuse")
GUIDE_EXTRA_ROWS = 2
REFUSAL_ROWS = 3
# Service error fields that are sections of the page rather than form fields.
SECTIONS = {"applicant": "applicant", "components": "components", "procedure": "top"}


@dataclass
class IntakeInput:
    version: ProcedureVersion
    desk: Desk
    outcome: str
    main: IntakeForm
    lines: list[tuple[Component, ComponentLineForm]]
    guide: list[GuideItemForm]
    refusal: list[RefusalItemForm]
    scans: dict[int, list[CheckedFile]] = field(default_factory=dict)
    file_errors: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    section_errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @property
    def components(self) -> list[dict[str, Any]]:
        """Rows for the template: catalogue component, its line form, its file errors."""
        return [{"component": c, "form": f, "file_errors": self.file_errors.get(c.pk, [])} for c, f in self.lines]

    def is_valid(self) -> bool:
        forms_ok = all(
            [
                self.main.is_valid(),
                *(f.is_valid() for _c, f in self.lines),
                *(f.is_valid() for f in self.guide),
                *(f.is_valid() for f in self.refusal),
            ]
        )
        return forms_ok and not any(self.file_errors.values()) and not any(self.section_errors.values())

    def check_uploads(self, files: MultiValueDict[str, Any]) -> None:
        """Every chosen file through `upload_check`; a refused file is reported under its component."""
        for component, form in self.lines:
            for upload in files.getlist(f"{form.prefix}-scans"):
                try:
                    self.scans.setdefault(component.pk, []).append(upload_check(upload))
                except DossierError as exc:
                    self.file_errors[component.pk].append(str(exc.message))

    def place(self, exc: DossierError) -> None:
        """Show a service refusal next to the field (or section) it is about."""
        message = str(exc.message)
        name = exc.field or ""
        if name in self.main.fields:
            self.main.add_error(name, message)
        elif name == "items":
            self.section_errors["guide" if self.outcome == "guide" else "refusal"].append(message)
        else:
            self.section_errors[SECTIONS.get(name, "top")].append(message)

    def applicant(self) -> Applicant:
        data = self.main.cleaned_data
        return Applicant(
            name=data["applicant_name"],
            id_type=data["id_type"],
            id_number=data.get("id_number") or "",
            kind=data["applicant_kind"],
            organisation_name=data.get("organisation_name") or "",
            birth_date=data.get("birth_date"),
            phone=data.get("phone") or "",
            email=data.get("email") or "",
            address=data.get("address") or "",
        )

    def component_inputs(self) -> list[ComponentInput]:
        lines = []
        for component, form in self.lines:
            data = form.cleaned_data
            lines.append(
                ComponentInput(
                    component_id=component.pk,
                    received=bool(data.get("received")),
                    original_qty=data.get("original_qty") or 0,
                    copy_qty=data.get("copy_qty") or 0,
                    no_scan_reason=data.get("no_scan_reason") or "",
                    scans=self.scans.get(component.pk, []),
                )
            )
        return lines

    def guide_items(self) -> list[dict[str, str]]:
        rows = [
            {k: (f.cleaned_data.get(k) or "").strip() for k in ("component", "defect", "legal_basis")}
            for f in self.guide
        ]
        return [row for row in rows if row["defect"]]

    def refusal_items(self) -> list[dict[str, str]]:
        rows = [{k: (f.cleaned_data.get(k) or "").strip() for k in ("reason", "legal_basis")} for f in self.refusal]
        return [row for row in rows if row["reason"] or row["legal_basis"]]


def intake_input(request: HttpRequest, version: ProcedureVersion, desk: Desk) -> IntakeInput:
    """Unbound on GET (guidance rows prefilled with the checklist), bound to the POST otherwise."""
    data = request.POST if request.method == "POST" else None
    outcome = request.POST.get("outcome", "accept") if data is not None else "accept"
    outcome = outcome if outcome in OUTCOMES else "accept"
    components = sorted(version.components.all(), key=lambda c: c.order)
    main = IntakeForm(
        data,
        return_methods=return_methods(version),
        agencies=deciding_agencies(version, desk),
        check_id=outcome == "accept",
        auto_id="id_%s",
    )
    lines = [
        (
            c,
            ComponentLineForm(
                data, prefix=f"c{c.pk}", initial={"original_qty": c.original_qty, "copy_qty": c.copy_qty}
            ),
        )
        for c in components
    ]
    guide_rows = [{"component": c.name} for c in components] + [{}] * GUIDE_EXTRA_ROWS
    guide = [GuideItemForm(data, prefix=f"g{i}", initial=row) for i, row in enumerate(guide_rows)]
    refusal = [RefusalItemForm(data, prefix=f"r{i}") for i in range(REFUSAL_ROWS)]
    return IntakeInput(
        version=version, desk=desk, outcome=outcome, main=main, lines=lines, guide=guide, refusal=refusal
    )
