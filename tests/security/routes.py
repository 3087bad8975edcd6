"""Every URL of the project, with its parameters filled from a small real province (issue 8).

The permission matrix walks these routes; a new URL that is not classified in `AUDIENCE` fails
`test_every_route_is_classified`, so nothing is added without saying who may use it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, e.g. "dossiers:detail"
    pattern: str  # e.g. "can-bo/ho-so/<str:code>/"

    @property
    def params(self) -> list[str]:
        return [m.group("name") for m in PARAM.finditer(self.pattern)]

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")

    def path(self, values: dict[str, Any]) -> str:
        return "/" + PARAM.sub(lambda m: str(values[m.group("name")]), self.pattern)


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[Route]:
    found: list[Route] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            found += _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            found.append(Route(name, prefix + str(entry.pattern)))
    return found


def all_routes() -> list[Route]:
    """Every route but the admin site's (its own matrix: only is_staff users, tested apart) and the
    API's regular-expression catch-all (a JSON 404 for unknown addresses)."""
    return [r for r in _walk(get_resolver().url_patterns) if not r.name.startswith("admin:") and "^" not in r.pattern]


# Rows whose content is the log of the attempt itself, not state a denied request may change.
IGNORED_TABLES = {
    "audit.auditevent",
    "audit.auditchainhead",
    "audit.personaldataaccess",
}


def snapshot() -> dict[str, str]:
    """A digest of every row of every motcua table (sessions, lockout counters and logs aside)."""
    digests = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if not model.__module__.startswith("motcua.") or label in IGNORED_TABLES:
            continue
        rows = list(model._default_manager.order_by("pk").values_list())
        digests[label] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digests


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(label for label in after if before.get(label) != after[label])
