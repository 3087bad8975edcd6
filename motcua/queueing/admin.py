from django.contrib import admin

from .models import Appointment, FloorDevice, QueueTicket, ServiceGroup


@admin.register(ServiceGroup)
class ServiceGroupAdmin(admin.ModelAdmin):
    list_display = ("prefix", "name", "desk", "position", "is_active", "accepts_appointments", "slot_capacity")
    list_filter = ("is_active", "desk")
    filter_horizontal = ("fields", "counters")
    search_fields = ("name", "desk__name")


@admin.register(QueueTicket)
class QueueTicketAdmin(admin.ModelAdmin):
    list_display = ("label", "day", "desk", "state", "priority", "counter", "issued_at", "finished_at")
    list_filter = ("state", "day")
    search_fields = ("label",)
    raw_id_fields = ("dossier", "appointment", "counter", "target_counter", "officer", "group", "desk")

    def has_add_permission(self, request: object) -> bool:
        return False  # tickets come from kiosks and counters, through the services


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ("code", "day", "slot", "group", "state")
    list_filter = ("state", "day")
    search_fields = ("code",)


@admin.register(FloorDevice)
class FloorDeviceAdmin(admin.ModelAdmin):
    list_display = ("kind", "name", "desk", "counter", "is_active", "last_seen_at")
    list_filter = ("kind", "is_active")
