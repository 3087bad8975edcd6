"""Workflow records: steps (tasks), participating agencies, hand-overs (Mẫu 06 rows), history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.choices import StepRole

from ..choices import ConsultMode, ParticipationRole, SupplementPhase, TaskStatus, Timeliness
from .dossier import Dossier


class Participation(models.Model):
    """An agency taking part in a dossier (lifecycle.md §4), with its own budget and deadline."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="participations")
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=14, choices=ParticipationRole.choices)
    mode = models.CharField(max_length=10, choices=ConsultMode.choices, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    budget_minutes = models.PositiveIntegerField(null=True, blank=True)
    task_text = models.TextField(_("task"), blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(_("answer"), blank=True)
    timeliness = models.CharField(max_length=10, choices=Timeliness.choices, blank=True)

    class Meta:
        ordering = ["dossier", "order", "id"]
        indexes = [models.Index(fields=["agency", "dossier"], name="participation_agency")]

    def __str__(self) -> str:
        return f"{self.dossier_id}:{self.agency_id}:{self.role}"


class Task(models.Model):
    """One step of the dossier's process, held by a role in an agency (and maybe a department)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="tasks")
    step_order = models.PositiveSmallIntegerField(null=True, blank=True)
    name = models.CharField(_("step"), max_length=300)
    role = models.CharField(_("role"), max_length=24, choices=StepRole.choices)
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="tasks")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    parallel_group = models.PositiveSmallIntegerField(null=True, blank=True)
    budget_minutes = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.WAITING)
    started_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    timeliness = models.CharField(max_length=10, choices=Timeliness.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["dossier", "id"]
        indexes = [
            models.Index(fields=["agency", "status", "role"], name="task_queue"),
            models.Index(fields=["assignee", "status"], name="task_assignee"),
            # Work queues read active tasks only; covering on PostgreSQL (bench B3: 9.5 → 0.8 ms).
            models.Index(
                fields=["agency", "role", "due_at", "id"],
                name="task_active_queue",
                condition=models.Q(status="active"),
                include=["assignee", "department", "dossier"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.name}"


class Handover(models.Model):
    """One row of the control sheet (Mẫu 06): who gave the dossier to whom, when, and how timely."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="handovers")
    seq = models.PositiveSmallIntegerField()
    task = models.ForeignKey(Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    from_agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+")
    from_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    from_label = models.CharField(max_length=300)
    to_agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+", null=True)
    to_label = models.CharField(max_length=300)
    at = models.DateTimeField()
    step_due_at = models.DateTimeField(null=True, blank=True)
    timeliness = models.CharField(max_length=10, choices=Timeliness.choices, blank=True)
    overrun_minutes = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="handover_seq")]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq}"


class HistoryEntry(models.Model):
    """Append-only record of every transition (lifecycle.md §3)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="history")
    seq = models.PositiveIntegerField()
    action = models.CharField(max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=24, blank=True)
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, null=True, related_name="+")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField()
    from_state = models.CharField(max_length=24, blank=True)
    to_state = models.CharField(max_length=24)
    reason = models.TextField(blank=True)
    legal_basis = models.TextField(blank=True)
    documents = models.JSONField(default=list, blank=True)
    data = models.JSONField(default=dict, blank=True)
    due_before = models.DateTimeField(null=True, blank=True)
    due_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="history_seq")]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.action}"


class SupplementRequest(models.Model):
    """The single request to complete an accepted dossier (Mẫu 02)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="supplements")
    phase = models.CharField(max_length=24, choices=SupplementPhase.choices)
    # `intake`: the one complete gap list sent to an online applicant before acceptance
    # (dossier_return_for_completion); `processing`: Mẫu 02 after acceptance.
    stage = models.CharField(max_length=10, default="processing", db_default="processing")
    answer = models.TextField(_("applicant's answer"), blank=True, default="", db_default="")
    answered_at = models.DateTimeField(null=True, blank=True)
    items = models.JSONField(default=list, help_text="[{component, defect, legal_basis}]")
    reason = models.TextField(blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    proposed_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    issued_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    late_request = models.BooleanField(default=False)
    clock_mode = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return f"{self.dossier_id} supplement"


class Reschedule(models.Model):
    """The one apology (Mẫu 04) with the new appointment date."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="reschedule")
    old_due_date = models.DateField()
    new_due_date = models.DateField()
    reason = models.TextField()
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.new_due_date}"
