"""Data-subject requests (documents-and-codes.md §9; Law 91/2025 and Decree 356/2025).

An applicant asks to see, correct, restrict, object to or delete their personal data. Each request
gets a code and a due date of 2 working days on the province's calendar, and is tracked like a
dossier: open, answered (on time or late) or refused with a reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    ACCESS = "access", _("See or receive a copy of my data")
    CORRECTION = "correction", _("Correct my data")
    RESTRICTION = "restriction", _("Restrict how my data is used")
    OBJECTION = "objection", _("Object to a use of my data")
    DELETION = "deletion", _("Delete my data (where the law does not require keeping it)")


class RequestState(models.TextChoices):
    OPEN = "open", _("Being handled")
    DONE = "done", _("Answered")
    REFUSED = "refused", _("Refused, with reasons")


class RequestSequence(models.Model):
    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class DataSubjectRequest(models.Model):
    code = models.CharField(_("code"), max_length=24, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="data_requests")
    kind = models.CharField(_("request"), max_length=16, choices=RequestKind.choices)
    dossier_code = models.CharField(_("about the dossier"), max_length=40, blank=True)
    details = models.TextField(_("details"))
    state = models.CharField(_("state"), max_length=10, choices=RequestState.choices, default=RequestState.OPEN)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    due_at = models.DateTimeField(_("due"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answer = models.TextField(_("answer"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["state", "due_at"], name="dsr_open_due")]

    def __str__(self) -> str:
        return self.code

    @property
    def late(self) -> bool:
        """Answered after the due date, or still open past it."""
        moment = self.answered_at or timezone.now()
        return moment > self.due_at
