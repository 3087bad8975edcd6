"""Floor devices call the API with `Authorization: Device <token>` (the token of their binding); no
cookie is read here, so no CSRF applies."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from ..models import FloorDevice
from ..services.devices import device_from_token


class FloorDeviceAuthentication(BaseAuthentication):
    keyword = "Device"
    kind = "kiosk"

    def authenticate(self, request: Request) -> tuple[Any, FloorDevice] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="replace") != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed()
        for kind in ("kiosk", "tablet", "board"):
            device = device_from_token(parts[1].decode(errors="replace"), kind)
            if device is not None:
                return AnonymousUser(), device
        raise exceptions.AuthenticationFailed()

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class FloorDeviceScheme(OpenApiAuthenticationExtension):
    target_class = "motcua.queueing.api.auth.FloorDeviceAuthentication"
    name = "floorDevice"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Device <token>`: the token of a kiosk or tablet bound by staff.",
        }
