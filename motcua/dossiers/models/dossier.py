"""The dossier, its components and scans, and the gap-free counters behind its code and register entry."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import (
    ApplicantKind,
    Channel,
    Digitisation,
    IdType,
    Outcome,
    ReturnMethod,
    ReturnPhase,
    State,
    SupplementPhase,
    Timeliness,
)


class CodeSequence(models.Model):
    """Last dossier number issued by one receiving agency on one day; locked and bumped in the intake
    transaction, so a rollback gives the number back and the sequence has no gaps."""

    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="code_sequence_agency_day")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.day}: {self.last}"


class RegisterSequence(models.Model):
    """Register book (= year) and continuous entry number per desk (Mẫu 01 'Quyển số / Số thứ tự')."""

    desk = models.ForeignKey("org.Desk", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["desk", "year"], name="register_sequence_desk_year")]

    def __str__(self) -> str:
        return f"{self.desk_id}/{self.year}: {self.last}"


class Dossier(models.Model):
    # Null only for an online draft: online dossiers get their code at submission (documents-and-codes §1).
    code = models.CharField(_("dossier code"), max_length=40, unique=True, null=True, blank=True)
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion", on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("procedure")
    )
    desk = models.ForeignKey("org.Desk", on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("desk"))
    receiving_agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="received_dossiers", verbose_name=_("receiving agency")
    )
    competent_agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="competent_dossiers", verbose_name=_("competent agency")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    state = models.CharField(_("status"), max_length=24, choices=State.choices, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    supplement_phase = models.CharField(max_length=24, choices=SupplementPhase.choices, blank=True)
    return_phase = models.CharField(max_length=24, choices=ReturnPhase.choices, blank=True)
    lock_version = models.PositiveIntegerField(default=1, help_text="Bumped by every transition (stale-form check).")

    applicant_kind = models.CharField(_("applicant"), max_length=12, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("applicant name"), max_length=200)
    applicant_name_folded = models.CharField(max_length=200, db_index=True, editable=False)
    organisation_name = models.CharField(_("organisation"), max_length=300, blank=True)
    id_type = models.CharField(_("ID type"), max_length=12, choices=IdType.choices)
    id_number = models.CharField(_("ID number"), max_length=20, db_index=True)
    id_flags = models.JSONField(_("ID warnings"), default=list, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    subject = models.TextField(_("request"), blank=True)
    sets_count = models.PositiveSmallIntegerField(_("number of sets"), default=1)
    return_method = models.CharField(_("result returned"), max_length=10, choices=ReturnMethod.choices)
    return_address = models.CharField(_("postal address for the result"), max_length=300, blank=True)

    # Online submission (lifecycle.md §1, §3): the applicant's account owns the dossier; the e-form's
    # answers are validated against the procedure version's JSON Schema (catalog.formschema).
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_dossiers",
        verbose_name=_("applicant account"),
    )
    # db_default on the columns added by issue 4, so bulk loaders that name columns (bench generator) keep working.
    form_data = models.JSONField(_("application form"), default=dict, db_default={}, blank=True)
    submitted_at = models.DateTimeField(
        _("submitted at"), null=True, blank=True, help_text="Submission time of the current version (clock start)."
    )
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submission = models.JSONField(
        default=dict, db_default={}, blank=True, help_text="auth method, VNeID flag, IP of each submit"
    )
    completion_returns = models.PositiveSmallIntegerField(
        default=0, db_default=0, help_text="Returns for completion before acceptance."
    )

    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    register_year = models.PositiveSmallIntegerField(_("register book"), null=True, blank=True)
    register_no = models.PositiveIntegerField(_("register entry"), null=True, blank=True)

    duration_value = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    duration_unit = models.CharField(max_length=20, blank=True)
    supplement_mode = models.CharField(max_length=10, blank=True)
    calendar_version = models.PositiveIntegerField(null=True, blank=True)
    clock_start = models.DateTimeField(null=True, blank=True)
    clock_end = models.DateTimeField(null=True, blank=True)
    original_due_date = models.DateField(_("original due date"), null=True, blank=True)
    legal_due_date = models.DateField(_("legal due date"), null=True, blank=True)
    legal_due_at = models.DateTimeField(null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    due_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    due_explanation = models.JSONField(default=dict, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True, help_text="Start of the running pause, if any.")
    supplement_count = models.PositiveSmallIntegerField(default=0)
    reschedule_count = models.PositiveSmallIntegerField(default=0)

    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    timeliness = models.CharField(_("timeliness"), max_length=10, choices=Timeliness.choices, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["competent_agency", "state", "due_date"], name="dossier_agency_state_due"),
            models.Index(fields=["desk", "state", "due_date"], name="dossier_desk_state_due"),
            models.Index(fields=["received_at", "id"], name="dossier_received"),
            # Due-soon and overdue lists read only open dossiers (bench B3: 1.8 s → 29 ms on 1M rows).
            models.Index(fields=["applicant", "-created_at"], name="dossier_applicant"),
            models.Index(
                fields=["due_date", "id"],
                name="dossier_open_due",
                condition=models.Q(state__in=["received", "processing", "supplement_requested", "awaiting_obligation"]),
            ),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk}"

    @property
    def masked_id(self) -> str:
        return "*" * max(len(self.id_number) - 4, 0) + self.id_number[-4:]


class DossierComponent(models.Model):
    """One checklist line of the dossier: what the applicant brought for a catalogue component."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    component = models.ForeignKey("catalog.Component", on_delete=models.PROTECT, null=True, related_name="+")
    order = models.PositiveSmallIntegerField()
    name = models.TextField(_("name"))
    required = models.BooleanField(default=True)
    received = models.BooleanField(_("received"), default=False)
    original_qty = models.PositiveSmallIntegerField(_("originals"), default=0)
    copy_qty = models.PositiveSmallIntegerField(_("copies"), default=0)
    digitisation = models.PositiveSmallIntegerField(choices=Digitisation.choices, default=Digitisation.NOT_DIGITISED)
    no_scan_reason = models.CharField(_("reason for no scan"), max_length=300, blank=True)
    # Reuse from the applicant's personal data store keeps a reference, not a copy (documents-and-codes §7).
    store_item = models.ForeignKey(
        "dossiers.StoreItem", on_delete=models.PROTECT, null=True, blank=True, related_name="reuses"
    )

    class Meta:
        ordering = ["dossier", "order"]

    def __str__(self) -> str:
        return self.name[:80]


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"dossiers/{instance.dossier_id}/{instance.sha256[:16]}-{instance.safe_name}"


class Attachment(models.Model):
    """A stored file: a scan or upload of a component (`scan`, `upload`), an answer to a supplement
    request (`supplement`), or a result (`result`)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    component = models.ForeignKey(DossierComponent, on_delete=models.SET_NULL, null=True, related_name="scans")
    kind = models.CharField(max_length=16, default="scan")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=255)
    safe_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.original_name


class IdempotencyKey(models.Model):
    """A partner's retried create returns the dossier made by the first request (unique per caller)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user")]

    def __str__(self) -> str:
        return self.key
