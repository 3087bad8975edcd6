"""Small display helpers for the staff dossier screens: money, masked IDs, badges, queue counts."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """Vietnamese đồng with dot thousands ("1.000.000 đ"); "Free" for 0; "" when unknown."""
    if amount is None:
        return ""
    if amount == 0:
        return _("Free")
    return f"{amount:,} đ".replace(",", ".")


@register.filter
def masked(number: str | None) -> str:
    """`********1234`: lists never show a whole ID number (documents-and-codes.md §8)."""
    number = number or ""
    return "*" * max(len(number) - 4, 0) + number[-4:]


@register.filter
def capped(count: int) -> str:
    """Counts are taken over at most 100 rows; anything beyond 99 reads "99+"."""
    return "99+" if count > 99 else str(count)


@register.inclusion_tag("dossiers/partials/home_queues.html", takes_context=True)
def work_queues(context: dict[str, Any]) -> dict[str, Any]:
    """The staff home's work-queue summary (capped counts), for the signed-in user."""
    from ..views.queues import queue_tabs

    request = context.get("request")
    user = getattr(request, "user", None)
    return {"tabs": queue_tabs(user, counts=True) if user is not None else [], "request": request}


@register.simple_tag(takes_context=True)
def staff_roles(context: dict[str, Any]) -> set[str]:
    """Roles the signed-in user holds now (cached on the user for the request)."""
    from ..policy import assignments

    user = getattr(context.get("request"), "user", None)
    return {ra.role for ra in assignments(user)} if user is not None else set()
