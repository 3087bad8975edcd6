"""Forms of the account pages: shape only (required, formats); the rules live in the services.

Field names match the keys of the services' `ValidationError`s, so `form.add_error(None, exc)` puts
each message next to its field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.choices import ApplicantKind, IdType

from .identifiers import identifier_key

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
PERSON_ID_TYPES = [(t.value, t.label) for t in (IdType.CCCD, IdType.CMND, IdType.PASSPORT)]


class TelInput(forms.TextInput):
    input_type = "tel"


def needed(field: forms.Field) -> forms.Field:
    """A field the service requires: marked required on the page, but left to the service to check,
    so one submission shows every problem at once (a missing name next to a wrong ID number)."""
    field.required = False
    field.needed = True  # type: ignore[attr-defined]
    field.widget.attrs["aria-required"] = "true"
    return field


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d")


class CitizenLoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("E-mail or mobile phone number"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )
    error_messages = {
        "invalid_login": _(
            "The e-mail or phone number, or the password, is not correct. Check them and try again. "
            "After 5 wrong attempts, signing in is paused for 15 minutes."
        ),
        "inactive": _("This account is closed. Please contact the one-stop desk."),
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.label_suffix = ""


class _IdentityFields(forms.Form):
    """The fields a registration and the profile share; `kind` decides which of them apply."""

    full_name = needed(
        forms.CharField(label=_("Full name"), max_length=200, widget=forms.TextInput({"autocomplete": "name"}))
    )
    organisation_name = needed(forms.CharField(label=_("Name of the business or organisation"), max_length=300))
    id_type = forms.ChoiceField(label=_("Identity document"), choices=PERSON_ID_TYPES)
    id_number = needed(forms.CharField(label=_("ID document number"), max_length=20))
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, input_formats=DATE_FORMATS, widget=_date_input()
    )
    email = forms.CharField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone number"),
        max_length=20,
        required=False,
        widget=TelInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("For example 0912 345 678. Give an e-mail, a phone number, or both."),
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        if kind == ApplicantKind.ORGANISATION:
            del self.fields["birth_date"]
            self.fields["id_type"] = forms.ChoiceField(
                choices=[(IdType.ENTERPRISE.value, IdType.ENTERPRISE.label)],
                initial=IdType.ENTERPRISE.value,
                widget=forms.HiddenInput,
            )
            self.fields["id_number"].label = _("Enterprise code")
            self.fields["id_number"].help_text = _("10 digits; a branch adds -NNN, for example 5300123456-001.")
            self.fields["full_name"].label = _("Full name of the representative")
        else:
            del self.fields["organisation_name"]


class RegisterForm(_IdentityFields):
    field_order = [
        "organisation_name",
        "full_name",
        "id_type",
        "id_number",
        "birth_date",
        "email",
        "phone",
        "password",
        "password_confirm",
    ]
    kind = forms.ChoiceField(choices=ApplicantKind.choices, widget=forms.HiddenInput)
    password = needed(
        forms.CharField(
            label=_("Password"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            help_text=_("At least 8 characters; not only digits, not a common password, not like your name."),
        )
    )
    password_confirm = needed(
        forms.CharField(
            label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
        )
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, kind=kind, **kwargs)
        self.fields["kind"].initial = kind
        self.fields["id_type"].initial = self.fields["id_type"].initial or IdType.CCCD.value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password", "") != data.get("password_confirm", ""):
            self.add_error("password_confirm", _("The two passwords differ. Type the same password twice."))
        return data


class ProfileForm(_IdentityFields):
    field_order = ["organisation_name", "full_name", "id_type", "id_number", "birth_date", "email", "phone", "address"]
    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, kind=kind, **kwargs)
        self.fields["id_number"].needed = False  # type: ignore[attr-defined]
        del self.fields["id_number"].widget.attrs["aria-required"]


class PasswordResetRequestForm(forms.Form):
    identifier = forms.CharField(
        label=_("E-mail or mobile phone number of your account"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""

    def clean_identifier(self) -> str:
        value: str = self.cleaned_data["identifier"]
        if identifier_key(value) is None:
            raise forms.ValidationError(_("Enter an e-mail address, or a mobile number of 10 digits starting with 0."))
        return value
