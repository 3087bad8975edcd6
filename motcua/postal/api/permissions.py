"""The partner API's caller: a user linked to an active postal operator (PostalAccount)."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.views import APIView

from motcua.api.errors import EN_MESSAGES

from ..models import PostalOperator
from ..selectors import operator_of


class IsPostalPartner(BasePermission):
    message = EN_MESSAGES["permission_denied"]
    code = "permission_denied"

    def has_permission(self, request: Request, view: APIView) -> bool:
        return operator_of(request.user) is not None


class PartnerAPIView(APIView):
    """Token only (the operator's system); every query is scoped to the caller's operator."""

    authentication_classes = (TokenAuthentication,)
    permission_classes = (IsAuthenticated, IsPostalPartner)

    def operator(self) -> PostalOperator:
        operator = operator_of(self.request.user)
        assert operator is not None  # the permission checked it
        return operator

    def actor(self) -> Any:
        return self.request.user
