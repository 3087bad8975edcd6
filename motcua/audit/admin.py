from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEvent, PersonalDataAccess


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "chain", "seq", "kind", "actor_label", "object_type", "object_id")
    list_filter = ("kind", "object_type")
    search_fields = ("chain", "object_id", "actor_label")


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    list_display = ("at", "subject", "dossier_code", "user", "role", "purpose", "ip")
    list_filter = ("subject",)
    search_fields = ("dossier_code",)
