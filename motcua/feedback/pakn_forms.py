"""Forms of the feedback pages: what a person sends, what staff key in, and each stage's input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.org.models import Agency

from .choices import FeedbackAbout, FeedbackCategory, FeedbackSource


class MultiFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the Django documentation's recipe); each is checked by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultiFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return single(data, initial)


class SubmitForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("Agency concerned"))
    about = forms.ChoiceField(
        choices=FeedbackAbout.choices, label=_("Your feedback is about"), initial=FeedbackAbout.OTHER
    )
    dossier_code = forms.CharField(label=_("Dossier code (if any)"), max_length=40, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10_000)
    sender_name = forms.CharField(label=_("Your full name"), max_length=200)
    sender_phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    sender_email = forms.EmailField(label=_("E-mail"), required=False)
    sender_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    attachments = MultipleFileField(label=_("Attachments (PDF, JPEG or PNG, up to 5)"), required=False)

    def __init__(self, *args: object, agencies: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class StaffSubmitForm(SubmitForm):
    source = forms.ChoiceField(
        choices=[c for c in FeedbackSource.choices if c[0] != "portal"], label=_("Received through")
    )


class FollowForm(forms.Form):
    factor = forms.CharField(label=_("Last 4 digits of your phone number"), max_length=8)


class SupplementForm(forms.Form):
    text = forms.CharField(
        label=_("The information asked for"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)


class ClassifyForm(forms.Form):
    category = forms.ChoiceField(choices=FeedbackCategory.choices, label=_("Category"))
    founded = forms.TypedChoiceField(
        choices=[("", _("Not decided")), ("1", _("Founded")), ("0", _("Unfounded"))],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
        label=_("Founded?"),
    )
    dossier_code = forms.CharField(label=_("Dossier code"), max_length=40, required=False)
