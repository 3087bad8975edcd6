"""Staff screens of the dossier lifecycle: queues, search, counter intake, the dossier page, downloads."""

from .detail import action, detail
from .downloads import attachment, attempt_form_download, control_sheet, form_download, register, store_document
from .intake import attempt, id_check_view, intake, intake_form
from .queues import queues, search

__all__ = [
    "action",
    "attachment",
    "attempt",
    "attempt_form_download",
    "control_sheet",
    "detail",
    "form_download",
    "id_check_view",
    "intake",
    "intake_form",
    "queues",
    "register",
    "search",
    "store_document",
]
