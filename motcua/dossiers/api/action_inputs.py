"""One input serializer per workflow action (`POST /api/v1/dossiers/{code}/<action>/`)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from motcua.api.fields import DateParam
from motcua.dossiers.choices import ConsultMode, Outcome

from .fields import Base64File, VersionedInput

TASK_HELP = "Id of the step (from the dossier's `tasks`); default: the active step the caller may act on."


class DossierAcceptInput(VersionedInput):
    """Nothing but the optional version: the due date counts from the submission time."""


class GapItemInput(serializers.Serializer):
    component = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text="The component concerned (its name), or blank for the application as a whole.",
    )
    defect = serializers.CharField(max_length=1000, help_text="What is missing or must be corrected.")
    legal_basis = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class DossierReturnForCompletionInput(VersionedInput):
    items: serializers.ListSerializer[Any] = serializers.ListSerializer(
        child=GapItemInput(), min_length=1, max_length=50, help_text="Every gap, in one notice."
    )
    reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Note to the applicant; required for a second return (agency leader only).",
    )


class RefusalItemInput(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, help_text="Why the dossier cannot be accepted.")
    legal_basis = serializers.CharField(max_length=500, help_text="The legal ground of this reason.")


class DossierRefuseOnlineInput(VersionedInput):
    items: serializers.ListSerializer[Any] = serializers.ListSerializer(
        child=RefusalItemInput(), min_length=1, max_length=20
    )
    reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="", help_text="Note to the applicant."
    )


class DossierForwardInput(VersionedInput):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class DossierCompleteStepInput(VersionedInput):
    task = serializers.IntegerField(required=False, min_value=1, help_text=TASK_HELP)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    assignee = serializers.IntegerField(
        required=False, min_value=1, help_text="Assigning head only: id of the specialist who appraises."
    )
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, required=False, help_text="Approving leader only: grant (default) or refuse."
    )


class DossierSendBackInput(VersionedInput):
    task = serializers.IntegerField(required=False, min_value=1, help_text=TASK_HELP)
    reason = serializers.CharField(max_length=2000)


class DossierConsultInput(VersionedInput):
    task = serializers.IntegerField(required=False, min_value=1, help_text=TASK_HELP)
    agencies = serializers.ListField(
        child=serializers.CharField(max_length=32),
        min_length=1,
        max_length=20,
        help_text="Electronic identifiers of the coordinating agencies.",
    )
    question = serializers.CharField(max_length=300)
    budget_minutes = serializers.IntegerField(min_value=1, help_text="Each agency's time, in working minutes.")
    mode = serializers.ChoiceField(choices=ConsultMode.choices, default=ConsultMode.PARALLEL)


class DossierAnswerConsultationInput(VersionedInput):
    task = serializers.IntegerField(required=False, min_value=1, help_text=TASK_HELP)
    answer = serializers.CharField(max_length=5000)


class SupplementItemInput(serializers.Serializer):
    component = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    defect = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    legal_basis = serializers.CharField(max_length=500, help_text="Every item cites its legal basis.")


class DossierProposeSupplementInput(VersionedInput):
    items: serializers.ListSerializer[Any] = serializers.ListSerializer(
        child=SupplementItemInput(), min_length=1, max_length=50
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class DossierRequestSupplementInput(VersionedInput):
    items: serializers.ListSerializer[Any] = serializers.ListSerializer(
        child=SupplementItemInput(),
        required=False,
        max_length=50,
        help_text="Default: the items the specialist proposed.",
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class DossierCompleteSupplementInput(VersionedInput):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class DossierRequestObligationInput(VersionedInput):
    amounts = serializers.CharField(max_length=2000, help_text="What is due, e.g. `Lệ phí trước bạ: 1.200.000 đồng`.")
    payee = serializers.CharField(max_length=300, help_text="Who it is paid to.")


class DossierObligationMetInput(VersionedInput):
    proof = serializers.CharField(max_length=2000, help_text="Proof of payment (receipt number, transfer reference).")


class DossierRescheduleInput(VersionedInput):
    new_date = DateParam(help_text="The new appointment: a working day after the current due date.")
    reason = serializers.CharField(max_length=2000)
    number = serializers.CharField(
        max_length=50, required=False, allow_blank=True, default="", help_text="Number of the apology letter."
    )


class DossierStopInput(VersionedInput):
    reason = serializers.CharField(max_length=2000)
    legal_basis = serializers.CharField(max_length=500)
    originals_and_fees = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="", help_text="What happens to originals and fees."
    )


class DossierTransferInput(VersionedInput):
    to_agency = serializers.CharField(
        max_length=40, help_text="Electronic identifier code of the agency that decides now."
    )
    reason = serializers.CharField(max_length=2000)


class DossierWithdrawInput(VersionedInput):
    request_text = serializers.CharField(max_length=2000, help_text="The applicant's written request.")
    originals_taken_by = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DossierFinishInput(VersionedInput):
    result = Base64File(required=False, help_text="The signed result document (required for a grant).")
    document_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, required=False, help_text="Default: the leader's decision."
    )
    reasons = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default="", help_text="Written reasons of a refusal."
    )


class DossierReturnResultInput(VersionedInput):
    recipient_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    recipient_id = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default="", help_text="ID number of the person collecting."
    )
    proxy_letter = Base64File(
        required=False, help_text="Scan of the proxy letter when the recipient is not the applicant."
    )
    tracking_number = serializers.CharField(
        max_length=50, required=False, allow_blank=True, default="", help_text="Postal return: the parcel's number."
    )
