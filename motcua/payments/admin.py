"""Admin: payments, refunds, gateway callbacks and reconciliation lines, read-only.

Money is moved only by the services (desk, gateway flow, refunds, reconciliation), which audit every
change; the admin is for looking things up. Fee schedules are edited in the catalogue (FeeItem).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import DossierFee, GatewayCallback, Payment, ReceiptSequence, ReconciliationLine, Refund


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DossierFeeInline(admin.TabularInline):
    model = DossierFee
    fields = ("dossier", "name", "kind", "amount_vnd", "due_at", "exempt", "exemption_reason")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = (
        "txn_ref",
        "dossier",
        "agency",
        "method",
        "gateway",
        "amount_vnd",
        "status",
        "paid_at",
        "receipt_no",
    )
    list_filter = ("status", "method", "gateway")
    search_fields = ("txn_ref", "gateway_txn_no", "dossier__code")
    date_hierarchy = "created_at"
    list_select_related = ("dossier", "agency")
    inlines = [DossierFeeInline]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ("payment", "amount_vnd", "reason", "status", "requested_at", "done_at")
    list_filter = ("status",)
    search_fields = ("payment__txn_ref", "payment__dossier__code")


@admin.register(GatewayCallback)
class GatewayCallbackAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "gateway", "kind", "txn_ref", "outcome", "remote_addr")
    list_filter = ("gateway", "kind", "outcome")
    search_fields = ("txn_ref",)


@admin.register(ReconciliationLine)
class ReconciliationLineAdmin(ReadOnlyAdmin):
    list_display = ("day", "gateway", "txn_ref", "status", "gateway_amount_vnd", "local_amount_vnd", "agency")
    list_filter = ("status", "gateway", "day")
    search_fields = ("txn_ref",)


@admin.register(ReceiptSequence)
class ReceiptSequenceAdmin(ReadOnlyAdmin):
    list_display = ("agency", "year", "last")
