"""Issued forms (PDF with SHA-256) and counter contacts that ended without a dossier code."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..choices import ApplicantKind, FormKey, IntakeOutcome
from .dossier import Dossier


class IntakeAttempt(models.Model):
    """A counter contact that ended in guidance (Mẫu 02) or refusal (Mẫu 03): no dossier code."""

    desk = models.ForeignKey("org.Desk", on_delete=models.PROTECT, related_name="intake_attempts")
    procedure_version = models.ForeignKey("catalog.ProcedureVersion", on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=10, choices=IntakeOutcome.choices)
    applicant_kind = models.CharField(max_length=12, choices=ApplicantKind.choices, default=ApplicantKind.PERSON)
    applicant_name = models.CharField(max_length=200)
    id_number = models.CharField(max_length=20, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=300, blank=True)
    items = models.JSONField(default=list, help_text="[{component, defect, legal_basis}] or refusal reasons")
    reason = models.TextField(blank=True)
    legal_basis = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.outcome} {self.applicant_name}"


def form_path(instance: FormDocument, filename: str) -> str:
    owner = f"d{instance.dossier_id}" if instance.dossier_id else f"i{instance.intake_attempt_id}"
    return f"forms/{owner}/{filename}"


class FormDocument(models.Model):
    """A form as issued. `context` freezes its content in the issuing transaction; the PDF is
    rendered from that snapshot (lazily or by a worker), then kept with its SHA-256, so a form always
    shows the dossier as it was when issued and intake never waits for a PDF engine."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, null=True, blank=True, related_name="forms")
    intake_attempt = models.ForeignKey(
        IntakeAttempt, on_delete=models.CASCADE, null=True, blank=True, related_name="forms"
    )
    key = models.CharField(max_length=24, choices=FormKey.choices)
    form_set = models.CharField(max_length=12, help_text="01/2018 or 03/2025")
    number = models.CharField(max_length=8, help_text="Printed form number, e.g. 01")
    issue_no = models.PositiveSmallIntegerField(default=1, help_text="1 for the first issue, 2 for a reissue, ...")
    context = models.JSONField(default=dict)
    file = models.FileField(upload_to=form_path, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "key", "issue_no"],
                condition=models.Q(dossier__isnull=False),
                name="form_issue_per_dossier",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} #{self.issue_no}"
