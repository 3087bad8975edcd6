"""Django forms of the staff screens: counter intake and the dossier actions.

They only parse and type what the officer typed; every rule stays in the services. The one domain
call here is `id_check`, the same function the service runs, so an ID error shows under its field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.org.models import Agency, User

from .choices import ApplicantKind, ConsultMode, IdType, Outcome
from .identity import id_check

ITEM_ROWS = 5
DATE_INPUT = {"type": "date"}


def textarea(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.username)


class IntakeForm(forms.Form):
    """The applicant, the request and how the result goes back (counter intake, step 2)."""

    applicant_kind = forms.ChoiceField(
        label=_("Applicant is"), choices=ApplicantKind.choices, initial=ApplicantKind.PERSON, widget=forms.RadioSelect
    )
    applicant_name = forms.CharField(
        label=_("Full name"), max_length=200, error_messages={"required": _("Enter the applicant's name.")}
    )
    organisation_name = forms.CharField(label=_("Organisation name"), max_length=300, required=False)
    id_type = forms.ChoiceField(label=_("ID type"), choices=IdType.choices, initial=IdType.CCCD)
    id_number = forms.CharField(label=_("ID number"), max_length=20, required=False)
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d")
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    subject = forms.CharField(
        label=_("Request"), required=False, widget=textarea(), help_text=_("Leave empty to use the procedure's name.")
    )
    sets_count = forms.IntegerField(label=_("Number of sets"), min_value=1, max_value=99, initial=1)
    return_method = forms.ChoiceField(label=_("Result returned"), widget=forms.RadioSelect)
    return_address = forms.CharField(label=_("Postal address for the result"), max_length=300, required=False)
    competent_agency = forms.ModelChoiceField(
        label=_("Deciding agency"), queryset=Agency.objects.none(), required=False
    )
    reason = forms.CharField(label=_("General remark"), required=False, widget=textarea())

    def __init__(
        self,
        *args: Any,
        return_methods: list[tuple[str, Any]],
        agencies: QuerySet[Agency] | None,
        check_id: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.check_id = check_id
        self.id_warnings: list[str] = []
        method = self.fields["return_method"]
        assert isinstance(method, forms.ChoiceField)
        method.choices = return_methods
        method.initial = return_methods[0][0] if return_methods else None
        if agencies is None:
            del self.fields["competent_agency"]
        else:
            agency = self.fields["competent_agency"]
            assert isinstance(agency, forms.ModelChoiceField)
            agency.queryset = agencies
            agency.required = check_id

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.check_id and "id_number" not in self.errors:
            check = id_check(data.get("id_type", ""), data.get("id_number", ""), birth_date=data.get("birth_date"))
            for error in check.errors:
                self.add_error("id_number", error)
            self.id_warnings = [str(w) for w in check.warnings]
        return data


class ComponentLineForm(forms.Form):
    """One checklist line; the scans come as `<prefix>-scans` files, checked one by one."""

    received = forms.BooleanField(label=_("Received"), required=False)
    original_qty = forms.IntegerField(label=_("Originals"), min_value=0, max_value=99, required=False)
    copy_qty = forms.IntegerField(label=_("Copies"), min_value=0, max_value=99, required=False)
    no_scan_reason = forms.CharField(label=_("Not digitised because"), max_length=300, required=False)


class GuideItemForm(forms.Form):
    component = forms.CharField(label=_("Component"), max_length=500, required=False)
    defect = forms.CharField(label=_("What is missing or wrong"), max_length=1000, required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=500, required=False)


class RefusalItemForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=500, required=False)


class IdCheckForm(forms.Form):
    id_type = forms.ChoiceField(choices=IdType.choices, required=False)
    id_number = forms.CharField(max_length=20, required=False)
    birth_date = forms.DateField(required=False)


# --- Dossier actions ---------------------------------------------------------------------------


class ActionForm(forms.Form):
    """Every action carries the `lock_version` the page was built with (stale-form check)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    multipart = False


class TaskActionForm(ActionForm):
    task_id = forms.IntegerField(widget=forms.HiddenInput)


class ForwardForm(ActionForm):
    note = forms.CharField(label=_("Note"), required=False, widget=textarea())


