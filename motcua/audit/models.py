"""Append-only, hash-chained audit events and the personal-data access log.

Each event carries the SHA-256 of its own content and of its predecessor in the same chain. Chains
are per dossier (``dossier:<id>``) or per agency and day (``access:<agency>:<date>``), never one
global chain, so writers on different dossiers never queue on one row (architecture.md §9).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditChainHead(models.Model):
    """The latest link of one chain; locked by the writer so appends to a chain are serialised."""

    chain = models.CharField(max_length=80, primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.chain}@{self.seq}"


class AuditEvent(models.Model):
    chain = models.CharField(_("chain"), max_length=80)
    seq = models.PositiveBigIntegerField(_("sequence"))
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("actor"), max_length=200, blank=True)
    object_type = models.CharField(_("object type"), max_length=40)
    object_id = models.CharField(_("object id"), max_length=64)
    data = models.JSONField(_("data"), default=dict)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["chain", "seq"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq")]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.kind}"


class PersonalDataAccess(models.Model):
    """Who saw which personal details of which dossier or feedback, when and why (documents-and-codes.md §9).

    `dossier_id` / `dossier_code` name the record of the kind given by `subject` (a feedback's id and code
    when `subject` is "feedback"): always filter by `subject` with them.
    """

    class Subject(models.TextChoices):
        DOSSIER = "dossier", _("dossier")
        FEEDBACK = "feedback", _("feedback")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    role = models.CharField(_("role"), max_length=24, blank=True)
    subject = models.CharField(_("record kind"), max_length=16, choices=Subject.choices, default=Subject.DOSSIER)
    dossier_id = models.BigIntegerField(_("record"), db_index=True)
    dossier_code = models.CharField(_("record code"), max_length=40, blank=True)
    fields = models.JSONField(_("fields or file"), default=list)
    purpose = models.CharField(_("purpose"), max_length=200)
    at = models.DateTimeField(_("time"), default=timezone.now)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.dossier_code} {self.purpose}"
