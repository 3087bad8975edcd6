"""Forms of the staff resend screen."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .events import event_choices
from .models import MESSAGE_CHANNELS

STATUS_CHOICES = [
    ("", _("Failed or stuck")),
    ("failed", pgettext_lazy("outbox", "Failed")),
    ("pending", _("Pending for more than 15 minutes")),
]


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=pgettext_lazy("outbox", "Status"), choices=STATUS_CHOICES, required=False)
    channel = forms.ChoiceField(
        label=pgettext_lazy("outbox", "Channel"),
        choices=[("", _("All channels")), *MESSAGE_CHANNELS],
        required=False,
    )
    event = forms.ChoiceField(label=pgettext_lazy("outbox", "Event"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["event"].choices = [("", _("All events")), *event_choices()]  # type: ignore[attr-defined]


class RecipientForm(forms.Form):
    recipient = forms.CharField(label=_("New recipient"), max_length=254)