class CompleteForm(TaskActionForm):
    assignee = PersonChoiceField(label=_("Specialist"), queryset=User.objects.none(), required=False)
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Outcome.choices, initial=Outcome.GRANTED, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note"), required=False, widget=textarea())

    def __init__(
        self, *args: Any, specialists: QuerySet[User] | None = None, decide: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if specialists is None:
            del self.fields["assignee"]
        else:
            field = self.fields["assignee"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = specialists
        if not decide:
            del self.fields["decision"]


class SendBackForm(TaskActionForm):
    reason = forms.CharField(label=_("Why it goes back"), widget=textarea())


class ConsultForm(TaskActionForm):
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies to consult"), queryset=Agency.objects.none(), widget=forms.SelectMultiple(attrs={"size": 6})
    )
    question = forms.CharField(label=_("Question"), widget=textarea(3))
    budget_hours = forms.IntegerField(label=_("Time to answer (working hours)"), min_value=1, max_value=2000, initial=8)
    mode = forms.ChoiceField(label=_("Order"), choices=ConsultMode.choices, initial=ConsultMode.PARALLEL)

    def __init__(self, *args: Any, agencies: QuerySet[Agency] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agencies"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = agencies if agencies is not None else Agency.objects.none()


class AnswerForm(TaskActionForm):
    answer = forms.CharField(label=_("Answer"), widget=textarea(4))


class ItemsForm(ActionForm):
    """A reason and up to `ITEM_ROWS` items (component, defect, legal basis); empty rows are skipped."""

    reason = forms.CharField(label=_("Reason"), required=False, widget=textarea())

    def __init__(self, *args: Any, items: list[dict[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        prefilled = list(items or [])
        for i in range(max(ITEM_ROWS, len(prefilled) + 1)):
            given = prefilled[i] if i < len(prefilled) else {}
            for key, label in (
                ("component", _("Component")),
                ("defect", _("What is missing or wrong")),
                ("legal_basis", _("Legal basis")),
            ):
                self.fields[f"item_{i}_{key}"] = forms.CharField(
                    label=label, required=False, max_length=1000, initial=given.get(key, "")
                )

    def item_rows(self) -> list[list[forms.BoundField]]:
        count = len([name for name in self.fields if name.endswith("_component")])
        return [[self[f"item_{i}_{key}"] for key in ("component", "defect", "legal_basis")] for i in range(count)]

    def items(self) -> list[dict[str, str]]:
        rows = []
        for i in range(len(self.item_rows())):
            row = {
                key: (self.cleaned_data.get(f"item_{i}_{key}") or "").strip()
                for key in ("component", "defect", "legal_basis")
            }
            if any(row.values()):
                rows.append(row)
        return rows


class CompleteSupplementForm(ActionForm):
    note = forms.CharField(label=_("Note"), required=False, widget=textarea())


class RequestObligationForm(ActionForm):
    amounts = forms.CharField(label=_("Amounts"), widget=textarea())
    payee = forms.CharField(label=_("Paid to"), max_length=300)


class ObligationMetForm(ActionForm):
    proof = forms.CharField(label=_("Proof of payment"), max_length=500)


class RescheduleForm(ActionForm):
    new_date = forms.DateField(
        label=_("New appointment date"), widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d")
    )
    reason = forms.CharField(label=_("Reason for the delay"), widget=textarea())
    number = forms.CharField(label=_("Apology number"), max_length=40, required=False)


class StopForm(ActionForm):
    reason = forms.CharField(label=_("Reason"), widget=textarea())
    legal_basis = forms.CharField(label=_("Legal ground"), max_length=500)
    originals_and_fees = forms.CharField(
        label=_("What happens to the originals and fees paid"), required=False, widget=textarea()
    )


class TransferForm(ActionForm):
    to_agency = forms.ModelChoiceField(label=_("Agency that decides now"), queryset=Agency.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=textarea())

    def __init__(self, *args: Any, agencies: QuerySet[Agency] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies if agencies is not None else Agency.objects.none()


class WithdrawForm(ActionForm):
    request_text = forms.CharField(label=_("The applicant's written request"), widget=textarea())
    originals_taken_by = forms.CharField(label=_("Originals taken back by"), max_length=200, required=False)


class FinishForm(ActionForm):
    """A granted result is generated from the template (the clerk writes its content) or uploaded as a
    PDF; either way it is signed with the agency's key when issued (motcua.esign)."""

    multipart = True
    source = forms.ChoiceField(
        label=_("The result document"),
        choices=[
            ("template", _("Generate it from the template with the content below")),
            ("upload", _("Upload the result as a PDF (signed or not)")),
        ],
        initial="template",
        required=False,
        widget=forms.RadioSelect,
    )
    content = forms.CharField(label=_("Content of the result"), required=False, widget=textarea(6))
    result = forms.FileField(label=_("Signed result (PDF)"), required=False)
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    reasons = forms.CharField(label=_("Reasons for a refusal"), required=False, widget=textarea())


class ReturnForm(ActionForm):
    multipart = True
    recipient_name = forms.CharField(label=_("Recipient's name"), max_length=200, required=False)
    recipient_id = forms.CharField(label=_("Recipient's ID number"), max_length=20, required=False)
    proxy_letter = forms.FileField(label=_("Proxy letter (if not the applicant)"), required=False)
    tracking_number = forms.CharField(label=_("Parcel tracking number"), max_length=60, required=False)

    def __init__(self, *args: Any, method: str = "counter", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = {"counter": ("recipient_name", "recipient_id", "proxy_letter"), "post": ("tracking_number",)}
        for name in ("recipient_name", "recipient_id", "proxy_letter", "tracking_number"):
            if name not in keep.get(method, ()):
                del self.fields[name]
        self.multipart = "proxy_letter" in self.fields
