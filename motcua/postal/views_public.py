"""The applicant's side: order a pickup for a procedure, then see the order's code and what to prepare.

Open to anonymous visitors (name and phone are enough) and to signed-in citizens; postal staff use
the same page to place an order at the postal point for their operator.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import version_in_force
from motcua.dossiers.errors import DossierError

from .conf import default_operator, postal_setting
from .forms import OrderForm
from .models import PostalOrder
from .selectors import is_postal_staff, operator_of
from .services import OrderInput, postal_desks, postal_order_create

SESSION_KEY = "postal_orders"


def _version(code: str) -> ProcedureVersion:
    version = version_in_force(code=code, on=timezone.localdate())
    if version is None or not version.accepts_postal_intake:
        raise Http404
    return version


def _initial(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    profile = getattr(user, "citizen_profile", None) if user.is_authenticated else None
    if profile is None:
        return {}
    return {
        "applicant_name": getattr(user, "full_name", ""),
        "phone": getattr(user, "phone", ""),
        "email": getattr(user, "email", ""),
        "id_number": profile.id_number,
        "pickup_address": profile.address,
        "return_address": profile.address,
    }


def order_start(request: HttpRequest, code: str) -> HttpResponse:
    version = _version(code)
    desks = postal_desks(version)
    if not desks:
        raise Http404
    staff = is_postal_staff(request.user)
    form = OrderForm(request.POST or None, desks=desks, version=version, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        profile = getattr(request.user, "citizen_profile", None) if request.user.is_authenticated else None
        order_input = OrderInput(
            desk=data["desk"],
            version=version,
            kind=data["kind"],
            applicant_name=data["applicant_name"],
            phone=data["phone"],
            email=data["email"],
            id_number=data["id_number"],
            pickup_address=data["pickup_address"],
            return_address=data.get("return_address") or "",
            note=data["note"],
            applicant_kind=getattr(profile, "kind", "person"),
        )
        try:
            operator = operator_of(request.user) if staff else default_operator()
            assert operator is not None
            order = postal_order_create(
                actor=request.user if request.user.is_authenticated else None,
                operator=operator,
                data=order_input,
                applicant=request.user if profile is not None else None,
            )
        except DossierError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-19:], order.code]
            return redirect("postal:order_done", code=order.code)
    context = {
        "version": version,
        "form": form,
        "components": version.components.order_by("order"),
        "fees": version.fees.order_by("order"),
        "subsidy": postal_setting("POSTAGE_SUBSIDY"),
        "staff": staff,
    }
    return render(request, "postal/order_start.html", context)


def order_done(request: HttpRequest, code: str) -> HttpResponse:
    """Only the browser that placed the order (or its applicant's account, or its operator's staff)."""
    rows = PostalOrder.objects.select_related("procedure_version__procedure", "desk", "operator")
    order = rows.filter(code=code).first()
    if order is None:
        raise Http404
    mine = code in request.session.get(SESSION_KEY, [])
    own = request.user.is_authenticated and order.applicant_id == request.user.pk
    operator = operator_of(request.user) if is_postal_staff(request.user) else None
    if not (mine or own or (operator is not None and operator.pk == order.operator_id)):
        raise Http404
    context = {
        "order": order,
        "components": order.procedure_version.components.order_by("order"),
        "fees": order.procedure_version.fees.order_by("order"),
    }
    return render(request, "postal/order_done.html", context)
