"""Writes of the sign-in through the identity provider (OpenID Connect): find, link or create the account."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from motcua.dossiers.choices import ApplicantKind, IdType
from motcua.dossiers.identity import id_check
from motcua.org.models import User

from .identifiers import normalise_email, normalise_phone
from .models import AuthMethod, CitizenProfile
from .services import contact_taken, id_taken, new_username


@dataclass(frozen=True)
class OidcIdentity:
    """What the identity provider said about the person, already mapped from its claim names."""

    subject: str
    full_name: str = ""
    email: str = ""
    email_verified: bool = False
    phone: str = ""
    citizen_id: str = ""
    birth_date: dt.date | None = None


def citizen_oidc_sign_in(*, identity: OidcIdentity, trusted: bool, link_verified_email: bool) -> User:
    """The citizen account for this provider subject: found, linked or created.

    Linking to an existing account by e-mail happens only when the province allows it and the
    provider marks the address verified. A trusted provider's name, ID and date of birth replace the
    profile's (that is what `identity_verified` vouches for); an untrusted one only fills blanks.
    E-mail, phone and ID number are taken only when no other account uses them.
    """
    try:
        return _oidc_sign_in(identity, trusted=trusted, link_verified_email=link_verified_email)
    except IntegrityError:
        # A parallel callback for the same new subject (double click) created the account first.
        return _oidc_sign_in(identity, trusted=trusted, link_verified_email=link_verified_email)


def _oidc_sign_in(identity: OidcIdentity, *, trusted: bool, link_verified_email: bool) -> User:
    with transaction.atomic():
        profile = (
            CitizenProfile.objects.select_for_update()
            .select_related("user")
            .filter(oidc_subject=identity.subject)
            .first()
        )
        if profile is None and link_verified_email and identity.email_verified:
            profile = _profile_by_verified_email(identity.email)
        if profile is None:
            user = User.objects.create(username=new_username(), is_staff=False)
            user.set_unusable_password()
            user.save(update_fields=["password"])
            profile = CitizenProfile(user=user, id_number="")
        user = profile.user
        _apply_identity(user, profile, identity, trusted=trusted)
        profile.oidc_subject, profile.auth_method = identity.subject, AuthMethod.OIDC
        profile.identity_verified = profile.identity_verified or trusted
        user.save()
        profile.save()
    return user


def _profile_by_verified_email(email: str) -> CitizenProfile | None:
    key = normalise_email(email)
    if key is None:
        return None
    matches = list(
        CitizenProfile.objects.select_for_update()
        .filter(user__email__iexact=key, oidc_subject__isnull=True, user__is_active=True)
        .select_related("user")[:2]
    )
    return matches[0] if len(matches) == 1 else None


def _apply_identity(user: User, profile: CitizenProfile, identity: OidcIdentity, *, trusted: bool) -> None:
    email_key = normalise_email(identity.email) if identity.email else None
    if email_key and not user.email and not contact_taken(email_key=email_key, user_id=user.pk):
        user.email, profile.email_key = email_key, email_key
    phone_key = normalise_phone(identity.phone) if identity.phone else None
    if phone_key and not user.phone and not contact_taken(phone_key=phone_key, user_id=user.pk):
        user.phone, profile.phone_key = phone_key, phone_key
    if identity.full_name and (trusted or not user.full_name):
        user.full_name = identity.full_name.strip()[:200]
    if identity.birth_date and (trusted or not profile.birth_date):
        profile.birth_date = identity.birth_date
    number = identity.citizen_id.strip()
    id_type = {12: IdType.CCCD, 9: IdType.CMND}.get(len(number), IdType.PASSPORT)
    usable = (
        number
        and not id_check(id_type, number, birth_date=profile.birth_date).errors
        and not id_taken(id_type=id_type, id_number=number, profile_id=profile.pk)
    )
    # A business account linked by e-mail keeps its enterprise code: the person is its representative.
    if usable and profile.kind == ApplicantKind.PERSON and (trusted or not profile.id_number):
        profile.id_type, profile.id_number = id_type, number.upper()
