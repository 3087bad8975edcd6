"""Output pieces of online dossiers shared by the staff detail and the applicant's own API: reused
store documents, the submission record (never the IP) and the requests to complete or supplement."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from motcua.api.serializers import OutputSerializer
from motcua.dossiers.choices import Channel
from motcua.dossiers.models import Dossier, StoreItem, SupplementRequest


class DossierStoreItem(OutputSerializer):
    """A document reused from the applicant's personal data store (a reference, not a copy)."""

    name = serializers.CharField(source="original_name")

    class Meta:
        model = StoreItem
        fields = ["id", "kind", "title", "issuer", "number", "issued_on", "name", "content_type", "size", "sha256"]


class DossierSubmission(serializers.Serializer):
    """The latest online submission: when, how the applicant signed in, whether the identity is vouched for."""

    at = serializers.DateTimeField(help_text="Submission time of the current version (the clock counts from it).")
    first_at = serializers.DateTimeField(help_text="First submission, before any return for completion.")
    auth_method = serializers.CharField(help_text="`password` or `oidc`.")
    identity_verified = serializers.BooleanField(help_text="The identity provider vouched for the person (VNeID).")
    count = serializers.IntegerField(help_text="Number of submissions (1 + resubmissions).")


def submission_data(dossier: Dossier) -> dict[str, Any] | None:
    submits = (dossier.submission or {}).get("submits") or []
    if dossier.channel != Channel.ONLINE or not submits:
        return None
    last = submits[-1]
    value = {
        "at": dossier.submitted_at,
        "first_at": dossier.first_submitted_at or dossier.submitted_at,
        "auth_method": str(last.get("auth_method") or ""),
        "identity_verified": bool(last.get("identity_verified")),
        "count": len(submits),
    }
    return dict(DossierSubmission(value).data)


class DossierSupplementRequest(OutputSerializer):
    """A request to the applicant: `intake` = return for completion before acceptance, `processing` =
    supplement request (Mẫu 02) after it; with the applicant's answer once sent."""

    items = serializers.ListField(child=serializers.JSONField())

    class Meta:
        model = SupplementRequest
        fields = ["id", "stage", "phase", "items", "reason", "issued_at", "answer", "answered_at", "completed_at"]
