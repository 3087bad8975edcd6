from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcedureLevel(models.TextChoices):
    MINISTRY = "ministry", _("Ministry level")
    PROVINCE = "province", _("Province level")
    COMMUNE = "commune", _("Commune level")
    OTHER = "other", _("Other agency")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class DurationUnit(models.TextChoices):
    """Units of deadlines.md §3."""

    WORKING_DAYS = "working_days", _("working days")
    WORKING_HOURS = "working_hours", _("working hours")
    SAME_DAY = "same_day", _("same day")
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    CALENDAR_MONTHS = "calendar_months", _("calendar months")


class SupplementMode(models.TextChoices):
    RESTART = "restart", _("Restart the full time")
    PAUSE = "pause", _("Pause the clock")


class OnlineLevel(models.TextChoices):
    INFORMATION = "information", _("Information only")
    PARTIAL = "partial", _("Partly online")
    FULL = "full", _("Fully online")


class ResultType(models.TextChoices):
    PAPER = "paper", _("Paper")
    ELECTRONIC = "electronic", _("Electronic")
    BOTH = "both", _("Paper and electronic")


class ApplicantType(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    BUSINESS = "business", _("Business")
    ORGANISATION = "organisation", _("Organisation")
    STATE_AGENCY = "state_agency", _("State agency")
    OTHER = "other", _("Other")


class FeeKind(models.TextChoices):
    FEE = "phi", _("Fee (phí)")
    CHARGE = "le_phi", _("Charge (lệ phí)")


class PayableAt(models.TextChoices):
    SUBMISSION = "submission", _("At submission")
    ACCEPTANCE = "acceptance", _("At acceptance")
    BEFORE_RESULT = "before_result", _("Before the result is returned")


class StepRole(models.TextChoices):
    DESK_OFFICER = "desk_officer", _("One-stop officer")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    SPECIALIST = "specialist", _("Specialist")
    AGENCY_LEADER = "agency_leader", _("Agency leader")
    CLERK = "clerk", _("Clerk")
    COORDINATING_AGENCY = "coordinating_agency", _("Coordinating agency")
