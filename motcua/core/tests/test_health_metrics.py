"""/healthz (liveness), /readyz (database, cache, storage) and /metrics (Prometheus text)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from motcua.dossiers.tests.conftest import World

pytestmark = pytest.mark.django_db


def test_readyz_reports_each_dependency(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and set(body["checks"]) == {"database", "cache", "storage"}


def test_readyz_says_what_failed(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*args: object, **kwargs: object) -> None:
        raise ConnectionError("redis down: password=secret")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["status"] == "degraded"  # requests still work
    assert response.json()["checks"]["cache"] == {"ok": False, "error": "ConnectionError"}
    assert b"secret" not in response.content

    monkeypatch.setattr("motcua.core.health.connection.cursor", broken)
    down = client.get("/readyz")
    assert down.status_code == 503 and down.json()["checks"]["database"]["error"] == "ConnectionError"


def test_metrics_needs_token_or_allowed_address(client, settings, world: World) -> None:  # type: ignore[no-untyped-def]
    world.receive()
    settings.MOTCUA_METRICS_TOKEN = "t0ken"
    settings.MOTCUA_METRICS_ALLOWED_IPS = []
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer t0ken")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'motcua_dossiers_received_today{channel="counter"} 1.0' in text
    assert "motcua_dossiers_open 1.0" in text
    settings.MOTCUA_METRICS_ALLOWED_IPS = ["127.0.0.1"]
    assert client.get("/metrics").status_code == 200
