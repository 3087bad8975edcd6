from django.contrib import admin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "event", "channel", "recipient", "status", "attempts")
    list_filter = ("status", "channel", "event")
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
