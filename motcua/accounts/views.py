"""Citizen account pages under /tai-khoan/: register, sign in and out, reset the password, the profile.

Thin: forms check the shape, services apply the rules. Pages that show personal data are never cached.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, LoginView, PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from motcua.core.http import AuthenticatedHttpRequest
from motcua.dossiers.choices import ApplicantKind
from motcua.org.models import User

from . import selectors, services
from .forms import CitizenLoginForm, PasswordResetRequestForm, ProfileForm, RegisterForm
from .models import AuthMethod, CitizenProfile
from .oidc import citizen_home_url, oidc_enabled, provider_name

BUSINESS = "to-chuc"  # ?loai=to-chuc opens the business registration


def login_context(request: HttpRequest, *, initial: dict[str, Any] | None = None) -> dict[str, Any]:
    """The sign-in page's context; the lockout answer renders the same page."""
    return {
        "form": CitizenLoginForm(request, initial=initial or {}),
        "next": request.POST.get("next") or request.GET.get("next", ""),
        **_oidc_context(),
    }


def _oidc_context() -> dict[str, Any]:
    return {"oidc_enabled": oidc_enabled(), "oidc_provider": provider_name()}


class CitizenLoginView(LoginView):
    """Sign-in by e-mail or phone and password; staff who use it land on their own home page."""

    template_name = "accounts/login.html"
    authentication_form = CitizenLoginForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **_oidc_context()}

    def get_default_redirect_url(self) -> str:
        user = self.request.user
        return citizen_home_url() if selectors.is_citizen(user) else str(reverse_lazy("staff:home"))

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        services.citizen_record_sign_in(user=form.get_user(), method=AuthMethod.PASSWORD)
        return response


@sensitive_post_parameters("password", "password_confirm")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and selectors.is_citizen(request.user):
        return redirect("accounts:profile")
    business = request.GET.get("loai") == BUSINESS or request.POST.get("kind") == ApplicantKind.ORGANISATION
    kind = ApplicantKind.ORGANISATION if business else ApplicantKind.PERSON
    form = RegisterForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.citizen_register(
                kind=kind,
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                password=data["password"],
                id_type=data["id_type"],
                id_number=data["id_number"],
                birth_date=data.get("birth_date"),
                organisation_name=data.get("organisation_name", ""),
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            auth_login(request, user, backend="motcua.accounts.backends.IdentifierBackend")
            messages.success(request, _("Your account is ready and you are signed in."))
            return redirect(citizen_home_url())
    status = 400 if form.errors else 200
    return render(request, "accounts/register.html", {"form": form, "business": business}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    """Ask for a reset link; the answer is the same page whether or not the account exists."""
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_reset_request(
            identifier=form.cleaned_data["identifier"], base_url=settings.MOTCUA["PUBLIC_BASE_URL"]
        )
        return redirect("accounts:password_reset_sent")
    return render(request, "accounts/password_reset.html", {"form": form}, status=400 if form.errors else 200)


def password_reset_sent(request: HttpRequest) -> HttpResponse:
    hours = max(settings.PASSWORD_RESET_TIMEOUT // 3600, 1)
    return render(request, "accounts/password_reset_sent.html", {"hours": hours})


class CitizenPasswordResetConfirmView(PasswordResetConfirmView):
    """Django's token check (the token leaves the URL for the session before the form shows)."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")

    def get_user(self, uidb64: str) -> Any:
        user = super().get_user(uidb64)
        return user if user is not None and CitizenProfile.objects.filter(user=user).exists() else None

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            services.password_reset_complete(user=self.user, password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, _("Your new password is set. Sign in with it now."))
        return HttpResponseRedirect(self.get_success_url())


def _profile_of(user: User) -> CitizenProfile | None:
    return CitizenProfile.objects.filter(user=user).first()


@never_cache
@login_required(login_url="accounts:login")
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    account = _profile_of(request.user)
    if account is None:
        return redirect("staff:home")
    return render(request, "accounts/profile.html", {"profile": account, "account": request.user})


@never_cache
@login_required(login_url="accounts:login")
@require_http_methods(["GET", "HEAD", "POST"])
def profile_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    account = _profile_of(request.user)
    if account is None:
        return redirect("staff:home")
    user = request.user
    initial = {
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "organisation_name": account.organisation_name,
        "id_type": account.id_type,
        "id_number": account.id_number,
        "birth_date": account.birth_date,
        "address": account.address,
    }
    form = ProfileForm(request.POST or None, initial=initial, kind=account.kind)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.citizen_profile_update(
                user=user,
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                address=data["address"],
                id_type=data["id_type"],
                id_number=data["id_number"],
                birth_date=data.get("birth_date"),
                organisation_name=data.get("organisation_name", ""),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your details are saved."))
            return redirect("accounts:profile")
    context = {"form": form, "profile": account}
    return render(request, "accounts/profile_edit.html", context, status=400 if form.errors else 200)
