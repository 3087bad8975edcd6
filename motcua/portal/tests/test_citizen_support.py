"""Shared set-up of the citizen page tests: the dossier tests' province with its procedure open online,
citizens made like `make_citizen` in test_online.py, and dossiers taken along the real services.

Every test runs on 9 March 2026 at 09:00 (Monday), so due dates and the 7-day rating window are exact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from motcua.catalog.choices import StepRole
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_accept, dossier_finish, dossier_submit, task_complete
from motcua.dossiers.tests.conftest import World, build_world, checked, pdf_bytes
from motcua.dossiers.tests.test_online import make_citizen, ready_draft
from motcua.org.models import User

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 3, 9, 9, 0, tzinfo=VN)
OTHER_CCCD = "001090012346"

__all__ = ["NOW", "OTHER_CCCD", "World", "make_citizen", "pdf_bytes", "ready_draft"]


@pytest.fixture(name="frozen")
def frozen_fixture() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(name="online")
def online_fixture(db: Any, frozen: Any) -> World:
    """The dossier tests' world with its procedure open online (as the `online` fixture of test_online)."""
    world = build_world()
    world.version.online_level = "partial"
    world.version.save(update_fields=["online_level"])
    return world


@pytest.fixture(name="citizen")
def citizen_fixture(online: World) -> User:
    return make_citizen()


@pytest.fixture(name="stranger")
def stranger_fixture(online: World) -> User:
    return make_citizen("stranger", id_number=OTHER_CCCD)


@pytest.fixture(name="browser")
def browser_fixture(client: Client, citizen: User) -> Client:
    client.force_login(citizen)
    return client


def pdf_upload(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(name), content_type="application/pdf")


def url(name: str, *args: Any) -> str:
    return reverse(f"citizen:{name}", args=args)


def submitted(world: World, citizen: User) -> Dossier:
    return dossier_submit(applicant=citizen, dossier=ready_draft(world, citizen, NOW), at=NOW)


def accepted(world: World, citizen: User) -> Dossier:
    return dossier_accept(actor=world.desk_officer, dossier=submitted(world, citizen))


def _complete(dossier: Dossier, role: str, actor: User) -> Dossier:
    task = dossier.tasks.get(status="active", role=role)
    return task_complete(actor=actor, dossier=dossier, task_id=task.pk)


def done(world: World, citizen: User) -> Dossier:
    """Submitted online, accepted, processed through the seven steps, result issued (state done)."""
    dossier = accepted(world, citizen)
    for role, actor in (
        (StepRole.DEPARTMENT_HEAD, world.head),
        (StepRole.SPECIALIST, world.specialist),
        (StepRole.DEPARTMENT_HEAD, world.head),
        (StepRole.AGENCY_LEADER, world.leader),
    ):
        dossier = _complete(dossier, role, actor)
    return dossier_finish(actor=world.clerk, dossier=dossier, result=checked("ket-qua.pdf"))
