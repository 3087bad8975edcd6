"""Base classes of the API views and the catch-all that keeps unknown URLs in the error shape."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from motcua.org.models import User

from .permissions import IsStaffMember


class PublicAPIView(APIView):
    """Open data: no authentication at all (so no session lookup on the hot public paths)."""

    authentication_classes = ()
    permission_classes = (AllowAny,)


class PublicListAPIView(generics.ListAPIView):
    """A public list, filtered by the operation's input serializer (not django-filter)."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    filter_backends = ()


class StaffAPIView(APIView):
    """Scoped staff reads. Token comes first so an anonymous call gets 401 with `WWW-Authenticate`."""

    authentication_classes = (TokenAuthentication, SessionAuthentication)
    permission_classes = (IsAuthenticated, IsStaffMember)


class StaffListAPIView(generics.ListAPIView):
    """A scoped staff list (see `StaffAPIView`)."""

    authentication_classes = (TokenAuthentication, SessionAuthentication)
    permission_classes = (IsAuthenticated, IsStaffMember)
    filter_backends = ()


def staff_user(request: Request) -> User:
    """The caller of a staff endpoint: `StaffAPIView`'s permissions have made sure it is a signed-in user."""
    return cast(User, request.user)


def parse_query(serializer_class: type[Serializer], request: Request) -> dict[str, Any]:
    """Validate the query string with the operation's input serializer (400 with field errors)."""
    serializer = serializer_class(data=request.query_params.dict())
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@extend_schema(exclude=True)
class NotFoundView(PublicAPIView):
    """Any unknown URL under /api/: the same 404 body as a missing object."""

    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        raise exceptions.NotFound()

    post = put = patch = delete = get
