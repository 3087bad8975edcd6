"""Read-only register of signed results (revocation goes through the staff page, which audits it)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ResultDocument


@admin.register(ResultDocument)
class ResultDocumentAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "document_number", "agency", "signed_at", "revoked_at")
    list_filter = ("signer", "source")
    search_fields = ("code", "document_number", "sha256")
    raw_id_fields = ("dossier", "attachment", "agency", "signed_by", "replaced_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
