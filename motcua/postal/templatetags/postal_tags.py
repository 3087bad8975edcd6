"""Panels this app adds to pages owned by other apps (staff dossier page, citizen dossier page,
lookup with the second factor), and the money filter of the postal pages."""

from typing import Any

from django import template
from django.template.loader import render_to_string

from motcua.dossiers.models import Dossier

from ..choices import DeliveryStatus
from ..selectors import dossier_orders

register = template.Library()


@register.filter
def vnd(value: Any) -> str:
    """1234000 → '1.234.000 đ'."""
    try:
        return f"{int(value):,}".replace(",", ".") + " đ"
    except (TypeError, ValueError):
        return ""


@register.filter
def delivery_label(status: str) -> str:
    """The label of a delivery event's status (the operator may send one we do not know)."""
    return str(dict(DeliveryStatus.choices).get(status, status))


@register.simple_tag(takes_context=True)
def postal_staff_panel(context: dict[str, Any], dossier: Any) -> str:
    """Staff dossier page: the postal order, tracking numbers, hand-over records, delivery events."""
    if not isinstance(dossier, Dossier) or (dossier.channel != "postal" and dossier.return_method != "post"):
        return ""
    orders = dossier_orders(dossier)
    if not orders:
        return ""
    return render_to_string("postal/partials/staff_panel.html", {"dossier": dossier, "orders": orders})


@register.simple_tag(takes_context=True)
def postal_citizen_panel(context: dict[str, Any], dossier: Any) -> str:
    """The applicant's own dossier page: the order's status, tracking numbers, delivery events."""
    if not isinstance(dossier, Dossier) or not dossier.pk:
        return ""
    orders = dossier_orders(dossier)
    if not orders:
        return ""
    return render_to_string("postal/partials/citizen_panel.html", {"dossier": dossier, "orders": orders})


@register.simple_tag(takes_context=True)
def postal_lookup_panel(context: dict[str, Any], dossier: Any) -> str:
    """Public lookup after the second factor (services.md §7): pickup details only."""
    code = dossier.code if isinstance(dossier, Dossier) else str(dossier or "")
    if not code:
        return ""
    found = Dossier.objects.filter(code=code).first()
    orders = dossier_orders(found) if found else []
    if not orders:
        return ""
    return render_to_string("postal/partials/lookup_panel.html", {"orders": orders})
