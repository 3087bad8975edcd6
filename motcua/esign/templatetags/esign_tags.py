"""Panels this app adds to pages owned by other apps (staff dossier page, citizen dossier page)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string

from ..forms import RevokeForm
from ..render import verify_url
from ..selectors import can_revoke, dossier_results

register = template.Library()


def _user(context: Any) -> Any:
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def esign_staff_panel(context: Any, dossier: Any) -> str:
    """Signed results of the dossier: code, number, hash prefix, signer, time, download, revoke."""
    results = list(dossier_results(dossier))
    if not results:
        return ""
    user = _user(context)
    rows = [
        {"doc": r, "can_revoke": can_revoke(user, r), "verify_url": verify_url(r.code, dossier.code)} for r in results
    ]
    return render_to_string(
        "esign/staff_panel.html",
        {"dossier": dossier, "rows": rows, "form": RevokeForm()},
        request=context.get("request"),
    )


@register.simple_tag(takes_context=True)
def esign_citizen_panel(context: Any, dossier: Any) -> str:
    """The applicant's signed result: download, "check authenticity", and where it is kept."""
    if dossier.state not in ("done", "returned"):
        return ""
    results = list(dossier_results(dossier).filter(attachment__isnull=False))
    if not results:
        return ""
    rows = [{"doc": r, "verify_url": verify_url(r.code, dossier.code)} for r in results]
    return render_to_string(
        "esign/citizen_panel.html", {"dossier": dossier, "rows": rows}, request=context.get("request")
    )
