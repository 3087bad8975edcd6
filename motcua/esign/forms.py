"""Forms of the public verification page and of the staff revocation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class VerifyFileForm(forms.Form):
    file = forms.FileField(
        label=_("The PDF file of the result"), error_messages={"required": _("Choose the PDF file to check.")}
    )


class VerifyCodesForm(forms.Form):
    kq = forms.CharField(
        label=_("Result code (printed on the result)"),
        max_length=40,
        error_messages={"required": _("Enter the result code printed on the result.")},
    )
    hs = forms.CharField(
        label=_("Dossier code"), max_length=64, error_messages={"required": _("Enter the dossier code.")}
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for revoking the result.")},
    )
