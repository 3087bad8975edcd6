"""Citizen and business accounts on the portal.

The sign-in identity is `org.User` (one user model for staff and citizens); a citizen is a user with
a `CitizenProfile` and no staff role. The profile holds what an application needs about the
applicant, so a new online dossier starts pre-filled from it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.choices import ApplicantKind, IdType


class AuthMethod(models.TextChoices):
    PASSWORD = "password", _("Password")
    OIDC = "oidc", _("Identity provider (OpenID Connect)")


class CitizenProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citizen_profile")
    kind = models.CharField(_("applicant"), max_length=12, choices=ApplicantKind.choices, default=ApplicantKind.PERSON)
    organisation_name = models.CharField(_("organisation"), max_length=300, blank=True)
    id_type = models.CharField(_("ID type"), max_length=12, choices=IdType.choices, default=IdType.CCCD)
    id_number = models.CharField(_("ID number"), max_length=20, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # How the account was last signed in, and whether the identity provider vouched for the person
    # (national TaiKhoanDuocXacThucVoiVNeID flag).
    auth_method = models.CharField(max_length=10, choices=AuthMethod.choices, default=AuthMethod.PASSWORD)
    identity_verified = models.BooleanField(_("identity verified by the provider"), default=False)
    oidc_subject = models.CharField(max_length=255, null=True, blank=True, unique=True)
    language = models.CharField(_("language"), max_length=5, default="vi")
    # Normalised sign-in identifiers written by the account services (null: not used to sign in). The
    # unique constraints stop two concurrent registrations from claiming one e-mail or phone number.
    email_key = models.CharField(max_length=254, null=True, blank=True, unique=True, editable=False)
    phone_key = models.CharField(max_length=20, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("citizen profile")
        verbose_name_plural = _("citizen profiles")
        constraints = [
            # One account per identity document (a blank number is allowed until the profile is completed).
            models.UniqueConstraint(
                fields=["id_type", "id_number"], condition=~Q(id_number=""), name="citizen_profile_id_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def masked_id(self) -> str:
        return "*" * max(len(self.id_number) - 4, 0) + self.id_number[-4:]
