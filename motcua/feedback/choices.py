"""Choices of feedback (PAKN, services.md §5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedbackState(models.TextChoices):
    RECEIVED = "received", _("Received")
    REFUSED = "refused", _("Not accepted")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("More information requested")
    ACCEPTED = "accepted", _("Accepted for handling")
    ASSIGNED = "assigned", _("Being handled")
    ANSWERED = "answered", _("Answered")
    PUBLISHED = "published", _("Answer published")
    CLOSED = "closed", _("Closed")


OPEN_STATES = (
    FeedbackState.RECEIVED,
    FeedbackState.SUPPLEMENT_REQUESTED,
    FeedbackState.ACCEPTED,
    FeedbackState.ASSIGNED,
    FeedbackState.ANSWERED,
)


class FeedbackSource(models.TextChoices):
    PORTAL = "portal", _("Public service portal")
    COUNTER = "counter", _("At the counter")
    HOTLINE = "hotline", _("Hotline")
    EMAIL = "email", _("E-mail")
    BOX = "box", _("Feedback box")
    NATIONAL = "national", _("Forwarded by the national portal")
    AGENCY = "agency", _("Forwarded by another agency")


class FeedbackCategory(models.TextChoices):
    """Regulation/policy/procedure versus staff behaviour (services.md §5)."""

    REGULATION = "regulation", _("Regulations, policies, procedures")
    BEHAVIOUR = "behaviour", _("Staff behaviour or conduct")
    OTHER = "other", _("Other")


class FeedbackAbout(models.TextChoices):
    DOSSIER = "dossier", _("A dossier")
    OFFICER = "officer", _("An officer")
    PROCEDURE = "procedure", _("A procedure")
    OTHER = "other", _("Something else")


class FeedbackStage(models.TextChoices):
    """The legal time limits, in working days (766): refuse ≤ 2, request more information ≤ 5,
    answer ≤ 15 from receipt (or forwarding); publish ≤ 2 after answering."""

    REFUSE = "refuse", _("decide whether to accept")
    SUPPLEMENT = "supplement", _("request more information")
    ANSWER = "answer", _("answer")
    PUBLISH = "publish", _("publish the answer")
