"""Reads for the applicant's own pages (citizen portal): their dossiers, one dossier, their data store.

Everything is scoped to the signed-in user as the dossier's applicant account (or the store item's
owner): another person's dossier, draft or file is the same 404 as a missing one (architecture.md,
'a forbidden object returns the same 404'). What staff keep for themselves stays out here too:
proposals not yet issued, internal forms (control sheet, register, transfer slips) and the history
rows of internal steps.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from motcua.feedback.models import Rating, RatingSource

from .choices import State
from .models import Attachment, Dossier, DossierComponent, FormDocument, HistoryEntry, StoreItem, SupplementRequest

# History rows the applicant is shown (the others are the agencies' internal steps).
APPLICANT_ACTIONS = frozenset(
    {
        "submit",
        "resubmit",
        "return_for_completion",
        "refuse_intake",
        "receive",
        "forward",
        "request_supplement",
        "supplement_answer",
        "complete_supplement",
        "request_obligation",
        "obligation_met",
        "reschedule",
        "stop",
        "withdraw",
        "finish",
        "return_result",
        "transfer_succession",
        "calendar_recompute",
        "payment_confirmed",
    }
)
# Rows whose reason is addressed to the applicant (or written by them); other reasons are internal notes.
APPLICANT_REASONS = frozenset(
    {
        "return_for_completion",
        "refuse_intake",
        "request_supplement",
        "reschedule",
        "stop",
        "resubmit",
        "supplement_answer",
        "withdraw",
    }
)
# Forms addressed to the applicant; transfer slips, the control sheet and the register are the agencies'.
APPLICANT_FORMS = ("receipt", "supplement_request", "intake_refusal", "apology", "stop_notice", "withdrawal")
# Files of their dossier the applicant may download: what they sent, the desk's scans of it, the result.
APPLICANT_FILE_KINDS = ("upload", "supplement", "scan", "result")


def _anonymous(user: Any) -> bool:
    return not getattr(user, "is_authenticated", False)


def own_dossiers(user: Any) -> QuerySet[Dossier]:
    """The user's dossiers for the 'my dossiers' list: drafts first, then newest first, in one query
    (related names joined, `rated` annotated), so the page costs the same whatever the count."""
    if _anonymous(user):
        return Dossier.objects.none()
    rated = Rating.objects.filter(dossier=OuterRef("pk"), source=RatingSource.ONLINE)
    return (
        Dossier.objects.filter(applicant=user)
        .select_related("procedure_version__procedure", "desk")
        .annotate(
            draft_first=Case(When(state=State.DRAFT, then=Value(0)), default=Value(1), output_field=IntegerField()),
            rated=Exists(rated),
        )
        .order_by("draft_first", "-created_at", "-id")
    )


def own_dossier_get(user: Any, pk: int) -> Dossier:
    """One of the user's dossiers with what its page shows prefetched; 404 if it is not theirs."""
    if _anonymous(user):
        raise Http404
    components = (
        DossierComponent.objects.select_related("store_item")
        .order_by("order", "id")
        .prefetch_related(
            Prefetch("scans", queryset=Attachment.objects.filter(kind__in=APPLICANT_FILE_KINDS).order_by("id"))
        )
    )
    dossier = (
        Dossier.objects.filter(applicant=user, pk=pk)
        .select_related("procedure_version__procedure", "desk", "receiving_agency", "competent_agency")
        .prefetch_related(
            Prefetch("components", queryset=components),
            Prefetch("history", queryset=HistoryEntry.objects.filter(action__in=APPLICANT_ACTIONS).order_by("seq")),
            Prefetch("supplements", queryset=SupplementRequest.objects.exclude(phase="proposed").order_by("id")),
            Prefetch(
                "forms", queryset=FormDocument.objects.filter(key__in=APPLICANT_FORMS).order_by("created_at", "id")
            ),
        )
        .first()
    )
    if dossier is None:
        raise Http404
    return dossier


def own_attachment_get(user: Any, dossier: Dossier, attachment_id: int) -> Attachment:
    """A file of the user's own dossier that is theirs to download (never another kind, e.g. a proxy letter)."""
    found = dossier.attachments.filter(pk=attachment_id, kind__in=APPLICANT_FILE_KINDS).first()
    if found is None or dossier.applicant_id != getattr(user, "pk", None):
        raise Http404
    return found


def own_form_get(user: Any, dossier: Dossier, form_id: int) -> FormDocument:
    found = dossier.forms.filter(pk=form_id, key__in=APPLICANT_FORMS).first()
    if found is None or dossier.applicant_id != getattr(user, "pk", None):
        raise Http404
    return found


def own_store_items(user: Any) -> QuerySet[StoreItem]:
    """The documents in the user's data store (deleted uploads excluded), newest first."""
    if _anonymous(user):
        return StoreItem.objects.none()
    return StoreItem.objects.filter(owner=user, deleted_at__isnull=True).order_by("-created_at", "-id")


def own_store_item_get(user: Any, item_id: int, *, for_download: bool = False) -> StoreItem:
    """One store item of the user. A deleted upload stays downloadable while one of their dossiers
    cites it (the dossier page links to it); otherwise it is gone for them too."""
    if _anonymous(user):
        raise Http404
    items = StoreItem.objects.filter(owner=user, pk=item_id)
    if for_download:
        items = items.filter(Q(deleted_at__isnull=True) | Q(reuses__dossier__applicant=user)).distinct()
    else:
        items = items.filter(deleted_at__isnull=True)
    item = items.first()
    if item is None:
        raise Http404
    return item


def own_rating(user: Any, dossier: Dossier) -> Rating | None:
    """The online rating of the user's dossier, if they gave one."""
    if _anonymous(user) or dossier.applicant_id != user.pk:
        return None
    return Rating.objects.filter(dossier=dossier, source=RatingSource.ONLINE).first()


def own_drafts_of(user: Any, version_id: int) -> QuerySet[Dossier]:
    """The user's unfinished drafts of one procedure version (the start page offers to continue one)."""
    if _anonymous(user):
        return Dossier.objects.none()
    return Dossier.objects.filter(applicant=user, procedure_version_id=version_id, state=State.DRAFT).order_by(
        "-created_at"
    )
