"""What motcua holds about an applicant, and who looked at it (documents-and-codes.md §9)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.audit.models import PersonalDataAccess
from motcua.dossiers.models import Dossier, StoreItem
from motcua.feedback.models import Feedback
from motcua.org.choices import Role

from .models import DataSubjectRequest, RequestState

DOSSIER_FIELDS = (
    "code", "state", "channel", "applicant_kind", "applicant_name", "organisation_name", "id_type",
    "id_number", "birth_date", "phone", "email", "address", "subject", "return_method", "return_address",
    "submitted_at", "received_at", "legal_due_date", "form_data",
)  # fmt: skip


def own_dossiers(user: Any) -> QuerySet[Dossier]:
    return Dossier.objects.filter(applicant=user)


def accesses_to_my_dossiers(user: Any, limit: int = 200) -> list[dict[str, Any]]:
    """Who viewed the applicant's dossiers and feedback: when, in which role, which record and why (newest
    first). Ids are matched within their kind: a feedback's id may equal another person's dossier id."""
    subject = PersonalDataAccess.Subject
    dossiers = dict(own_dossiers(user).values_list("pk", "code"))
    feedback = dict(Feedback.objects.filter(sender_user=user).values_list("pk", "code"))
    codes: dict[str, dict[int, Any]] = {subject.DOSSIER: dossiers, subject.FEEDBACK: feedback}
    rows = (
        PersonalDataAccess.objects.filter(
            Q(subject=subject.DOSSIER, dossier_id__in=list(dossiers))
            | Q(subject=subject.FEEDBACK, dossier_id__in=list(feedback))
        )
        .select_related("user")
        .order_by("-at")[:limit]
    )
    roles = dict(Role.choices)
    return [
        {
            "at": row.at,
            "dossier": codes.get(row.subject, {}).get(row.dossier_id) or row.dossier_code,
            "who": (row.user.full_name or row.user.username) if row.user else "",
            "role": str(roles.get(row.role, row.role)),
            "purpose": row.purpose,
        }
        for row in rows
    ]


def my_requests(user: Any) -> QuerySet[DataSubjectRequest]:
    return DataSubjectRequest.objects.filter(user=user).order_by("-received_at")


def data_export(user: Any) -> dict[str, Any]:
    """Everything motcua holds about the signed-in applicant, as one JSON document (right of access)."""
    profile = getattr(user, "citizen_profile", None)
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.username,
            "full_name": user.full_name,
            "email": user.email,
            "phone": user.phone,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "profile": None
        if profile is None
        else {
            "kind": profile.kind,
            "organisation_name": profile.organisation_name,
            "id_type": profile.id_type,
            "id_number": profile.id_number,
            "birth_date": profile.birth_date.isoformat() if profile.birth_date else None,
            "address": profile.address,
            "identity_verified": profile.identity_verified,
            "language": profile.language,
        },
        "dossiers": [
            {key: (value.isoformat() if hasattr(value, "isoformat") else value) for key, value in row.items()}
            for row in own_dossiers(user).order_by("pk").values(*DOSSIER_FIELDS)
        ],
        "data_store": [
            {
                "title": item.title,
                "kind": item.kind,
                "issuer": item.issuer,
                "number": item.number,
                "file": item.original_name,
                "sha256": item.sha256,
                "created_at": item.created_at.isoformat(),
            }
            for item in StoreItem.objects.filter(owner=user, deleted_at__isnull=True).order_by("pk")
        ],
        "feedback": [
            {"code": f.code, "subject": f.subject, "content": f.content, "state": f.state}
            for f in Feedback.objects.filter(sender_user=user).order_by("pk")
        ],
        "data_requests": [
            {"code": r.code, "kind": r.kind, "state": r.state, "details": r.details, "answer": r.answer}
            for r in my_requests(user)
        ],
        "who_viewed_my_dossiers": [
            {**row, "at": row["at"].isoformat()} for row in accesses_to_my_dossiers(user, limit=10_000)
        ],
    }


def open_requests() -> QuerySet[DataSubjectRequest]:
    return DataSubjectRequest.objects.filter(state=RequestState.OPEN).select_related("user").order_by("due_at")


def request_figures(start: Any, end: Any) -> dict[str, int]:
    """Received, answered on time, answered late, and open past the due date, for [start, end)."""
    now = timezone.now()
    received = DataSubjectRequest.objects.filter(received_at__gte=start, received_at__lt=end)
    answered = [r for r in received.exclude(state=RequestState.OPEN).only("answered_at", "due_at")]
    return {
        "received": received.count(),
        "on_time": sum(1 for r in answered if r.answered_at and r.answered_at <= r.due_at),
        "late": sum(1 for r in answered if r.answered_at and r.answered_at > r.due_at),
        "overdue": DataSubjectRequest.objects.filter(state=RequestState.OPEN, due_at__lt=now).count(),
    }
