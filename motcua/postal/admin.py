"""Administration of the postal channel: operators, accounts, and read-only records for support."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import DeliveryEvent, PartnerRequest, PostalAccount, PostalHandover, PostalOperator, PostalOrder, Webhook


@admin.register(PostalOperator)
class PostalOperatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "webhook_url", "webhook_secret_env", "is_active")


@admin.register(PostalAccount)
class PostalAccountAdmin(admin.ModelAdmin):
    list_display = ("user", "operator")
    raw_id_fields = ("user",)


class ReadOnly(admin.ModelAdmin):
    """Records written by the services only: visible for support, never edited here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PostalOrder)
class PostalOrderAdmin(ReadOnly):
    list_display = (
        "code",
        "operator",
        "kind",
        "status",
        "desk",
        "inbound_tracking",
        "outbound_tracking",
        "requested_at",
    )
    list_filter = ("status", "kind", "operator")
    search_fields = ("code", "inbound_tracking", "outbound_tracking", "dossier__code")


@admin.register(PostalHandover)
class PostalHandoverAdmin(ReadOnly):
    list_display = ("number", "operator", "desk", "direction", "created_at", "signed_at", "fees_remitted_vnd")
    list_filter = ("direction", "operator")


@admin.register(DeliveryEvent)
class DeliveryEventAdmin(ReadOnly):
    list_display = ("order", "event_id", "status", "at", "location")


@admin.register(PartnerRequest)
class PartnerRequestAdmin(ReadOnly):
    list_display = ("user", "key", "status_code", "created_at")


@admin.register(Webhook)
class WebhookAdmin(ReadOnly):
    list_display = ("event_key", "operator", "event", "status", "attempts", "next_attempt_at", "last_error")
    list_filter = ("status", "event")
    actions = ["retry_now"]

    @admin.action(description=_("Retry now"))
    def retry_now(self, request: HttpRequest, queryset: Any) -> None:
        queryset.exclude(status="sent").update(status="pending", next_attempt_at=timezone.now())
