"""Who may call the staff endpoints: an authenticated user holding an active role (or a superuser)."""

from __future__ import annotations

from typing import cast

from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from motcua.org.models import User
from motcua.org.selectors import is_back_office_member

from .errors import EN_MESSAGES


class IsStaffMember(BasePermission):
    message = EN_MESSAGES["not_staff"]
    code = "not_staff"

    def has_permission(self, request: Request, view: APIView) -> bool:
        # is_staff_member answers False for an anonymous user; its annotation only says User.
        return is_back_office_member(cast(User, request.user))
