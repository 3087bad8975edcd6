"""Dossiers taken to the clerk's step through the real services (the dossier tests' province), and the
session's test certificate authority (motcua.esign.testing)."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from motcua.catalog.choices import StepRole
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_accept, dossier_draft_update, dossier_submit, task_complete
from motcua.dossiers.tests.api_support import to_clerk
from motcua.dossiers.tests.conftest import World, build_world, checked, pdf_bytes
from motcua.dossiers.tests.test_online import make_citizen, ready_draft
from motcua.esign.testing import esign_pki, esign_settings  # noqa: F401 - fixtures
from motcua.org.models import User

__all__ = ["World", "checked", "pdf_bytes", "to_clerk"]


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()  # the verification limits count per IP in the cache


@pytest.fixture
def citizen(world: World) -> User:
    world.version.online_level = "partial"
    world.version.save(update_fields=["online_level"])
    return make_citizen()


def online_at_clerk(world: World, citizen: User, *, fees: bool = False) -> Dossier:
    """Submitted online for an e-result, accepted and approved: the clerk's step is active. Without
    `fees` the procedure charges nothing."""
    if not fees:
        world.version.fees.all().delete()
    draft = ready_draft(world, citizen, None)  # type: ignore[arg-type]
    dossier_draft_update(applicant=citizen, dossier=draft, return_method="online")
    dossier = dossier_accept(actor=world.desk_officer, dossier=dossier_submit(applicant=citizen, dossier=draft))
    for role, actor in (
        (StepRole.DEPARTMENT_HEAD, world.head),
        (StepRole.SPECIALIST, world.specialist),
        (StepRole.DEPARTMENT_HEAD, world.head),
        (StepRole.AGENCY_LEADER, world.leader),
    ):
        task = dossier.tasks.get(status="active", role=role)
        dossier = task_complete(actor=actor, dossier=dossier, task_id=task.pk)
    return dossier


def run(*args: str, data: bytes | None = None) -> str:
    """A poppler/zbar tool's output (stdout and stderr: pdfsig reports some verdicts on stderr)."""
    done = subprocess.run(args, input=data, capture_output=True, check=False, timeout=60)
    return (done.stdout + done.stderr).decode("utf-8", "replace")


def pdfsig(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "checked.pdf"
    path.write_bytes(data)
    return run("pdfsig", str(path))


def pdf_text(data: bytes) -> str:
    return run("pdftotext", "-layout", "-", "-", data=data)


def qr_codes(data: bytes, tmp_path: Path) -> list[str]:
    """Every QR code in the PDF, decoded by zbarimg from 300 dpi renderings of its pages."""
    source = tmp_path / "qr.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(source), str(tmp_path / "page")], check=True, timeout=60)
    pages = sorted(str(p) for p in tmp_path.glob("page*.png"))
    out = run("zbarimg", "--quiet", "--raw", *pages)
    return [line.strip() for line in io.StringIO(out) if line.strip()]


def result_bytes(dossier: Dossier) -> bytes:
    attachment = dossier.attachments.get(kind="result")
    with attachment.file.open("rb") as handle:
        return bytes(handle.read())
