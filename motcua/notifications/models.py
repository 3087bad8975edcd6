"""The outbox: messages written in the transaction of the event they report, sent after commit.

The lifecycle only guarantees that every event leaves its outbox rows atomically with the change;
`delivery.py` sends them (e-mail, SMS; national-portal sync is a channel still to be configured),
with retries. `MessageTemplate` rows are administrators' versioned overrides of the template files.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    EMAIL = "email", pgettext_lazy("outbox", "E-mail")
    SMS = "sms", pgettext_lazy("outbox", "SMS")
    NATIONAL_PORTAL = "national_portal", _("National portal sync")


# Channels that carry a text written from a template (the national-portal sync carries data).
MESSAGE_CHANNELS = [(Channel.EMAIL.value, Channel.EMAIL.label), (Channel.SMS.value, Channel.SMS.label)]


class OutboxStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("outbox", "Pending")
    SENT = "sent", pgettext_lazy("outbox", "Sent")
    FAILED = "failed", pgettext_lazy("outbox", "Failed")


class OutboxMessage(models.Model):
    event = models.CharField(_("event"), max_length=60)
    event_key = models.CharField(_("event key"), max_length=120)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    payload = models.JSONField(_("payload"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The agency whose staff may see and resend the message (payload["agency_id"]; none for accounts).
    agency_id = models.BigIntegerField(_("agency"), null=True, blank=True, db_index=True)
    # A sender owns the row until this time; nobody else sends it meanwhile (never sent twice).
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    # Retries stop 48 h after this: the creation, or the last resend by staff.
    retry_from = models.DateTimeField(_("retries counted from"), default=timezone.now)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event_key", "channel", "recipient"], name="outbox_once_per_recipient")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.event} → {self.channel}:{self.recipient}"


class MessageTemplate(models.Model):
    """One version of an administrator's template for (event, channel, language).

    Edits never change a row: each one adds the next version. The newest active version is used;
    with none active the template file shipped with the code is used.
    """

    event = models.CharField(_("event"), max_length=60)
    channel = models.CharField(_("channel"), max_length=20, choices=MESSAGE_CHANNELS)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    version = models.PositiveIntegerField(_("version"), default=1)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["event", "channel", "language", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["event", "channel", "language", "version"], name="message_template_version")
        ]

    def __str__(self) -> str:
        return f"{self.event}.{self.channel}.{self.language} v{self.version}"
