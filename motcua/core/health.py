"""Readiness (/readyz): the database, the cache (Redis in production) and the file storage answer.

200 with {"status": "ok", "checks": {...}}; 503 naming what failed when the database or the storage
does; never a secret or a stack trace. The cache is not essential: requests still succeed without
Redis (motcua.core.cache), so its failure answers 200 "degraded" and keeps the node in the load
balancer's rotation instead of taking every node out at once.
Liveness stays /healthz (no dependency), so a database outage does not make every process restart.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not keep a value")
    cache.delete(key)


def _storage() -> None:
    default_storage.exists("readyz-probe")


CHECKS: dict[str, Callable[[], None]] = {"database": _database, "cache": _cache, "storage": _storage}
ESSENTIAL = {"database", "storage"}


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    results: dict[str, dict[str, object]] = {}
    ok, degraded = True, False
    for name, check in CHECKS.items():
        began = time.perf_counter()
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure means "not ready"; the type is enough
            ok = ok and name not in ESSENTIAL
            degraded = True
            results[name] = {"ok": False, "error": type(error).__name__}
        else:
            results[name] = {"ok": True, "ms": round((time.perf_counter() - began) * 1000, 1)}
    status = "unavailable" if not ok else ("degraded" if degraded else "ok")
    return JsonResponse({"status": status, "checks": results}, status=200 if ok else 503)
