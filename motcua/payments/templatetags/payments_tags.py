"""Panels this app adds to pages owned by other apps (staff dossier page, citizen dossier page)."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def payments_staff_panel(context: dict[str, Any], dossier: Any) -> str:
    from ..views_staff_panels import staff_panel

    return staff_panel(context, dossier)


@register.simple_tag(takes_context=True)
def payments_citizen_panel(context: dict[str, Any], dossier: Any) -> str:
    from ..views_citizen_panel import citizen_panel

    return citizen_panel(context, dossier)


@register.simple_tag(takes_context=True)
def payments_lookup_panel(context: dict[str, Any], dossier: Any) -> str:
    from ..views_staff_panels import lookup_panel

    return lookup_panel(context, dossier)
