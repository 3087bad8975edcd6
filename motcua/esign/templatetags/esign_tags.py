"""Panels this app adds to pages owned by other apps (staff dossier page, citizen dossier page)."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def esign_staff_panel(context: dict[str, Any], dossier: Any) -> str:
    return ""


@register.simple_tag(takes_context=True)
def esign_citizen_panel(context: dict[str, Any], dossier: Any) -> str:
    return ""
