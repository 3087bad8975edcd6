"""The applicant's files: component uploads and reuse from the personal data store (documents-and-codes
§7), the answer to a supplement request, and online withdrawal.

Uploads go through the same checks as at the counter (`uploads.upload_check`). Reuse stores a
reference to the store item, never a copy, so the national index can count it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.text import fold

from ..choices import OPEN_STATES, State, SupplementPhase
from ..errors import ActionNotAllowed, DossierError, NotPermitted
from ..forms import form_issue
from ..models import Attachment, Dossier, DossierComponent, StoreItem, StoreKind
from ..uploads import CheckedFile, uploads_check_total
from ._base import dossier_lock, dossier_save, history_append

EDITABLE_STATES = (State.DRAFT, State.RETURNED_FOR_COMPLETION)
WITHDRAWABLE = (State.SUBMITTED, State.RETURNED_FOR_COMPLETION, *OPEN_STATES)


def _own(applicant: Any, dossier: Dossier) -> None:
    if not getattr(applicant, "is_authenticated", False) or dossier.applicant_id != applicant.pk:
        raise NotPermitted()


def _line(dossier: Dossier, component_id: int) -> DossierComponent:
    line = dossier.components.filter(pk=component_id).first()
    if line is None:
        raise DossierError(_("This document is not part of the application."), field="component")
    return line


def _attach(
    dossier: Dossier, checked: CheckedFile, *, kind: str, actor: Any, line: DossierComponent | None
) -> Attachment:
    attachment = Attachment(
        dossier=dossier,
        component=line,
        kind=kind,
        original_name=checked.original_name[:255],
        safe_name=checked.safe_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    attachment.file.save(checked.safe_name, ContentFile(checked.data), save=False)
    attachment.save()
    return attachment


def dossier_component_upload(
    *, applicant: Any, dossier: Dossier, component_id: int, files: list[CheckedFile]
) -> list[Attachment]:
    """Add checked files to one checklist line of a draft (or of a dossier returned for completion)."""
    if not files:
        raise DossierError(_("Choose a file to upload."), field=f"component.{component_id}")
    with transaction.atomic():
        dossier = dossier_lock(dossier)
        _own(applicant, dossier)
        if dossier.state not in EDITABLE_STATES:
            raise ActionNotAllowed()
        line = _line(dossier, component_id)
        sizes = sum(a.size for a in dossier.attachments.filter(kind="upload"))
        uploads_check_total(files, already=sizes)
        attachments = [_attach(dossier, f, kind="upload", actor=applicant, line=line) for f in files]
        if line.store_item_id:
            line.store_item = None
            line.save(update_fields=["store_item"])
        dossier_save(dossier, [])
    return attachments


def dossier_component_clear(*, applicant: Any, dossier: Dossier, component_id: int) -> None:
    """Remove this line's uploads and reuse (draft only; after a return, new files are added instead)."""
    with transaction.atomic():
        dossier = dossier_lock(dossier)
        _own(applicant, dossier)
        if dossier.state != State.DRAFT:
            raise ActionNotAllowed()
        line = _line(dossier, component_id)
        for attachment in line.scans.filter(kind="upload"):
            attachment.file.delete(save=False)
            attachment.delete()
        line.store_item = None
        line.save(update_fields=["store_item"])
        dossier_save(dossier, [])


def dossier_component_reuse(
    *, applicant: Any, dossier: Dossier, component_id: int, item: StoreItem
) -> DossierComponent:
    """Use a document from the applicant's own store for this line: a reference, not a copy."""
    with transaction.atomic():
        dossier = dossier_lock(dossier)
        _own(applicant, dossier)
        if dossier.state not in EDITABLE_STATES:
            raise ActionNotAllowed()
        if item.owner_id != applicant.pk or item.deleted_at is not None:
            raise DossierError(_("This document is not in your data store."), field=f"component.{component_id}")
        line = _line(dossier, component_id)
        line.store_item = item
        line.save(update_fields=["store_item"])
        dossier_save(dossier, [])
    return line


def store_suggestions(owner: Any, line: DossierComponent) -> list[StoreItem]:
    """Store items that look like this checklist line (same folded component name first), newest first."""
    items = list(StoreItem.objects.filter(owner=owner, deleted_at__isnull=True).order_by("-created_at")[:50])
    key = fold(line.name)[:60]
    return sorted(items, key=lambda i: (i.component_code != key, -i.created_at.timestamp()))


def store_add_uploads(dossier: Dossier) -> None:
    """Keep the applicant's uploads in their store for later dossiers (once per file)."""
    if not dossier.applicant_id:
        return
    for attachment in dossier.attachments.filter(kind="upload").select_related("component"):
        name = attachment.component.name if attachment.component else attachment.original_name
        _store_from_attachment(dossier, attachment, StoreKind.COMPONENT, name)


def store_add_result(dossier: Dossier, attachment: Attachment, *, number: str = "") -> StoreItem | None:
    """A result issued to an online applicant joins their store (they may not delete it)."""
    if not dossier.applicant_id:
        return None
    title = dossier.procedure_version.result_name or dossier.procedure_version.name
    return _store_from_attachment(dossier, attachment, StoreKind.RESULT, title, number=number)


