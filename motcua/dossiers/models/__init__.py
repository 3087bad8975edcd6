from .documents import FormDocument, IntakeAttempt, StoreItem, StoreKind
from .dossier import Attachment, CodeSequence, Dossier, DossierComponent, IdempotencyKey, RegisterSequence
from .workflow import Handover, HistoryEntry, Participation, Reschedule, SupplementRequest, Task

__all__ = [
    "Attachment",
    "CodeSequence",
    "Dossier",
    "DossierComponent",
    "FormDocument",
    "Handover",
    "HistoryEntry",
    "IdempotencyKey",
    "IntakeAttempt",
    "Participation",
    "RegisterSequence",
    "Reschedule",
    "StoreItem",
    "StoreKind",
    "SupplementRequest",
    "Task",
]
