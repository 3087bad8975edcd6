"""Report facts, frozen period snapshots, the 766 index weights and export records (reports.md).

`DossierFact` is one narrow row per accepted dossier, rewritten inside every transition of that
dossier (the dossier's own transaction, so writers never queue on a shared counter row). The period
report is a single grouped scan of the facts *relevant* to the period (`last_on` index), and every
figure is an exact count: `tests/test_recount.py` proves the facts always equal a recount from the
dossiers and their history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EndKind(models.TextChoices):
    DONE = "done", _("Finished")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    STOPPED = "stopped", _("Stopped")


class DossierFact(models.Model):
    """Dates of one accepted dossier as local dates (deadlines.md §7 compares dates, not instants).

    `due_on` is the classification due date (legal, or the apology's when CLASSIFY_AGAINST_RESCHEDULED).
    `sup_from`/`sup_to` bound the wait for the (single) supplement after acceptance; before it the
    dossier was due `due_before_sup`. `last_on` is the last date on which the dossier can still
    change a period figure (returned, withdrawn or stopped); null while it is open or awaits pickup.
    """

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, primary_key=True, related_name="report_fact"
    )
    competent_agency = models.ForeignKey(
        "org.Agency", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    receiving_agency = models.ForeignKey(
        "org.Agency", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    desk = models.ForeignKey("org.Desk", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    field = models.ForeignKey("catalog.Field", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, null=True, related_name="+", db_constraint=False
    )
    channel = models.CharField(max_length=10)
    return_method = models.CharField(max_length=10, blank=True)
    received_on = models.DateField()
    due_on = models.DateField(null=True)
    due_before_sup = models.DateField(null=True)
    sup_from = models.DateField(null=True)
    sup_to = models.DateField(null=True)
    end_kind = models.CharField(max_length=10, choices=EndKind.choices, blank=True)
    ended_on = models.DateField(null=True)
    timeliness = models.CharField(max_length=10, blank=True)
    outcome = models.CharField(max_length=10, blank=True)
    returned_on = models.DateField(null=True)
    last_on = models.DateField(null=True)

    class Meta:
        indexes = [
            # Relevant rows of a period: still pending (last_on null) or touched on/after its start.
            models.Index(fields=["last_on", "received_on"], name="fact_last_on"),
            models.Index(fields=["received_on"], name="fact_pending", condition=models.Q(last_on__isnull=True)),
            models.Index(fields=["competent_agency", "last_on"], name="fact_agency_last_on"),
        ]

    def __str__(self) -> str:
        return f"fact {self.dossier_id}"


class ReportSnapshot(models.Model):
    """A period's report frozen N working days after it ends (reports.md §1); later corrections make
    a new revision rather than changing a published one."""

    period_start = models.DateField()
    period_end = models.DateField()
    scope_key = models.CharField(max_length=200, help_text="Canonical scope string, e.g. 'province' or 'agency:12'")
    group_by = models.CharField(max_length=20)
    revision = models.PositiveSmallIntegerField(default=1)
    data = models.JSONField()
    data_hash = models.CharField(max_length=64)
    frozen_at = models.DateTimeField()
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period_start", "period_end", "scope_key", "group_by", "revision"], name="snapshot_revision"
            )
        ]
        ordering = ["-period_end", "scope_key", "-revision"]

    def __str__(self) -> str:
        return f"{self.scope_key} {self.period_start}..{self.period_end} r{self.revision}"


class IndexWeight(models.Model):
    """Points of one Decision 766 indicator from `valid_from` (reports.md §5); `verified` is False for
    the spec's unverified (*) defaults, which the screens mark."""

    indicator = models.CharField(max_length=8)
    group = models.PositiveSmallIntegerField()
    max_points = models.DecimalField(max_digits=5, decimal_places=2)
    threshold = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True, help_text="percent")
    valid_from = models.DateField()
    verified = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "valid_from"], name="index_weight_from")]
        ordering = ["group", "indicator", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.indicator} {self.max_points} from {self.valid_from}"


class ReportExport(models.Model):
    """One export file (reports.md §7): its parameters, data time and hash; kept for 7 days."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    report = models.CharField(max_length=40)
    fmt = models.CharField(max_length=8)
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    data_as_of = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.report}.{self.fmt} #{self.pk}"
