from django.db import models
from django.utils.translation import gettext_lazy as _

from . import workingtime


class DayKind(models.TextChoices):
    """Kinds of special days (deadlines.md §1); the engine uses the same strings."""

    HOLIDAY = workingtime.HOLIDAY, _("Public holiday")
    DAY_OFF_IN_LIEU = workingtime.DAY_OFF_IN_LIEU, _("Day off in lieu (swapped)")
    WORKING_SATURDAY = workingtime.WORKING_SATURDAY, _("Working Saturday (swapped)")
    LOCAL_CLOSURE = workingtime.LOCAL_CLOSURE, _("Local closure")


class CalendarStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
