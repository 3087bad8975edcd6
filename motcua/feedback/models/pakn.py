"""Feedback (*phản ánh, kiến nghị*, PAKN; services.md §5): anyone's complaint or suggestion about a
dossier, an officer or a procedure, with its legal stages and their deadlines stored on the row."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import FeedbackAbout, FeedbackCategory, FeedbackSource, FeedbackState


class FeedbackSequence(models.Model):
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="feedback_sequence_agency_day")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.day}: {self.last}"


class Feedback(models.Model):
    code = models.CharField(_("code"), max_length=60, unique=True)
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="feedback", verbose_name=_("agency")
    )
    forwarded_from = models.ForeignKey("org.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    source = models.CharField(_("source"), max_length=12, choices=FeedbackSource.choices)
    state = models.CharField(_("state"), max_length=24, choices=FeedbackState.choices, default=FeedbackState.RECEIVED)
    about = models.CharField(_("about"), max_length=12, choices=FeedbackAbout.choices, default=FeedbackAbout.OTHER)
    category = models.CharField(_("category"), max_length=12, choices=FeedbackCategory.choices, blank=True)
    field = models.ForeignKey("catalog.Field", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    subject = models.CharField(_("subject"), max_length=300)
    content = models.TextField(_("content"))
    sender_name = models.CharField(_("name"), max_length=200)
    sender_phone = models.CharField(_("phone"), max_length=20, blank=True)
    sender_email = models.EmailField(_("e-mail"), blank=True)
    sender_address = models.CharField(_("address"), max_length=300, blank=True)
    sender_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    founded = models.BooleanField(_("founded"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"))
    clock_start = models.DateTimeField(help_text=_("Receipt, forwarding or the information supplied."))
    refuse_due = models.DateTimeField()
    supplement_due = models.DateTimeField()
    answer_due = models.DateTimeField()
    publish_due = models.DateTimeField(null=True, blank=True)
    supplement_request = models.TextField(blank=True)
    refusal_reason = models.TextField(blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    late = models.BooleanField(default=False, help_text=_("A stage was done after its legal time limit."))
    likes = models.PositiveIntegerField(default=0)
    dislikes = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["agency", "state"], name="feedback_agency_state"),
            models.Index(fields=["agency", "received_at"], name="feedback_agency_received"),
            models.Index(fields=["state", "published_at"], name="feedback_published"),
        ]

    def __str__(self) -> str:
        return self.code


class FeedbackEvent(models.Model):
    """Append-only history of a feedback's stages."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=24)
    state = models.CharField(max_length=24, choices=FeedbackState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    note = models.TextField(blank=True)
    late = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.action}"


def feedback_file_path(instance: FeedbackAttachment, filename: str) -> str:
    return f"feedback/{instance.feedback_id}/{filename}"


class FeedbackAttachment(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=feedback_file_path, max_length=300)
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    from_staff = models.BooleanField(default=False)
    uploaded_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class FeedbackVote(models.Model):
    """One like or dislike per voter (session) on a published answer (766 item 5.3)."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField(max_length=64)
    liked = models.BooleanField()
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["feedback", "voter"], name="feedback_vote_once")]

    def __str__(self) -> str:
        return f"{self.feedback_id} {'+' if self.liked else '-'}"
