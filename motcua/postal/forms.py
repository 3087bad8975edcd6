"""Forms of the postal screens (server-rendered; everything works without JavaScript)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.choices import IdType
from motcua.org.models import Desk

from .choices import DeliveryStatus, OrderKind


class OrderForm(forms.Form):
    desk = forms.ModelChoiceField(queryset=Desk.objects.none(), label=_("Desk that receives the dossier"))
    kind = forms.ChoiceField(
        label=_("The result"),
        choices=[
            (OrderKind.SUBMIT.value, _("I will collect the result at the desk")),
            (OrderKind.BOTH.value, _("Send the result to me by post too")),
        ],
        widget=forms.RadioSelect,
        initial=OrderKind.SUBMIT.value,
    )
    applicant_name = forms.CharField(label=_("Full name"), max_length=200)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    id_number = forms.CharField(label=_("Citizen ID number (optional)"), max_length=20, required=False)
    pickup_address = forms.CharField(label=_("Where the postal worker collects the dossier"), max_length=300)
    return_address = forms.CharField(label=_("Where the result should be delivered"), max_length=300, required=False)
    note = forms.CharField(label=_("Note for the postal worker (optional)"), max_length=500, required=False)

    def __init__(self, *args: Any, desks: list[Desk], version: ProcedureVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["desk"].queryset = Desk.objects.filter(pk__in=[d.pk for d in desks])  # type: ignore[attr-defined]
        if len(desks) == 1:
            self.fields["desk"].initial = desks[0].pk
        if not version.accepts_postal_return:
            self.fields["kind"].choices = self.fields["kind"].choices[:1]  # type: ignore[attr-defined]
            del self.fields["return_address"]


class SenderForm(forms.Form):
    """The sender block of the slip and the parcel's numbers."""

    name = forms.CharField(label=_("Sender's full name"), max_length=200)
    id_type = forms.ChoiceField(label=_("ID type"), choices=IdType.choices, initial=IdType.CCCD)
    id_number = forms.CharField(label=_("ID number"), max_length=20)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=300)
    subject = forms.CharField(label=_("Request"), max_length=1000, required=False)
    sets_count = forms.IntegerField(label=_("Number of sets"), min_value=1, max_value=50, initial=1)
    inbound_tracking = forms.CharField(label=_("Tracking number of the parcel"), max_length=40)
    fees_vnd = forms.IntegerField(label=_("Fees collected for the agency (VND)"), min_value=0, initial=0)
    postage_vnd = forms.IntegerField(label=_("Postage collected (VND)"), min_value=0, initial=0)


class ComponentLineForm(forms.Form):
    """One published component: found in the parcel, how many, an optional scan."""

    received = forms.BooleanField(label=_("In the parcel"), required=False)
    original_qty = forms.IntegerField(label=_("Originals"), min_value=0, initial=0)
    copy_qty = forms.IntegerField(label=_("Copies"), min_value=0, initial=0)
    scan = forms.FileField(label=_("Scan (PDF, JPEG or PNG, optional)"), required=False)


class HandoverCreateForm(forms.Form):
    desk = forms.IntegerField(widget=forms.HiddenInput)
    orders = forms.TypedMultipleChoiceField(coerce=int, label=_("Parcels"))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["orders"].choices = choices  # type: ignore[attr-defined]


class PickupForm(forms.Form):
    tracking_number = forms.CharField(label=_("Outbound tracking number"), max_length=40)
    postage_vnd = forms.IntegerField(label=_("Postage (VND)"), min_value=0, initial=0, required=False)


class EventForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=DeliveryStatus.choices)
    at = forms.DateTimeField(label=_("When (dd/mm/yyyy hh:mm)"), input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M"])
    location = forms.CharField(label=_("Where"), max_length=200, required=False)
    delivered_to = forms.CharField(label=_("Signed for by"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)
