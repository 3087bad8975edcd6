"""Fees on a dossier, payments (counter, postal, gateway), raw gateway callbacks, receipts, refunds and
the daily reconciliation (services.md §1). Amounts are integer VND."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.choices import FeeKind

from .choices import DueAt, MatchStatus, Method, PaymentStatus, RefundStatus


class DossierFee(models.Model):
    """One fee line of a dossier, copied from the procedure version's schedule for the applicant's type
    when the dossier is created (so a later schedule change never alters what this applicant owes)."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="fee_lines")
    fee_item = models.ForeignKey("catalog.FeeItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("fee"), max_length=300)
    kind = models.CharField(_("kind"), max_length=8, choices=FeeKind.choices, default=FeeKind.CHARGE)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    due_at = models.CharField(_("payable"), max_length=20, choices=DueAt.choices, default=DueAt.BEFORE_PROCESSING)
    exempt = models.BooleanField(_("exempt"), default=False)
    exemption_reason = models.CharField(_("exemption reason"), max_length=300, blank=True)
    payment = models.ForeignKey(
        "payments.Payment", on_delete=models.SET_NULL, null=True, blank=True, related_name="lines"
    )

    class Meta:
        verbose_name = _("fee line")
        verbose_name_plural = _("fee lines")
        ordering = ["dossier", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount_vnd}"


class Payment(models.Model):
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="payments")
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="payments", help_text="Merchant: the collecting agency."
    )
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    gateway = models.CharField(_("gateway"), max_length=30, blank=True, help_text="Plugin key, e.g. vnpay, sandbox.")
    txn_ref = models.CharField(_("transaction reference"), max_length=40, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING, db_index=True
    )
    gateway_txn_no = models.CharField(_("gateway transaction no."), max_length=40, blank=True)
    bank_code = models.CharField(max_length=20, blank=True)
    response_code = models.CharField(max_length=8, blank=True)
    payer_name = models.CharField(_("payer"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True, help_text="Bank transfer reference, etc.")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Receipt (services.md §1): series per agency per year, number continuous within it.
    receipt_year = models.PositiveSmallIntegerField(null=True, blank=True)
    receipt_no = models.PositiveIntegerField(null=True, blank=True)
    receipt_file = models.FileField(upload_to="receipts/", blank=True)
    receipt_sha256 = models.CharField(max_length=64, blank=True)
    # Gateway payments (services/gateway_flow.py): the fee lines this attempt covers (linked when it is
    # paid) and the applicant's IP address (sent to the gateway; recorded with an automatic submission).
    line_ids = models.JSONField(default=list, blank=True)
    client_ip = models.CharField(max_length=45, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["gateway", "gateway_txn_no"],
                condition=~models.Q(gateway_txn_no=""),
                name="payment_gateway_txn_once",
            ),
            models.UniqueConstraint(
                fields=["agency", "receipt_year", "receipt_no"],
                condition=models.Q(receipt_no__isnull=False),
                name="payment_receipt_number_once",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"], name="payment_pending_expiry")]

    def __str__(self) -> str:
        return self.txn_ref


class GatewayCallback(models.Model):
    """Every message from or about a gateway, stored raw before it is trusted (IPN, browser return,
    query answer, settlement line). `outcome` is what we answered (RspCode) or concluded."""

    gateway = models.CharField(max_length=30)
    kind = models.CharField(max_length=12, help_text="ipn, return, query, settlement, refund")
    payment = models.ForeignKey(Payment, on_delete=models.SET_NULL, null=True, blank=True, related_name="callbacks")
    txn_ref = models.CharField(max_length=64, blank=True, db_index=True)
    params = models.JSONField(default=dict)
    remote_addr = models.CharField(max_length=45, blank=True)
    outcome = models.CharField(max_length=8, blank=True)
    note = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.gateway} {self.kind} {self.txn_ref}"


class ReceiptSequence(models.Model):
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="receipt_sequence_agency_year")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class Refund(models.Model):
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="refund")
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=RefundStatus.choices, default=RefundStatus.REQUESTED, db_index=True
    )
    gateway_ref = models.CharField(max_length=60, blank=True)
    requested_at = models.DateTimeField()
    sending_at = models.DateTimeField(null=True, blank=True, help_text="When it was sent to the gateway.")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.payment_id}: {self.amount_vnd}"


class ReconciliationLine(models.Model):
    """One line of a day's reconciliation of a gateway's settlement against our payments."""

    day = models.DateField(db_index=True)
    gateway = models.CharField(max_length=30)
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    txn_ref = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=MatchStatus.choices)
    gateway_amount_vnd = models.BigIntegerField(null=True, blank=True)
    local_amount_vnd = models.BigIntegerField(null=True, blank=True)
    gateway_txn_no = models.CharField(max_length=40, blank=True)
    payment = models.ForeignKey(Payment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "gateway", "txn_ref"]
        constraints = [
            models.UniqueConstraint(fields=["day", "gateway", "txn_ref"], name="reconciliation_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.txn_ref} {self.status}"


class SandboxTransaction(models.Model):
    """The built-in sandbox gateway's own ledger (what a real gateway keeps on its side): it answers
    queries and settlement files from here. Off in production settings."""

    tmn_code = models.CharField(max_length=20)
    txn_ref = models.CharField(max_length=40)
    txn_no = models.CharField(max_length=20, unique=True)
    amount = models.BigIntegerField(help_text="vnp_Amount as sent: VND × 100")
    params = models.JSONField(default=dict)
    status = models.CharField(
        max_length=2, default="01", help_text="vnp_TransactionStatus: 00 paid, 01 pending, 02 failed"
    )
    response_code = models.CharField(max_length=2, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    refunded_amount = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tmn_code", "txn_ref"], name="sandbox_txn_ref_once")]

    def __str__(self) -> str:
        return self.txn_no


class PaymentRequestKey(models.Model):
    """`Idempotency-Key` of an API request that recorded a payment: a retry with the same key gets the
    same payment back; the same key with another body is refused."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="payment_request_key_once")]

    def __str__(self) -> str:
        return self.key
