"""The schema and Swagger UI are served, and the UI works without any external CDN."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_schema_is_served(client):
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert {"/api/v1/units/", "/api/v1/procedures/{code}/", "/api/v1/desks/{id}/"} <= set(schema["paths"])
    assert "Error" in schema["components"]["schemas"]


def test_swagger_ui_loads_its_assets_from_our_own_static_files(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    assert all(not asset.startswith(("http:", "https:", "//")) for asset in assets), assets
    assert "cdn." not in html
