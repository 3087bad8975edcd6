"""Forms of the desk's check of an online submission: accept, return for completion, refuse.

Each list form offers a fixed number of empty rows, so an officer adds items without JavaScript;
empty rows are skipped and every rule (one complete list, a defect per item, a legal ground per
reason) stays in the services.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms_ui import ITEM_ROWS, ActionForm, textarea
from ..models import Dossier

WHOLE_APPLICATION = "form"


class RowsForm(ActionForm):
    """An action whose main input is a list of rows; subclasses name the columns in `columns`."""

    columns: tuple[tuple[str, Any], ...] = ()
    rows = ITEM_ROWS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(self.rows):
            for key, label in self.columns:
                self.fields[f"item_{i}_{key}"] = self.row_field(key, label)

    def row_field(self, key: str, label: Any) -> forms.Field:
        return forms.CharField(label=label, required=False, max_length=1000)

    @property
    def item_headers(self) -> list[Any]:
        return [label for _key, label in self.columns]

    def item_rows(self) -> list[list[forms.BoundField]]:
        return [[self[f"item_{i}_{key}"] for key, _label in self.columns] for i in range(self.rows)]

    def items(self) -> list[dict[str, str]]:
        rows = []
        for i in range(self.rows):
            row = {key: self.item_value(key, self.cleaned_data.get(f"item_{i}_{key}") or "") for key, _ in self.columns}
            if any(row.values()):
                rows.append(row)
        return rows

    def item_value(self, key: str, value: str) -> str:
        return value.strip()


class AcceptForm(ActionForm):
    """Nothing to type: the due date counts from the submission, the dossier goes on at once."""


class ReturnForCompletionForm(RowsForm):
    """The one complete gap list (Mẫu 02 content): which component, what is missing, on what basis."""

    columns = (
        ("component", _("Component")),
        ("defect", _("What is missing or must be corrected")),
        ("legal_basis", _("Legal basis (optional)")),
    )
    reason = forms.CharField(
        label=_("Note to the applicant"),
        required=False,
        widget=textarea(),
        help_text=_("Required for a second return: why the dossier is returned again."),
    )

    def __init__(self, *args: Any, dossier: Dossier | None = None, **kwargs: Any) -> None:
        lines = list(dossier.components.order_by("order", "id")) if dossier is not None else []
        self.component_choices: list[tuple[str, Any]] = [
            ("", _("– choose –")),
            *((str(line.pk), line.name[:120]) for line in lines),
            (WHOLE_APPLICATION, _("The application form")),
        ]
        self.component_names = {str(line.pk): line.name for line in lines}
        super().__init__(*args, **kwargs)

    def row_field(self, key: str, label: Any) -> forms.Field:
        if key == "component":
            return forms.ChoiceField(label=label, required=False, choices=self.component_choices)
        return super().row_field(key, label)

    def item_value(self, key: str, value: str) -> str:
        if key == "component" and value:
            return self.component_names.get(value) or str(_("The application form"))
        return value.strip()


class RefuseOnlineForm(RowsForm):
    """Refusal at intake (Mẫu 03): each reason with its legal ground."""

    columns = (("reason", _("Reason for refusal")), ("legal_basis", _("Legal ground")))
    reason = forms.CharField(label=_("Note to the applicant"), required=False, widget=textarea())
