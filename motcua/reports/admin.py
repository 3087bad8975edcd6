from django.contrib import admin

from .models import IndexWeight, ReportExport, ReportSnapshot


@admin.register(IndexWeight)
class IndexWeightAdmin(admin.ModelAdmin):
    """A new row changes an indicator's points from its `valid_from`; the defaults of `weights.py` apply
    where no row exists."""

    list_display = ("indicator", "group", "max_points", "threshold", "valid_from", "verified", "note")
    list_filter = ("group", "verified")
    ordering = ("group", "indicator", "-valid_from")


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(admin.ModelAdmin):
    list_display = ("scope_key", "period_start", "period_end", "group_by", "revision", "frozen_at", "frozen_by")
    readonly_fields = [f.name for f in ReportSnapshot._meta.fields]


@admin.register(ReportExport)
class ReportExportAdmin(admin.ModelAdmin):
    list_display = ("report", "fmt", "requested_by", "status", "created_at", "expires_at")
    readonly_fields = [f.name for f in ReportExport._meta.fields]
