"""Staff second factor (TOTP, RFC 6238) on top of django-otp.

Staff roles hold citizens' personal data, so a password alone does not open the back office when
``MOTCUA_STAFF_2FA`` is on (always in production): after the password, a staff member types the
6-digit code of an authenticator app, or enrols one on first sign-in. Ten one-time backup codes are
shown once at enrolment for a lost phone; an administrator can reset a staff member's devices.
django-otp throttles wrong codes per device (exponential back-off); each success, failure, enrolment
and reset is an audit event on the user's chain.
"""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.audit.services import audit_record

from . import selectors
from .models import User

BACKUP_CODES = 10
SESSION_FLAG = "motcua_2fa_needed"


def required() -> bool:
    return bool(getattr(settings, "MOTCUA_STAFF_2FA", False))


def needed_for(request: HttpRequest) -> bool:
    """Whether this signed-in user must pass the second factor (cached in the session per user)."""
    user = request.user
    if not required() or not user.is_authenticated:
        return False
    cached = request.session.get(SESSION_FLAG)
    if isinstance(cached, list) and cached[0] == user.pk:
        return bool(cached[1])
    needed = selectors.is_staff_member(user) or user.is_staff
    request.session[SESSION_FLAG] = [user.pk, needed]
    return needed


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled (one per user; a new key each time enrolment restarts)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def provisioning_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR (segno; nothing leaves the server)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")


def _audit(user: User, kind: str, request: HttpRequest, **data: Any) -> None:
    audit_record(
        chain=f"user:{user.pk}",
        kind=kind,
        object_type="user",
        object_id=user.pk,
        actor=user,
        data={**data, "ip": request.META.get("REMOTE_ADDR", "")},
    )


def _normalise(token: str) -> str:
    return "".join(ch for ch in (token or "") if ch.isalnum())[:16]


def verify(request: HttpRequest, user: User, token: str) -> bool:
    """Check a TOTP or backup code of `user`; on success mark the session verified."""
    token = _normalise(token)
    for device in devices_for_user(user, confirmed=True):
        allowed, _info = device.verify_is_allowed()
        if allowed and device.verify_token(token):
            otp_login(request, device)
            _audit(user, "auth.second_factor_passed", request, device=device.__class__.__name__)
            return True
    _audit(user, "auth.second_factor_failed", request)
    return False


def throttled(user: User) -> bool:
    """True while every confirmed device of `user` refuses codes after repeated failures."""
    devices = list(devices_for_user(user, confirmed=True))
    return bool(devices) and all(not d.verify_is_allowed()[0] for d in devices)


@transaction.atomic
def enrol(request: HttpRequest, user: User, token: str) -> list[str] | None:
    """Confirm the pending device with its first code; returns the new backup codes, or None."""
    device = pending_device(user)
    if not device.verify_token(_normalise(token)):
        _audit(user, "auth.second_factor_enrol_failed", request)
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = backup_codes_renew(user)
    otp_login(request, device)
    _audit(user, "auth.second_factor_enrolled", request)
    return codes


def backup_codes_renew(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


@transaction.atomic
def reset(*, actor: User, user: User, request: HttpRequest) -> int:
    """Remove every device of `user` (a lost phone): they enrol again at their next sign-in."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    audit_record(
        chain=f"user:{user.pk}",
        kind="auth.second_factor_reset",
        object_type="user",
        object_id=user.pk,
        actor=actor,
        data={"ip": request.META.get("REMOTE_ADDR", ""), "removed": removed},
    )
    return removed
