"""Organisation: administrative units, agencies, departments, desks, counters, staff and roles."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import AgencyLevel, DeskKind, Role, SuccessionKind, UnitLevel


class AdministrativeUnit(models.Model):
    """A province, commune (or pre-2025 district) with the dates it was valid.

    Codes are reused across reforms (new Lào Cai took old Yên Bái's 15), so a code is unique only
    together with its start date; `Succession` rows link a closed unit to what replaced it.
    """

    code = models.CharField(_("code"), max_length=10, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=UnitLevel.choices)
    division_type = models.CharField(_("division type"), max_length=40, blank=True)
    codename = models.CharField(max_length=200, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "code"]
        constraints = [models.UniqueConstraint(fields=["code", "level", "valid_from"], name="unit_code_level_from")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


class Succession(models.Model):
    """`old` was replaced by `new` on `effective_date` (one row per pair: a split gives several)."""

    old = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="successions_out")
    new = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="successions_in")
    kind = models.CharField(max_length=10, choices=SuccessionKind.choices, default=SuccessionKind.MERGE)
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="succession_pair")]

    def __str__(self) -> str:
        return f"{self.old} → {self.new} ({self.effective_date:%d/%m/%Y})"


class Agency(models.Model):
    """A public body; `code` is its electronic identifier, the first part of every dossier code."""

    code = models.CharField(_("electronic identifier code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=AgencyLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("administrative unit")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successor"),
    )
    code_is_placeholder = models.BooleanField(
        _("code is a placeholder"),
        default=False,
        help_text=_("Set when the electronic identifier has not yet been confirmed against the official list."),
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


class AgencyCodeAlias(models.Model):
    """An old electronic identifier that keeps resolving to its agency after a reform."""

    code = models.CharField(max_length=32, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="code_aliases")
    valid_to = models.DateField(_("used until"), null=True, blank=True)

    class Meta:
        verbose_name = _("agency code alias")
        verbose_name_plural = _("agency code aliases")

    def __str__(self) -> str:
        return f"{self.code} → {self.agency.code}"


class Department(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="departments", verbose_name=_("agency"))
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=300)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["agency", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="department_code_per_agency")]

    def __str__(self) -> str:
        return self.name


class Desk(models.Model):
    """A one-stop desk: the provincial centre, one of its branches, or a commune desk."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="desks", verbose_name=_("agency"))
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=24, choices=DeskKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="branches", verbose_name=_("parent")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Counter(models.Model):
    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="counters", verbose_name=_("desk"))
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    fields = models.ManyToManyField(
        "catalog.Field", blank=True, related_name="counters", verbose_name=_("fields served")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        ordering = ["desk", "number"]
        constraints = [models.UniqueConstraint(fields=["desk", "number"], name="counter_number_per_desk")]

    def __str__(self) -> str:
        return f"{self.desk.name} – {_('Counter')} {self.number}"


def staff_photo_check(file: Any) -> None:
    """A photo is a JPEG or PNG (by its content, not its name) of at most 2 MB."""
    from django.core.exceptions import ValidationError

    head = file.read(8)
    file.seek(0)
    if not (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")):
        raise ValidationError(_("The photo must be a JPEG or PNG image."))
    if file.size is not None and file.size > 2 * 2**20:
        raise ValidationError(_("The photo may be at most 2 MB."))


class User(AbstractUser):
    """Staff and (later) citizens sign in with the same model; staff rights come from RoleAssignment."""

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    photo = models.FileField(
        _("photo"),
        upload_to="staff-photos/",
        blank=True,
        validators=[staff_photo_check],
        help_text=_("Shown on the counter's rating tablet (JPEG or PNG, at most 2 MB)."),
    )

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]  # the stubs omit AbstractUser.Meta; it exists at runtime
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self, on: object = None) -> RoleAssignmentQuerySet:
        from django.utils import timezone

        day = on or timezone.localdate()
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class RoleAssignment(models.Model):
    """A role held by a user in a scope: an agency, optionally narrowed to one department."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="role_assignments", verbose_name=_("agency")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("department"),
    )
    desk = models.ForeignKey(
        Desk, on_delete=models.PROTECT, null=True, blank=True, related_name="role_assignments", verbose_name=_("desk")
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "agency", "department", "desk"],
                name="role_assignment_unique",
            )
        ]

    def __str__(self) -> str:
        scope = self.department or self.desk or self.agency
        return f"{self.user} – {self.get_role_display()} @ {scope}"
