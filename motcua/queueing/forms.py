"""Forms of the public booking page and the counter screen."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _


class BookingForm(forms.Form):
    group = forms.IntegerField(widget=forms.HiddenInput)
    day = forms.DateField(widget=forms.HiddenInput)
    slot = forms.TimeField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Full name"), max_length=200)
    phone = forms.CharField(label=_("Mobile phone (the booking code is sent by SMS)"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)


class DayForm(forms.Form):
    day = forms.DateField(required=False, input_formats=["%Y-%m-%d"])

    def chosen(self, default: dt.date) -> dt.date:
        if self.is_valid() and self.cleaned_data.get("day"):
            return self.cleaned_data["day"]
        return default
