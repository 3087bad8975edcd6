"""Satisfaction ratings (services.md §4). Online ratings arrive here with issue 4; counter tablets,
paper forms and feedback (PAKN) extend this app with the office-floor issue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Score(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    NOT_SATISFIED = "not_satisfied", _("Not satisfied")


class Criterion(models.TextChoices):
    """Detailed criteria (official list to confirm); required after 'not satisfied'."""

    ATTITUDE = "attitude", _("Staff attitude")
    GUIDANCE = "guidance", _("Clarity of guidance")
    WAITING = "waiting", _("Waiting time")
    PROCESSING = "processing", _("Processing time")
    FACILITIES = "facilities", _("Facilities")
    FEES = "fees", _("Fees and charges")
    OTHER = "other", _("Other")


class RatingSource(models.TextChoices):
    ONLINE = "online", _("Online, after the result")
    TABLET = "tablet", _("Tablet at the counter")
    PAPER = "paper", _("Paper form keyed in")


class Rating(models.Model):
    """One rating per service event; online, one per dossier, editable for 7 days. Anonymous: the
    rater is not stored, only what was rated."""

    source = models.CharField(_("source"), max_length=10, choices=RatingSource.choices)
    score = models.CharField(_("rating"), max_length=16, choices=Score.choices)
    criteria = models.JSONField(_("criteria"), default=list, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, null=True, blank=True, related_name="ratings"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="ratings_received"
    )
    counter = models.ForeignKey("org.Counter", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    ticket = models.ForeignKey(
        "queueing.QueueTicket", on_delete=models.SET_NULL, null=True, blank=True, related_name="ratings"
    )
    keyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who typed in a paper form (never the rater: ratings are anonymous)."),
    )
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="ratings")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(source="online"), name="rating_online_once_per_dossier"
            ),
            models.UniqueConstraint(
                fields=["ticket"], condition=Q(source="tablet"), name="rating_tablet_once_per_ticket"
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "created_at"], name="rating_agency_time"),
            models.Index(fields=["counter", "created_at"], name="rating_counter_time"),
        ]

    def __str__(self) -> str:
        return f"{self.score} {self.dossier_id or ''}"
