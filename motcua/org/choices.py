from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District (pre-2025)")
    COMMUNE = "commune", _("Commune")


class AgencyLevel(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District (legacy)")
    COMMUNE = "commune", _("Commune")


class DeskKind(models.TextChoices):
    PROVINCIAL_CENTRE = "provincial_centre", _("Provincial public administration service centre")
    BRANCH = "branch", _("Branch of the provincial centre")
    COMMUNE_DESK = "commune_desk", _("Commune one-stop desk")


class Role(models.TextChoices):
    """Staff roles of lifecycle.md §7; each is held in a scope (agency, optionally a department)."""

    DESK_OFFICER = "desk_officer", _("One-stop officer")
    SPECIALIST = "specialist", _("Specialist")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    AGENCY_LEADER = "agency_leader", _("Agency leader")
    CLERK = "clerk", _("Clerk")
    POSTAL_STAFF = "postal_staff", _("Postal staff")
    ADMINISTRATOR = "administrator", _("Administrator")
    AUDITOR = "auditor", _("Auditor")


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")
    RENAME = "rename", _("Rename or re-code")
