"""Forms of the citizen pages. They only parse what was typed; every rule stays in the services,
whose refusals are put back on the field they name (`add_service_errors`).

Inputs carry `autocomplete` tokens (WCAG 1.3.5) so a phone fills in name, phone and address.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.catalog.choices import OnlineLevel
from motcua.dossiers.choices import ApplicantKind, IdType, ReturnMethod
from motcua.dossiers.models import Dossier
from motcua.feedback.models import Criterion, Score

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _text(autocomplete: str = "", **attrs: Any) -> forms.TextInput:
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    return forms.TextInput(attrs=attrs)


class DraftForm(forms.Form):
    """The applicant's details and how the result comes back. Everything is optional here: a draft
    saves half-filled; what a submission needs is checked by `submission_errors`."""

    applicant_kind = forms.ChoiceField(
        label=_("I apply as"), choices=ApplicantKind.choices, widget=forms.RadioSelect, required=False
    )
    applicant_name = forms.CharField(label=_("Full name"), max_length=200, required=False, widget=_text("name"))
    organisation_name = forms.CharField(
        label=_("Organisation name"),
        help_text=_("Only if you apply for an organisation or a business."),
        max_length=300,
        required=False,
        widget=_text("organization"),
    )
    id_type = forms.ChoiceField(label=_("ID document"), choices=IdType.choices, required=False)
    id_number = forms.CharField(
        label=_("ID number"),
        help_text=_("The 12 digits of your citizen ID card."),
        max_length=20,
        required=False,
        widget=_text("off", inputmode="numeric"),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        help_text=_("The desk sends you messages about this dossier here."),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False, widget=_text("street-address"))
    return_method = forms.ChoiceField(label=_("How do you want to receive the result?"), widget=forms.RadioSelect)
    return_address = forms.CharField(
        label=_("Postal address for the result"),
        help_text=_("Needed only if the result is sent by post."),
        max_length=300,
        required=False,
        widget=_text("street-address"),
    )
    note = forms.CharField(
        label=_("What did you complete or correct? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    APPLICANT_FIELDS = (
        "applicant_kind",
        "applicant_name",
        "organisation_name",
        "id_type",
        "id_number",
        "birth_date",
        "phone",
        "email",
        "address",
    )

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {name: getattr(dossier, name) for name in (*self.APPLICANT_FIELDS, "return_method", "return_address")},
        )
        super().__init__(*args, **kwargs)
        method = self.fields["return_method"]
        assert isinstance(method, forms.ChoiceField)
        method.choices = return_choices(dossier)
        if dossier.state != "returned_for_completion":
            del self.fields["note"]

    def applicant_values(self) -> dict[str, Any]:
        """The valid applicant fields as typed (a field with a format error keeps its saved value)."""
        data = getattr(self, "cleaned_data", {})
        values = {name: data[name] for name in self.APPLICANT_FIELDS if name in data}
        for name in ("applicant_kind", "id_type"):
            if not values.get(name):
                values.pop(name, None)
        return values

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            if name in self.fields:
                for message in messages:
                    self.add_error(name, message)


def return_choices(dossier: Dossier) -> list[tuple[str, Any]]:
    """The ways back the procedure allows: a fully online procedure returns online or by post."""
    version = dossier.procedure_version
    choices = []
    if version.online_level != OnlineLevel.FULL:
        choices.append((ReturnMethod.COUNTER.value, _("I will collect it at the desk")))
    if version.accepts_postal_return:
        choices.append((ReturnMethod.POST.value, _("Send it to me by post (postage may apply)")))
    choices.append((ReturnMethod.ONLINE.value, _("Electronic result in my account")))
    return choices


class StoreUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File to upload"),
        help_text=_("PDF, JPG or PNG."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )
    title = forms.CharField(
        label=_("Name of the document"),
        help_text=_("For example: Citizen ID card, Birth certificate."),
        max_length=300,
        error_messages={"required": _("Give the document a name.")},
    )
    issuer = forms.CharField(label=_("Issued by (optional)"), max_length=300, required=False)
    number = forms.CharField(label=_("Document number (optional)"), max_length=60, required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw the dossier?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why you withdraw the dossier.")},
    )


class RatingForm(forms.Form):
    score = forms.ChoiceField(
        label=_("How satisfied are you with the service?"),
        choices=Score.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how satisfied you are.")},
    )
    criteria = forms.MultipleChoiceField(
        label=_("What was not satisfactory?"),
        help_text=_("Required if you are not satisfied."),
        choices=Criterion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SupplementNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Your answer (optional if you upload the documents)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def add_service_error(form: forms.Form, field: str | None, message: Any) -> None:
    """A service refusal on the field it names, or on the whole form."""
    form.add_error(field if field in form.fields else None, str(message))
