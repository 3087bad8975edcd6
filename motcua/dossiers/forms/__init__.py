"""The legal forms (Circulars 01/2018 and 03/2025) as PDFs: issue with a snapshot, render lazily, store with SHA-256.

documents-and-codes.md §3-4. Services call `form_issue` inside their transaction (cheap, no PDF);
views and workers call `form_pdf`, which renders from the snapshot once and then serves stored bytes.
"""

from .control import control_sheet_pdf
from .issue import form_issue
from .numbering import form_numbering
from .qr import qr_target
from .register import register_pdf, register_xlsx
from .store import FormIntegrityError, form_pdf

__all__ = [
    "FormIntegrityError",
    "control_sheet_pdf",
    "form_issue",
    "form_numbering",
    "form_pdf",
    "qr_target",
    "register_pdf",
    "register_xlsx",
]
