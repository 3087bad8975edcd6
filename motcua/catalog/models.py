"""Catalog: fields and versioned procedures with their components, fees and process template.

`Procedure` is the stable identity (the national code); everything a dossier depends on lives on
`ProcedureVersion`, which moves draft → published → retired and is valid over a date range that
never overlaps another published version of the same procedure.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import (
    ApplicantType,
    DurationUnit,
    FeeKind,
    OnlineLevel,
    PayableAt,
    ResultType,
    StepRole,
    SupplementMode,
    VersionStatus,
)

PROCEDURE_CODE_RE = r"^\d\.\d{6}(\.[A-Z0-9]+)?$"


class Field(models.Model):
    """A lĩnh vực. The national data has no field codes, so `code` is optional."""

    name = models.CharField(_("name"), max_length=300, unique=True)
    code = models.CharField(_("code"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    code = models.CharField(_("procedure code"), max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class ProcedureVersion(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    name = models.TextField(_("name"))
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="versions", verbose_name=_("field"))
    levels = models.JSONField(_("levels"), default=list, help_text=_("Any of: ministry, province, commune, other."))
    implementing_agency_text = models.TextField(_("implementing agency (as published)"), blank=True)
    competent_authority_text = models.TextField(_("competent authority (as published)"), blank=True)
    agencies = models.ManyToManyField(
        "org.Agency", blank=True, related_name="procedure_versions", verbose_name=_("competent agencies")
    )
    applicant_types = models.JSONField(_("applicant types"), default=list)
    applicant_types_text = models.JSONField(_("applicant types (as published)"), default=list, blank=True)

    time_value = models.DecimalField(_("legal processing time"), max_digits=6, decimal_places=1, null=True, blank=True)
    time_unit = models.CharField(_("time unit"), max_length=20, choices=DurationUnit.choices, blank=True)
    time_text = models.TextField(_("processing time (as published)"), blank=True)
    time_is_default = models.BooleanField(
        _("time is an administrator default"),
        default=False,
        help_text=_("The published data gave no usable time; an administrator must confirm it."),
    )
    supplement_mode = models.CharField(
        _("supplement clock"), max_length=10, choices=SupplementMode.choices, default=SupplementMode.RESTART
    )
    supplement_limit = models.PositiveSmallIntegerField(_("supplement requests allowed"), default=1)

    channels = models.JSONField(_("channels (as published)"), default=list, blank=True)
    accepts_counter = models.BooleanField(_("accepts counter submission"), default=True)
    online_level = models.CharField(
        _("online level"), max_length=12, choices=OnlineLevel.choices, default=OnlineLevel.INFORMATION
    )
    online_level_is_default = models.BooleanField(_("online level is an administrator default"), default=False)
    accepts_postal_intake = models.BooleanField(_("accepts postal submission"), default=False)
    accepts_postal_return = models.BooleanField(_("accepts postal return"), default=False)
    result_type = models.CharField(
        _("result type"), max_length=12, choices=ResultType.choices, default=ResultType.PAPER
    )
    result_name = models.TextField(_("result"), blank=True)
    result_codes = models.JSONField(_("result codes"), default=list, blank=True)
    fees_text = models.TextField(_("fees (as published)"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    legal_basis_codes = models.JSONField(_("legal documents"), default=list, blank=True)
    decision_no = models.CharField(_("announcing decision"), max_length=200, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    steps_text = models.TextField(_("steps (as published)"), blank=True)
    receiving_address = models.TextField(_("where to submit (as published)"), blank=True)
    publishing_body = models.CharField(_("publishing body"), max_length=200, blank=True)
    source = models.JSONField(_("source"), default=dict, blank=True)
    form_schema = models.JSONField(
        _("application form (JSON Schema)"),
        null=True,
        blank=True,
        help_text=_("The e-form of this version; empty: the default form (catalog.formschema)."),
    )
    search_text = models.TextField(editable=False, blank=True, db_index=False)
    content_hash = models.CharField(
        _("content hash"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("SHA-256 of the imported content; an import with the same hash changes nothing."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure__code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="version_number_per_procedure"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="version_valid_range",
            ),
        ]
        indexes = [models.Index(fields=["status", "valid_from"], name="version_status_from")]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"

    @property
    def code(self) -> str:
        return self.procedure.code

    @property
    def time_minutes(self) -> int | None:
        """Legal time as working minutes for day/hour units (8 working hours = 1 working day)."""
        if self.time_value is None:
            return None
        if self.time_unit == DurationUnit.WORKING_DAYS:
            return int(self.time_value * 480)
        if self.time_unit == DurationUnit.WORKING_HOURS:
            return int(self.time_value * 60)
        return None


class Component(models.Model):
    """One document of the dossier (thành phần hồ sơ)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="components")
    order = models.PositiveIntegerField(_("order"))
    name = models.TextField(_("name"))
    case = models.TextField(_("case or heading"), blank=True)
    required = models.BooleanField(_("required"), default=True)
    required_is_default = models.BooleanField(
        _("required flag is an administrator default"),
        default=False,
        help_text=_("The national data does not say whether a component is required."),
    )
    original_qty = models.PositiveSmallIntegerField(_("originals"), default=0)
    copy_qty = models.PositiveSmallIntegerField(_("copies"), default=0)
    copies_text = models.CharField(_("quantity (as published)"), max_length=100, blank=True)
    form_files = models.JSONField(_("form file names"), default=list, blank=True)
    form_template = models.FileField(_("form template"), upload_to="forms/", blank=True)

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["version", "order"]

    def __str__(self) -> str:
        return self.name[:80]


class FeeItem(models.Model):
    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=8, choices=FeeKind.choices, default=FeeKind.CHARGE)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"), null=True, blank=True)
    applicant_type = models.CharField(
        _("applicant type"), max_length=16, choices=ApplicantType.choices, blank=True, help_text=_("Blank: everyone.")
    )
    payable_at = models.CharField(_("payable"), max_length=16, choices=PayableAt.choices, default=PayableAt.ACCEPTANCE)
    source_text = models.TextField(_("as published"), blank=True)
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_("The published text is ambiguous (an amount that the wording contradicts, or a rate set locally)."),
    )
    # Not a column: the public procedure page sets the formatted amount for its template.
    amount_display: str

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        ordering = ["version", "order"]

    def __str__(self) -> str:
        return self.name


class ProcessStep(models.Model):
    """One step of the internal process template; budgets add up to the legal time."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=300)
    role = models.CharField(_("role"), max_length=24, choices=StepRole.choices)
    department_code = models.CharField(
        _("department code"), max_length=32, blank=True, help_text=_("Department of the competent agency, if fixed.")
    )
    budget_minutes = models.PositiveIntegerField(_("time budget (working minutes)"))
    parallel_group = models.PositiveSmallIntegerField(
        _("parallel group"), null=True, blank=True, help_text=_("Steps sharing a group run in parallel.")
    )
    coordinating_agencies = models.ManyToManyField(
        "org.Agency", blank=True, related_name="coordinating_steps", verbose_name=_("coordinating agencies")
    )
    is_default = models.BooleanField(
        _("administrator default"),
        default=False,
        help_text=_("Generated from the default split of the legal time; not yet confirmed by an administrator."),
    )

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "order"], name="step_order_per_version")]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    @property
    def budget_hours(self) -> Decimal:
        return Decimal(self.budget_minutes) / 60
