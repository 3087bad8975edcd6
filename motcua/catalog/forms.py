"""The public catalogue's filter form: a plain GET form that works without JavaScript."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import ProcedureLevel
from .models import Field
from .selectors import CatalogFilters

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, WithAnnotations

    from .selectors import FieldCount


class CatalogFilterForm(forms.Form):
    """Python names stay English; the URL keeps the Vietnamese parameter names citizens share."""

    PARAM_NAMES = {"field": "linh-vuc", "agency": "co-quan", "level": "cap"}

    q = forms.CharField(
        label=_("Search by name or code"),
        required=False,
        widget=forms.SearchInput(attrs={"autocomplete": "off", "enterkeyhint": "search"}),
    )
    field = forms.ChoiceField(label=_("Field"), required=False)
    agency = forms.TypedChoiceField(label=_("Agency"), required=False, coerce=int, empty_value=None)
    level = forms.ChoiceField(label=_("Level"), required=False)

    def __init__(
        self,
        *args: Any,
        fields: Iterable[WithAnnotations[Field, FieldCount]] = (),
        agencies: Iterable[Any] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        any_choice: list[tuple[Any, StrOrPromise]] = [("", _("All"))]
        self._choice_field("field").choices = any_choice + [(f.slug, f"{f.name} ({f.count})") for f in fields]
        self._choice_field("agency").choices = any_choice + [(a.pk, a.name) for a in agencies]
        self._choice_field("level").choices = any_choice + list(ProcedureLevel.choices)

    def _choice_field(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def add_prefix(self, field_name: str) -> str:
        return self.PARAM_NAMES.get(field_name, field_name)

    def filters(self) -> CatalogFilters:
        """The valid filters; an invalid value (a stale link, a typo) is ignored rather than refused."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return CatalogFilters(
            query=(data.get("q") or "").strip(),
            field_slug=data.get("field") or "",
            agency_id=data.get("agency"),
            level=data.get("level") or "",
        )
