from typing import Any

from django.apps import AppConfig


def _staff_session_lasts_a_working_day(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A staff sign-in expires after MOTCUA_STAFF_SESSION_SECONDS (a shared desk computer is left
    signed in at night otherwise); applicants keep the default session length."""
    from django.conf import settings

    from .selectors import is_staff_member

    if request is not None and hasattr(request, "session") and is_staff_member(user):
        request.session.set_expiry(settings.MOTCUA_STAFF_SESSION_SECONDS)


class OrgConfig(AppConfig):
    name = "motcua.org"
    label = "org"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_staff_session_lasts_a_working_day, dispatch_uid="motcua-staff-session")
