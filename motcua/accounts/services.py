"""Writes of citizen accounts: registration, profile changes, password reset, recorded sign-ins.

Each function checks its whole input first and raises one `ValidationError` keyed by field name
(the forms use the same names, so every message lands next to its field); nothing is written when
it fails. E-mail and phone are unique among citizen accounts: checked here for a clear message, and
held by the unique `email_key`/`phone_key` of the profile when two registrations race.
"""

from __future__ import annotations

import datetime as dt
import secrets

from axes.utils import reset as axes_reset
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from motcua.dossiers.choices import ApplicantKind, IdType
from motcua.dossiers.identity import id_check
from motcua.notifications.services import outbox_enqueue
from motcua.org.models import User

from . import selectors
from .identifiers import normalise_email, normalise_phone
from .models import CitizenProfile

# At most one reset message per account in this window: the outbox's unique event key drops the
# repeats, so pressing "send" ten times costs one SMS, and the link already sent stays valid.
RESET_WINDOW_SECONDS = 600

Errors = dict[str, list[str]]


def citizen_register(
    *,
    kind: str,
    full_name: str,
    email: str,
    phone: str,
    password: str,
    id_type: str,
    id_number: str,
    birth_date: dt.date | None = None,
    organisation_name: str = "",
    language: str = "vi",
) -> User:
    """A new citizen or business account with its profile; welcomes it through the outbox.

    A business account is identified by its enterprise code (`id_type="enterprise"`), a person's by
    a citizen ID, old ID card or passport. The username is generated: people sign in with the
    e-mail or phone they gave.
    """
    errors: Errors = {}
    full_name = full_name.strip()
    if not full_name:
        errors["full_name"] = [_("Enter your full name.")]
    email_key, phone_key = _check_contacts(errors, email=email, phone=phone, user_id=None)
    id_type, id_number, birth_date, organisation_name = _check_identity(
        errors,
        kind=kind,
        id_type=id_type,
        id_number=id_number,
        birth_date=birth_date,
        organisation_name=organisation_name,
        require_id=True,
        profile_id=None,
    )
    candidate = User(username="", full_name=full_name, email=email_key or "", phone=phone_key or "")
    if not password:
        errors["password"] = [_("Choose a password.")]
    else:
        try:
            password_validation.validate_password(password, user=candidate)
        except ValidationError as exc:
            errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            candidate.username = new_username()
            candidate.set_password(password)
            candidate.save()
            CitizenProfile.objects.create(
                user=candidate,
                kind=kind,
                organisation_name=organisation_name,
                id_type=id_type,
                id_number=id_number,
                birth_date=birth_date,
                language=language,
                email_key=email_key,
                phone_key=phone_key,
            )
            outbox_enqueue(
                event="account.registered",
                event_key=f"account.registered:{candidate.pk}",
                recipients=[contact_channel(candidate)],
                payload={"name": display_name(candidate), "language": language},
            )
    except IntegrityError:
        raise _lost_race(email=email, phone=phone, id_type=id_type, id_number=id_number, user_id=None) from None
    return candidate


def citizen_profile_update(
    *,
    user: User,
    full_name: str,
    email: str,
    phone: str,
    address: str = "",
    id_type: str,
    id_number: str,
    birth_date: dt.date | None = None,
    organisation_name: str = "",
) -> CitizenProfile:
    """Change the account's details; the kind (person or business) stays.

    Changing the name, the ID or the date of birth of an account the identity provider vouched for
    clears `identity_verified`: the provider vouched for the old values, not the new ones.
    """
    errors: Errors = {}
    full_name = full_name.strip()
    if not full_name:
        errors["full_name"] = [_("Enter your full name.")]
    with transaction.atomic():
        profile = CitizenProfile.objects.select_for_update().get(user=user)
        email_key, phone_key = _check_contacts(errors, email=email, phone=phone, user_id=user.pk)
        id_type, id_number, birth_date, organisation_name = _check_identity(
            errors,
            kind=profile.kind,
            id_type=id_type,
            id_number=id_number,
            birth_date=birth_date,
            organisation_name=organisation_name,
            require_id=False,
            profile_id=profile.pk,
        )
        if errors:
            raise ValidationError(errors)
        vouched = (user.full_name, profile.id_type, profile.id_number, profile.birth_date)
        if profile.identity_verified and vouched != (full_name, id_type, id_number, birth_date):
            profile.identity_verified = False
        user.full_name, user.email, user.phone = full_name, email_key or "", phone_key or ""
        profile.email_key, profile.phone_key = email_key, phone_key
        profile.id_type, profile.id_number, profile.birth_date = id_type, id_number, birth_date
        profile.organisation_name, profile.address = organisation_name, address.strip()
        try:
            with transaction.atomic():
                user.save(update_fields=["full_name", "email", "phone"])
                profile.save()
        except IntegrityError:
            raise _lost_race(email=email, phone=phone, id_type=id_type, id_number=id_number, user_id=user.pk) from None
    return profile


def password_reset_request(*, identifier: str, base_url: str) -> None:
    """Send a reset link to the citizen account with this e-mail or phone, if there is one.

    The link goes by e-mail, or by SMS when the account has no e-mail. The caller answers the same
    either way, so the page does not tell who has an account.
    """
    user = selectors.citizen_by_identifier(identifier)
    if user is None:
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = base_url.rstrip("/") + reverse("accounts:password_reset_confirm", args=[uid, token])
    window = int(timezone.now().timestamp()) // RESET_WINDOW_SECONDS
    with transaction.atomic():
        outbox_enqueue(
            event="account.password_reset",
            event_key=f"account.password_reset:{user.pk}:{window}",
            recipients=[contact_channel(user)],
            payload={"name": display_name(user), "link": link, "language": user.citizen_profile.language},
        )