def _store_from_attachment(
    dossier: Dossier, attachment: Attachment, kind: str, title: str, number: str = ""
) -> StoreItem | None:
    owner_id = dossier.applicant_id
    assert owner_id is not None
    if StoreItem.objects.filter(owner_id=owner_id, sha256=attachment.sha256, kind=kind).exists():
        return None
    item = StoreItem(
        owner_id=owner_id,
        kind=kind,
        title=title[:300],
        component_code=fold(title)[:60],
        issuer=dossier.competent_agency.name if kind == StoreKind.RESULT else "",
        number=number[:60],
        issued_on=timezone.localdate() if kind == StoreKind.RESULT else None,
        source_dossier=dossier,
        original_name=attachment.original_name,
        content_type=attachment.content_type,
        size=attachment.size,
        sha256=attachment.sha256,
    )
    item.file.name = attachment.file.name  # same stored bytes; deleting the item never deletes them
    item.save()
    return item


def store_item_upload(*, owner: Any, checked: CheckedFile, title: str, issuer: str = "", number: str = "") -> StoreItem:
    """The applicant adds a document of their own to the store."""
    if not title.strip():
        raise DossierError(_("Give the document a name."), field="title")
    existing = StoreItem.objects.filter(owner=owner, sha256=checked.sha256, kind=StoreKind.COMPONENT).first()
    if existing is not None:
        if existing.deleted_at is not None:
            existing.deleted_at = None
            existing.save(update_fields=["deleted_at"])
        return existing
    item = StoreItem(
        owner=owner,
        kind=StoreKind.COMPONENT,
        title=title.strip()[:300],
        component_code=fold(title)[:60],
        issuer=issuer.strip()[:300],
        number=number.strip()[:60],
        original_name=checked.original_name[:255],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    item.file.save(checked.safe_name, ContentFile(checked.data), save=False)
    item.save()
    return item


def store_item_delete(*, owner: Any, item: StoreItem) -> None:
    """Own uploads only; results issued by an agency stay. Soft delete: dossiers that cite it keep it."""
    if item.owner_id != owner.pk:
        raise NotPermitted()
    if item.kind == StoreKind.RESULT:
        raise ActionNotAllowed(_("Results issued by an agency cannot be deleted from your store."))
    item.deleted_at = timezone.now()
    item.save(update_fields=["deleted_at"])


def dossier_supplement_answer(
    *,
    applicant: Any,
    dossier: Dossier,
    files: list[tuple[int | None, CheckedFile]],
    note: str = "",
    at: dt.datetime | None = None,
) -> Dossier:
    """The applicant answers Mẫu 02 online (phase issued → applicant_submitted); the desk then checks
    and completes it (`dossier_complete_supplement`), which restarts or resumes the clock."""
    now = at or timezone.now()
    if not files and not note.strip():
        raise DossierError(_("Upload the requested documents or write your answer."), field="files")
    uploads_check_total([f for _c, f in files])
    with transaction.atomic():
        dossier = dossier_lock(dossier)
        _own(applicant, dossier)
        if dossier.state != State.SUPPLEMENT_REQUESTED or dossier.supplement_phase != SupplementPhase.ISSUED:
            raise ActionNotAllowed()
        saved = [
            _attach(dossier, f, kind="supplement", actor=applicant, line=_line(dossier, c) if c else None)
            for c, f in files
        ]
        dossier.supplements.filter(stage="processing", phase=SupplementPhase.ISSUED).update(
            phase=SupplementPhase.APPLICANT_SUBMITTED, answer=note.strip(), answered_at=now
        )
        dossier.supplement_phase = SupplementPhase.APPLICANT_SUBMITTED
        dossier_save(dossier, ["supplement_phase"])
        history_append(
            dossier,
            action="supplement_answer",
            actor=applicant,
            at=now,
            from_state=dossier.state,
            reason=note,
            documents=[{"attachment": a.pk, "sha256": a.sha256} for a in saved],
        )
    return dossier


def dossier_withdraw_online(*, applicant: Any, dossier: Dossier, reason: str, at: dt.datetime | None = None) -> Dossier:
    """The applicant withdraws their own dossier before the result (→ 7), with an acknowledgement."""
    from .exceptions import _end

    now = at or timezone.now()
    if not reason.strip():
        raise DossierError(_("Say why you withdraw the dossier."), field="reason")
    with transaction.atomic():
        dossier = dossier_lock(dossier)
        _own(applicant, dossier)
        if dossier.state not in WITHDRAWABLE:
            raise ActionNotAllowed(_("A dossier can be withdrawn only before its result is ready."))
        before = dossier.state
        _end(dossier, State.WITHDRAWN, now)
        form = form_issue(
            key="withdrawal", dossier=dossier, actor=None, at=now, extra={"request_text": reason, "online": True}
        )
        history_append(
            dossier,
            action="withdraw",
            actor=applicant,
            at=now,
            from_state=before,
            reason=reason,
            documents=[{"form": form.pk, "key": "withdrawal"}],
            data={"by": "applicant"},
        )
    return dossier
