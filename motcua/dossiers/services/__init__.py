"""All writes to dossiers. Each public function is one transition in one transaction (lifecycle.md §3)."""

from .exceptions import (
    dossier_complete_supplement,
    dossier_obligation_met,
    dossier_propose_supplement,
    dossier_request_obligation,
    dossier_request_supplement,
    dossier_reschedule,
    dossier_stop,
    dossier_withdraw,
)
from .intake import Applicant, ComponentInput, dossier_receive, intake_guide, intake_refuse
from .results import dossier_finish, dossier_return_result
from .transfer import dossier_transfer, dossiers_transfer_succession
from .workflow import consultation_answer, dossier_consult, dossier_forward, task_complete, task_send_back

__all__ = [
    "Applicant",
    "ComponentInput",
    "consultation_answer",
    "dossier_complete_supplement",
    "dossier_consult",
    "dossier_finish",
    "dossier_forward",
    "dossier_obligation_met",
    "dossier_propose_supplement",
    "dossier_receive",
    "dossier_request_obligation",
    "dossier_request_supplement",
    "dossier_reschedule",
    "dossier_return_result",
    "dossier_stop",
    "dossier_transfer",
    "dossiers_transfer_succession",
    "dossier_withdraw",
    "intake_guide",
    "intake_refuse",
    "task_complete",
    "task_send_back",
]