def password_reset_complete(*, user: User, password: str) -> None:
    """Set the new password (the caller checked the reset token) and lift any sign-in lockout."""
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"new_password1": list(exc.messages)}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    for key in (user.email, user.phone):
        if key:
            axes_reset(username=key.lower())


def citizen_record_sign_in(*, user: User, method: str) -> None:
    """Remember how the citizen last signed in (a dossier submitted in this session carries it)."""
    CitizenProfile.objects.filter(user=user).exclude(auth_method=method).update(auth_method=method)


# Helpers shared with the OpenID Connect sign-in.


def new_username() -> str:
    """Citizens never see or type it; it only has to be unique and say nothing about the person."""
    return f"cd-{secrets.token_hex(8)}"


def display_name(user: User) -> str:
    profile = getattr(user, "citizen_profile", None)
    if profile is not None and profile.kind == ApplicantKind.ORGANISATION and profile.organisation_name:
        return profile.organisation_name
    return user.full_name or user.email or user.phone


def contact_channel(user: User) -> tuple[str, str]:
    """E-mail when the account has one, otherwise SMS to its phone."""
    return ("email", user.email) if user.email else ("sms", user.phone)


def contact_taken(*, email_key: str | None = None, phone_key: str | None = None, user_id: int | None) -> bool:
    """Another citizen account already signs in with this e-mail or phone."""
    others, profiles = selectors.citizen_users(), CitizenProfile.objects.all()
    if user_id is not None:
        others, profiles = others.exclude(pk=user_id), profiles.exclude(user_id=user_id)
    if email_key:
        return others.filter(email__iexact=email_key).exists() or profiles.filter(email_key=email_key).exists()
    if phone_key:
        return others.filter(phone=phone_key).exists() or profiles.filter(phone_key=phone_key).exists()
    return False


def id_taken(*, id_type: str, id_number: str, profile_id: int | None) -> bool:
    if not id_number:
        return False
    same = CitizenProfile.objects.filter(id_type=id_type, id_number=id_number)
    return (same if profile_id is None else same.exclude(pk=profile_id)).exists()


def _check_contacts(errors: Errors, *, email: str, phone: str, user_id: int | None) -> tuple[str | None, str | None]:
    email, phone = (email or "").strip(), (phone or "").strip()
    email_key = normalise_email(email) if email else None
    phone_key = normalise_phone(phone) if phone else None
    if not email and not phone:
        errors["email"] = [_("Give an e-mail address or a mobile phone number (at least one).")]
    if email and email_key is None:
        errors["email"] = [_("Enter a valid e-mail address, for example ten@example.vn.")]
    elif email_key and contact_taken(email_key=email_key, user_id=user_id):
        errors["email"] = [_("An account already uses this e-mail address. Sign in, or reset your password.")]
    if phone and phone_key is None:
        errors["phone"] = [_("Enter a mobile number of 10 digits starting with 0, for example 0912 345 678.")]
    elif phone_key and contact_taken(phone_key=phone_key, user_id=user_id):
        errors["phone"] = [_("An account already uses this phone number. Sign in, or reset your password.")]
    return email_key, phone_key


def _check_identity(
    errors: Errors,
    *,
    kind: str,
    id_type: str,
    id_number: str,
    birth_date: dt.date | None,
    organisation_name: str,
    require_id: bool,
    profile_id: int | None,
) -> tuple[str, str, dt.date | None, str]:
    """The cleaned (id_type, id_number, birth_date, organisation_name); problems go into `errors`."""
    id_number = (id_number or "").strip().upper()
    organisation_name = (organisation_name or "").strip()
    if kind == ApplicantKind.ORGANISATION:
        birth_date = None
        if not organisation_name:
            errors["organisation_name"] = [_("Enter the name of the business or organisation.")]
        if id_type != IdType.ENTERPRISE:
            errors["id_type"] = [_("A business account is identified by its enterprise code.")]
    elif kind == ApplicantKind.PERSON:
        organisation_name = ""
        if id_type not in (IdType.CCCD, IdType.CMND, IdType.PASSPORT):
            errors["id_type"] = [_("Choose a citizen ID card, an old ID card or a passport.")]
    else:
        errors["kind"] = [_("Choose whether the account is for a person or a business.")]
    if birth_date and birth_date > timezone.localdate():
        errors["birth_date"] = [_("The date of birth cannot be in the future.")]
    if not id_number:
        if require_id:
            errors["id_number"] = [_("Enter the number of your identity document.")]
    elif "id_type" not in errors and "kind" not in errors:
        check = id_check(id_type, id_number, birth_date=birth_date)
        if check.errors:
            errors["id_number"] = list(check.errors)
        elif id_taken(id_type=id_type, id_number=id_number, profile_id=profile_id):
            errors["id_number"] = [
                _("An account already exists for this ID number. Sign in, or reset your password if you forgot it.")
            ]
    return id_type, id_number, birth_date, organisation_name


def _lost_race(*, email: str, phone: str, id_type: str, id_number: str, user_id: int | None) -> ValidationError:
    """A concurrent write took a unique value after our checks passed: say which, now that it shows."""
    errors: Errors = {}
    _check_contacts(errors, email=email, phone=phone, user_id=user_id)
    if id_taken(id_type=id_type, id_number=id_number, profile_id=None if user_id is None else _profile_id(user_id)):
        errors["id_number"] = [_("An account already exists for this ID number.")]
    return ValidationError(errors or {"email": [_("This account could not be saved. Please try again.")]})


def _profile_id(user_id: int) -> int | None:
    return CitizenProfile.objects.filter(user_id=user_id).values_list("pk", flat=True).first()
