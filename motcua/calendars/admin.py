"""Calendar administration: review and publish years, edit special days, set working schedules.

Every save goes through the services, so edits of a published year are audited and produce a new
calendar version; versions themselves are read-only here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import CalendarDay, CalendarVersion, CalendarYear, WorkSchedule
from .services import (
    calendar_day_delete,
    calendar_day_set,
    calendar_publish,
    calendar_seed_year,
    work_schedule_delete,
    work_schedule_set,
    work_schedule_validate,
)


def _report(model_admin: admin.ModelAdmin, request: HttpRequest, versions: list[CalendarVersion | None]) -> None:
    created = [version for version in versions if version is not None]
    if created:
        numbers = ", ".join(f"v{version.number}" for version in created)
        dates = sorted({day for version in created for day in version.changed_dates})
        text = _("New calendar version %(numbers)s; dates whose working status changed: %(dates)s.") % {
            "numbers": numbers,
            "dates": ", ".join(f"{day:%d/%m/%Y}" for day in dates) or "–",
        }
        model_admin.message_user(request, text, messages.SUCCESS)
        # Open dossiers whose clock ran over a changed day get the later date (never an earlier one).
        from motcua.dossiers.services.calendar import dossiers_recompute_for_calendar

        moved = sum(dossiers_recompute_for_calendar(version=version, actor=request.user) for version in created)
        if moved:
            model_admin.message_user(
                request, _("%(count)s open dossier(s) got a later due date; applicants are told.") % {"count": moved}
            )


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    fields = ["date", "kind", "name", "legal_basis", "enabled", "agency"]
    raw_id_fields = ["agency"]
    extra = 0


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "status", "published_at", "published_by", "day_count"]
    list_filter = ["status"]
    inlines = [CalendarDayInline]
    actions = ["publish_selected", "reseed_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("published_by").annotate(day_total=Count("days"))

    @admin.display(description=_("special days"), ordering="day_total")
    def day_count(self, obj: CalendarYear) -> int:
        return getattr(obj, "day_total", 0)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        readonly = ["status", "published_at", "published_by"]
        return readonly if obj is None else ["year", *readonly]

    def save_model(self, request: HttpRequest, obj: CalendarYear, form: Any, change: bool) -> None:
        """A new year is created by seeding it (a draft to review); nothing else is edited here."""
        if not change:
            calendar_seed_year(year=obj.year, actor=request.user)
        fresh = CalendarYear.objects.get(year=obj.year)
        obj.pk, obj.status = fresh.pk, fresh.status

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Each added, changed or deleted day goes through the services (audit, versions)."""
        instances = formset.save(commit=False)
        versions = [calendar_day_delete(day=day, actor=request.user) for day in formset.deleted_objects]
        for day in instances:
            if day.pk:
                original = CalendarDay.objects.get(pk=day.pk)
                if (original.date, original.agency_id) != (day.date, day.agency_id):
                    versions.append(calendar_day_delete(day=original, actor=request.user))
            versions.append(
                calendar_day_set(
                    date=day.date,
                    kind=day.kind,
                    name=day.name,
                    legal_basis=day.legal_basis,
                    enabled=day.enabled,
                    agency=day.agency,
                    actor=request.user,
                )
            )
        _report(self, request, versions)

    @admin.action(description=_("Publish selected years"))
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        versions = []
        for calendar_year in queryset:
            try:
                versions.append(calendar_publish(year=calendar_year.year, actor=request.user))
            except ValidationError as error:
                self.message_user(request, f"{calendar_year}: {' '.join(error.messages)}", messages.ERROR)
        _report(self, request, versions)

    @admin.action(description=_("Add missing days from the seed (drafts only)"))
    def reseed_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        for calendar_year in queryset:
            calendar_seed_year(year=calendar_year.year, actor=request.user)
        self.message_user(request, _("Seed applied; existing days were left unchanged."), messages.SUCCESS)


class WorkScheduleForm(forms.ModelForm):
    class Meta:
        model = WorkSchedule
        fields = ["agency", "valid_from", "valid_to", "periods"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            data["periods"] = work_schedule_validate(
                agency=data.get("agency"),
                valid_from=data["valid_from"],
                valid_to=data.get("valid_to"),
                periods=data["periods"],
                exclude=self.instance.pk,
            )
        return data


@admin.register(WorkSchedule)
class WorkScheduleAdmin(admin.ModelAdmin):
    form = WorkScheduleForm
    list_display = ["__str__", "agency", "valid_from", "valid_to"]
    list_select_related = ["agency"]
    raw_id_fields = ["agency"]

    def save_model(self, request: HttpRequest, obj: WorkSchedule, form: Any, change: bool) -> None:
        version = work_schedule_set(
            periods=obj.periods,
            valid_from=obj.valid_from,
            valid_to=obj.valid_to,
            agency=obj.agency,
            schedule=obj,
            actor=request.user,
        )
        _report(self, request, [version])

    def delete_model(self, request: HttpRequest, obj: WorkSchedule) -> None:
        _report(self, request, [work_schedule_delete(schedule=obj, actor=request.user)])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        _report(self, request, [work_schedule_delete(schedule=obj, actor=request.user) for obj in queryset])


@admin.register(CalendarVersion)
class CalendarVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "created_at", "created_by", "note", "changed_count"]
    list_select_related = ["created_by"]
    fields = ("number", "created_at", "created_by", "note", "changes", "snapshot")
    readonly_fields = fields

    @admin.display(description=_("changed dates"))
    def changed_count(self, obj: CalendarVersion) -> int:
        return len(obj.changed_dates)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
