"""The events that have message templates, with the names staff and administrators see."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

EVENT_LABELS = {
    "dossier.submit": _("Online submission acknowledged"),
    "dossier.return_for_completion": _("Dossier returned for completion"),
    "dossier.resubmit": _("Completed dossier resubmitted"),
    "dossier.receive": _("Dossier accepted"),
    "dossier.refuse_intake": _("Dossier not accepted"),
    "dossier.request_supplement": _("Supplement requested"),
    "dossier.complete_supplement": _("Supplement received"),
    "dossier.reschedule": _("Apology with a new date"),
    "dossier.stop": _("Processing stopped"),
    "dossier.finish": _("Result ready"),
    "dossier.return_result": _("Result returned"),
    "dossier.withdraw": _("Dossier withdrawn"),
    "dossier.calendar_recompute": _("Due date changed"),
    "dossier.payment_confirmed": _("Fee payment confirmed"),
    "payment.refund_done": _("Fee refunded"),
    "postal.order_created": _("Postal pickup ordered"),
    "postal.result_ready": _("Result ready for postal delivery"),
    "postal.result_ready_staff": _("Result ready: notice to the postal worker"),
    "postal.picked_up": _("Result handed to the postal service"),
    "queue.appointment_booked": _("Appointment booked at a service centre"),
    "privacy.request_received": _("Personal-data request received"),
    "privacy.request_answered": _("Personal-data request answered"),
    "feedback.received": _("Feedback received"),
    "feedback.refused": _("Feedback not accepted"),
    "feedback.supplement_requested": _("Feedback: more information requested"),
    "feedback.answered": _("Feedback answered"),
    "account.password_reset": _("Account password reset"),
    "account.registered": _("Account registered"),
}


def event_label(event: str) -> str:
    return str(EVENT_LABELS.get(event, event))


def event_choices() -> list[tuple[str, str]]:
    return [(key, f"{label} ({key})") for key, label in EVENT_LABELS.items()]
