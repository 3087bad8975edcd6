"""`form_pdf`: render an issued form once, keep the file with its SHA-256, and serve the stored bytes."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from ..models import FormDocument
from .render import render_form


class FormIntegrityError(Exception):
    """The stored file no longer matches the SHA-256 recorded when it was rendered."""


def _read(form: FormDocument) -> bytes:
    with form.file.open("rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != form.sha256:
        raise FormIntegrityError(f"form {form.pk}: stored file does not match its SHA-256")
    return bytes(data)


def form_pdf(form: FormDocument) -> bytes:
    """The form's PDF, rendered from `form.context` on first use and stored with its SHA-256.

    Two requests racing on a new form: the row lock makes the second wait and then read what the first
    stored, so a form only ever has one file and one hash. Rendering uses the snapshot only.
    """
    if form.sha256 and form.file:
        return _read(form)
    with transaction.atomic():
        locked = FormDocument.objects.select_for_update().get(pk=form.pk)
        if locked.sha256 and locked.file:
            data = _read(locked)
        else:
            data = render_form(locked.context)
            locked.sha256 = hashlib.sha256(data).hexdigest()
            name = f"{locked.key}-{locked.issue_no}-{locked.pk}.pdf"
            locked.file.save(name, ContentFile(data), save=False)
            locked.save(update_fields=["file", "sha256"])
    form.file, form.sha256 = locked.file.name, locked.sha256
    return data
