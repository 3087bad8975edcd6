"""Inputs and outputs of the payments endpoints (one serializer per operation's body)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.api.fields import DateParam
from motcua.api.serializers import OutputSerializer
from motcua.catalog.choices import FeeKind

from ..choices import DueAt, MatchStatus, Method, PaymentStatus, RefundStatus
from ..models import DossierFee, Payment, ReconciliationLine, Refund
from ..services.receipts import receipt_number, receipt_series

LINE_STATUSES = ("paid", "owed", "exempt")


class FeeLineOutput(OutputSerializer):
    kind = serializers.ChoiceField(choices=FeeKind.choices, help_text="`phi` (fee) or `le_phi` (charge).")
    due_at = serializers.ChoiceField(choices=DueAt.choices)
    status = serializers.SerializerMethodField()

    class Meta:
        model = DossierFee
        fields = ["id", "name", "kind", "amount_vnd", "due_at", "status", "exemption_reason"]

    @extend_schema_field(serializers.ChoiceField(choices=LINE_STATUSES))
    def get_status(self, line: DossierFee) -> str:
        if line.exempt:
            return "exempt"
        return "paid" if getattr(line, "is_paid", False) else "owed"


class ReceiptOutput(serializers.Serializer):
    series = serializers.CharField(help_text="Collecting agency code / year.")
    number = serializers.CharField(help_text="Seven digits, continuous within the series.")


class PaymentOutput(OutputSerializer):
    method = serializers.ChoiceField(choices=Method.choices)
    status = serializers.ChoiceField(choices=PaymentStatus.choices)
    lines = serializers.SerializerMethodField(help_text="Ids of the fee lines it paid.")
    receipt = serializers.SerializerMethodField()

    class Meta:
        model = Payment
        fields = [
            "id",
            "method",
            "gateway",
            "amount_vnd",
            "status",
            "txn_ref",
            "gateway_txn_no",
            "note",
            "created_at",
            "paid_at",
            "lines",
            "receipt",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_lines(self, payment: Payment) -> list[int]:
        return [line.pk for line in payment.lines.all()]

    @extend_schema_field(ReceiptOutput(allow_null=True))
    def get_receipt(self, payment: Payment) -> dict[str, Any] | None:
        if not payment.receipt_no:
            return None
        return {"series": receipt_series(payment), "number": receipt_number(payment)}


class RefundOutput(OutputSerializer):
    status = serializers.ChoiceField(choices=RefundStatus.choices)

    class Meta:
        model = Refund
        fields = ["id", "payment", "amount_vnd", "reason", "status", "requested_at", "done_at"]


class FeesOutput(serializers.Serializer):
    code = serializers.CharField()
    total_vnd = serializers.IntegerField(help_text="Sum of the lines that are not exempt.")
    owed_vnd = serializers.IntegerField(help_text="Still to pay before the result is returned.")
    owed_before_processing_vnd = serializers.IntegerField(help_text="Part of it due before processing.")
    lines = FeeLineOutput(many=True)
    payments = PaymentOutput(many=True)
    refunds = RefundOutput(many=True)


class PaymentCreateInput(serializers.Serializer):
    method = serializers.ChoiceField(choices=[(Method.CASH.value, "cash"), (Method.TRANSFER.value, "transfer")])
    lines = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        allow_empty=False,
        help_text="Ids of the fee lines received; omit for every line still owed.",
    )
    payer_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    note = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text="Bank transfer reference (required)."
    )


class ReconciliationInput(serializers.Serializer):
    day = DateParam(required=False, help_text="Local day (YYYY-MM-DD); default yesterday.")
    gateway = serializers.CharField(required=False, max_length=30)


class ReconciliationLineOutput(OutputSerializer):
    status = serializers.ChoiceField(choices=MatchStatus.choices)
    agency = serializers.CharField(source="agency.code", allow_null=True, default=None)
    dossier = serializers.CharField(source="payment.dossier.code", allow_null=True, default=None)
    alert = serializers.SerializerMethodField()

    class Meta:
        model = ReconciliationLine
        fields = [
            "day",
            "gateway",
            "txn_ref",
            "status",
            "alert",
            "agency",
            "dossier",
            "gateway_amount_vnd",
            "local_amount_vnd",
            "gateway_txn_no",
            "note",
        ]

    def get_alert(self, line: ReconciliationLine) -> bool:
        return line.status != MatchStatus.MATCHED


class ReconciliationOutput(serializers.Serializer):
    day = serializers.DateField()
    alerts = serializers.IntegerField()
    lines = ReconciliationLineOutput(many=True)
