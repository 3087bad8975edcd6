"""Helpers shared by the staff-screen tests (no tests here): sign in as a world user, post an action."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from motcua.dossiers.models import Dossier, Task


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def active_task(dossier: Dossier, role: str) -> Task:
    return dossier.tasks.get(status="active", role=role)


def post_action(
    client: Client, dossier: Dossier, action: str, *, htmx: bool = False, task: Task | None = None, **data: Any
) -> Any:
    """POST one action with the dossier's current lock version (unless the test gives another)."""
    dossier.refresh_from_db()
    payload: dict[str, Any] = {"lock_version": dossier.lock_version, **data}
    if task is not None:
        payload["task_id"] = task.pk
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(reverse("dossiers:action", args=[dossier.code, action]), payload, headers=headers)


def snapshot(dossier: Dossier) -> tuple[Any, ...]:
    """What must not change after a refused action."""
    dossier.refresh_from_db()
    return (dossier.state, dossier.lock_version, dossier.history.count(), dossier.tasks.filter(status="active").count())
