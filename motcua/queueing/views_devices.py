"""Staff pages around the floor: binding this browser as a kiosk, board or rating tablet (and
revoking devices), and keying in paper rating forms."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from motcua.core.http import AuthenticatedHttpRequest
from motcua.dossiers.errors import DossierError
from motcua.dossiers.selectors import dossier_get_for
from motcua.dossiers.views.common import require_staff
from motcua.feedback.models import Criterion, Score
from motcua.feedback.services import rating_submit_paper
from motcua.org.models import Counter, Desk

from .access import COOKIE_AGE, COOKIES, managed_desk_ids
from .choices import DeviceKind
from .models import FloorDevice
from .services import device_bind, device_revoke
from .services.devices import device_token


def _desks(request: AuthenticatedHttpRequest) -> list[Desk]:
    require_staff(request)
    ids = managed_desk_ids(request.user)
    qs = Desk.objects.filter(is_active=True).order_by("kind", "name")
    desks = list(qs if ids is None else qs.filter(pk__in=ids))
    if not desks:
        raise Http404
    return desks


def _chosen(request: AuthenticatedHttpRequest, desks: list[Desk]) -> Desk:
    wanted = request.POST.get("desk") or request.GET.get("desk") or ""
    return next((d for d in desks if str(d.pk) == wanted), desks[0])


def _floor_url(device: FloorDevice) -> str:
    if device.kind == DeviceKind.KIOSK:
        return reverse("queue_public:kiosk", args=[device.desk.code])
    if device.kind == DeviceKind.BOARD:
        return reverse("queue_public:board", args=[device.desk.code])
    assert device.counter is not None
    return reverse("queue_public:tablet", args=[device.desk.code, device.counter.number])


@login_required
@require_http_methods(["GET", "POST"])
def devices(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Bind this browser: the device row is created and its signed cookie set, then the screen opens."""
    desks = _desks(request)
    desk = _chosen(request, desks)
    if request.method == "POST":
        counter = Counter.objects.filter(desk=desk, pk=request.POST.get("counter") or 0).first()
        try:
            device = device_bind(
                actor=request.user,
                kind=request.POST.get("kind", ""),
                desk=desk,
                counter=counter,
                name=request.POST.get("name", ""),
            )
        except DossierError as exc:
            messages.error(request, str(exc.message))
            return redirect(f"{reverse('queue_staff:devices')}?desk={desk.pk}")
        response = redirect(_floor_url(device))
        response.set_cookie(
            COOKIES[device.kind],
            device_token(device),
            max_age=COOKIE_AGE,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
        return response
    context = {
        "desks": desks,
        "desk": desk,
        "kinds": DeviceKind.choices,
        "counters": Counter.objects.filter(desk=desk, is_active=True).order_by("number"),
        "devices": FloorDevice.objects.filter(desk=desk)
        .select_related("counter", "created_by")
        .order_by("-created_at"),
    }
    return render(request, "queueing/staff/devices.html", context)


@login_required
@require_POST
def device_revoke_view(request: AuthenticatedHttpRequest, device_id: int) -> HttpResponse:
    desks = _desks(request)
    device = FloorDevice.objects.filter(pk=device_id, desk__in=desks).select_related("desk").first()
    if device is None:
        raise Http404
    device_revoke(actor=request.user, device=device)
    messages.success(request, _("The device is revoked: its screen now asks staff to set it up again."))
    return redirect(f"{reverse('queue_staff:devices')}?desk={device.desk_id}")


class PaperRatingForm(forms.Form):
    dossier_code = forms.CharField(
        label=gettext_lazy("Dossier code (if written on the form)"), max_length=40, required=False
    )
    counter = forms.ModelChoiceField(queryset=Counter.objects.none(), required=False, label=gettext_lazy("Counter"))
    score = forms.ChoiceField(choices=Score.choices, widget=forms.RadioSelect, label=gettext_lazy("Rating"))
    criteria = forms.MultipleChoiceField(
        choices=Criterion.choices, widget=forms.CheckboxSelectMultiple, required=False, label=gettext_lazy("Criteria")
    )
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=gettext_lazy("Comment"))
    rated_on = forms.DateField(
        required=False, label=gettext_lazy("Date on the form"), widget=forms.DateInput(attrs={"type": "date"})
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_rating(request: AuthenticatedHttpRequest) -> HttpResponse:
    desks = _desks(request)
    desk = _chosen(request, desks)
    form = PaperRatingForm(request.POST or None)
    form.fields["counter"].queryset = Counter.objects.filter(desk=desk, is_active=True)  # type: ignore[attr-defined]
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                dossier = (
                    dossier_get_for(user=request.user, code=data["dossier_code"]) if data["dossier_code"] else None
                )
                rating_submit_paper(
                    actor=request.user,
                    agency=dossier.receiving_agency if dossier else desk.agency,
                    score=data["score"],
                    criteria=data["criteria"],
                    comment=data["comment"],
                    dossier=dossier,
                    counter=data["counter"],
                    rated_on=data["rated_on"],
                )
            except Http404:
                form.add_error("dossier_code", _("No dossier with this code in your scope."))
            except DossierError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            else:
                messages.success(request, _("The paper rating is recorded."))
                return redirect(f"{reverse('queue_staff:paper_rating')}?desk={desk.pk}")
        status = 400
    return render(
        request, "queueing/staff/paper_rating.html", {"desks": desks, "desk": desk, "form": form}, status=status
    )
