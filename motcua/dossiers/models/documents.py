"""Issued forms (PDF with SHA-256) and counter contacts that ended without a dossier code."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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


def store_path(instance: StoreItem, filename: str) -> str:
    return f"store/{instance.owner_id}/{instance.sha256[:16]}-{filename}"


class StoreKind(models.TextChoices):
    COMPONENT = "component", _("Digitised component")
    RESULT = "result", _("Result of a procedure")


class StoreItem(models.Model):
    """One document in an applicant's personal data store (*kho dữ liệu điện tử*, documents-and-codes §7).

    Filled from the components the applicant uploaded and from results issued to them; reused in a
    later dossier by reference (`DossierComponent.store_item`), so reuse is counted, not copied. The
    applicant may delete their own uploads (soft: a reused item must stay readable for the dossiers
    that cite it), never an agency's result.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="store_items")
    kind = models.CharField(_("kind"), max_length=12, choices=StoreKind.choices)
    title = models.CharField(_("title"), max_length=300)
    component_code = models.CharField(max_length=60, blank=True, help_text="Catalogue component name key (folded)")
    issuer = models.CharField(_("issued by"), max_length=300, blank=True)
    number = models.CharField(_("document number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    source_dossier = models.ForeignKey(
        Dossier, on_delete=models.SET_NULL, null=True, blank=True, related_name="store_items"
    )
    file = models.FileField(upload_to=store_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["owner", "-created_at"]
        indexes = [models.Index(fields=["owner", "kind"], name="store_owner_kind")]
        constraints = [
            models.UniqueConstraint(fields=["owner", "sha256", "kind"], name="store_item_once_per_owner"),
        ]

    def __str__(self) -> str:
        return self.title[:80]
