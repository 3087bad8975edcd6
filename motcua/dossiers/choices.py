from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """lifecycle.md §1; the national KenhThucHien number is `CHANNEL_NATIONAL`."""

    COUNTER = "counter", _("At the counter")
    ONLINE = "online", _("Online")
    POSTAL = "postal", _("Public postal service")


CHANNEL_NATIONAL = {Channel.COUNTER: 1, Channel.ONLINE: 2, Channel.POSTAL: 3}


class State(models.TextChoices):
    """lifecycle.md §2; `STATE_CODE` gives the national status number."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, waiting for the desk")
    RETURNED_FOR_COMPLETION = "returned_for_completion", _("Returned for completion")
    RECEIVED = "received", _("Received")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    PROCESSING = "processing", _("Being processed")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Waiting for a supplement")
    AWAITING_OBLIGATION = "awaiting_obligation", _("Waiting for financial obligations")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    STOPPED = "stopped", _("Processing stopped")
    DONE = "done", _("Result ready")
    RETURNED = "returned", _("Result returned")


STATE_CODE = {
    State.SUBMITTED: 1,
    State.RETURNED_FOR_COMPLETION: 1,
    State.RECEIVED: 2,
    State.NOT_ACCEPTED: 3,
    State.PROCESSING: 4,
    State.SUPPLEMENT_REQUESTED: 5,
    State.AWAITING_OBLIGATION: 6,
    State.WITHDRAWN: 7,
    State.STOPPED: 8,
    State.DONE: 9,
    State.RETURNED: 10,
}
OPEN_STATES = (
    State.RECEIVED,
    State.PROCESSING,
    State.SUPPLEMENT_REQUESTED,
    State.AWAITING_OBLIGATION,
)
TERMINAL_STATES = (State.NOT_ACCEPTED, State.WITHDRAWN, State.STOPPED, State.RETURNED)


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class IdType(models.TextChoices):
    CCCD = "cccd", _("Citizen ID card (12 digits)")
    CMND = "cmnd", _("Old ID card (9 digits)")
    PASSPORT = "passport", _("Passport")
    ENTERPRISE = "enterprise", _("Enterprise code")


class ReturnMethod(models.TextChoices):
    COUNTER = "counter", _("At the desk")
    POST = "post", _("By post")
    ONLINE = "online", _("Online (electronic result)")


class ReturnPhase(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("Awaiting confirmation")
    AVAILABLE = "available", _("Available for pickup")
    HANDED_OVER = "handed_over", _("Handed over")


class SupplementPhase(models.TextChoices):
    PROPOSED = "proposed", _("Proposed by the specialist")
    ISSUED = "issued", _("Issued to the applicant")
    APPLICANT_SUBMITTED = "applicant_submitted", _("Submitted by the applicant")
    COMPLETE = "complete", _("Complete")


class Digitisation(models.IntegerChoices):
    NOT_DIGITISED = 0, _("Not digitised")
    DIGITISED = 1, _("Digitised")
    REUSED_COMPONENT = 2, _("Reused from another component")
    REUSED_RESULT = 3, _("Reused from an earlier result")


class TaskStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    ACTIVE = "active", _("In progress")
    DONE = "done", _("Done")
    SENT_BACK = "sent_back", _("Sent back")
    CANCELLED = "cancelled", _("Cancelled")


class Timeliness(models.TextChoices):
    EARLY = "early", _("Early")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")


class ParticipationRole(models.TextChoices):
    RECEIVING = "receiving", _("Receiving desk")
    LEAD = "lead", _("Lead agency")
    COORDINATING = "coordinating", _("Coordinating agency")


class ConsultMode(models.TextChoices):
    PARALLEL = "parallel", _("In parallel")
    SEQUENTIAL = "sequential", _("In sequence")


class IntakeOutcome(models.TextChoices):
    GUIDED = "guided", _("Guided to complete (Mẫu 02)")
    REFUSED = "refused", _("Refused (Mẫu 03)")


class FormKey(models.TextChoices):
    """Forms keyed by what they are; the printed number depends on the set in force (forms.py)."""

    RECEIPT = "receipt", _("Receipt and appointment")
    SUPPLEMENT_REQUEST = "supplement_request", _("Request to complete the dossier")
    INTAKE_REFUSAL = "intake_refusal", _("Refusal to accept the dossier")
    APOLOGY = "apology", _("Apology and new appointment")
    STOP_NOTICE = "stop_notice", _("Notice of stopping processing")
    CONTROL_SHEET = "control_sheet", _("Process control sheet")
    REGISTER = "register", _("Dossier register")
    TRANSFER_SLIP = "transfer_slip", _("Transfer slip")
    WITHDRAWAL = "withdrawal", _("Withdrawal acknowledgement")
