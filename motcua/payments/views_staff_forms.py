"""Forms of the staff money screens: record a payment at the desk, exempt a line, carry out a refund,
and the filters of the payments list and the reconciliation report."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Method, PaymentStatus
from .models import DossierFee

DESK_METHOD_CHOICES = [(Method.CASH.value, Method.CASH.label), (Method.TRANSFER.value, Method.TRANSFER.label)]


class RecordPaymentForm(forms.Form):
    """The lines offered are the dossier's owed lines, all ticked; a posted line that has been paid
    meanwhile is refused by the service with its own message (a double submit)."""

    method = forms.ChoiceField(
        label=_("Paid by"), choices=DESK_METHOD_CHOICES, widget=forms.RadioSelect, initial=Method.CASH
    )
    lines = forms.MultipleChoiceField(label=_("Fees received"), widget=forms.CheckboxSelectMultiple)
    payer_name = forms.CharField(label=_("Payer"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Bank transfer reference"),
        max_length=300,
        required=False,
        help_text=_("Required for a bank transfer: the reference printed on the bank's statement."),
    )

    def __init__(self, *args: Any, lines: list[DossierFee], owed: list[DossierFee], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_pay_%s")
        super().__init__(*args, **kwargs)
        names = {line.pk: f"{line.name} – {line.amount_vnd:,} đ".replace(",", ".") for line in lines}
        cast(forms.ChoiceField, self.fields["lines"]).choices = [
            (str(line.pk), names[line.pk]) for line in lines if not line.exempt
        ]
        self.fields["lines"].initial = [str(line.pk) for line in owed]
        self.all_lines = {str(line.pk): line for line in lines}

    def chosen(self) -> list[DossierFee]:
        return [self.all_lines[pk] for pk in self.cleaned_data["lines"]]


class ExemptForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the exemption"),
        max_length=300,
        help_text=_("The legal basis and the proof you saw, e.g. a policy beneficiary card."),
    )


class RefundForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class PaymentFilterForm(forms.Form):
    ngay = forms.DateField(label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    trang_thai = forms.ChoiceField(label=_("Status"), required=False)
    hinh_thuc = forms.ChoiceField(label=_("Method"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["trang_thai"]).choices = [("", _("All")), *PaymentStatus.choices]
        cast(forms.ChoiceField, self.fields["hinh_thuc"]).choices = [("", _("All")), *Method.choices]


class DayForm(forms.Form):
    ngay = forms.DateField(label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def day(self) -> dt.date:
        """The asked day, or yesterday (the day the 01:00 job reconciles)."""
        if self.is_valid() and self.cleaned_data.get("ngay"):
            return dt.date.fromisoformat(self.cleaned_data["ngay"].isoformat())
        return timezone.localdate() - dt.timedelta(days=1)
