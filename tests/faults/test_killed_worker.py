"""A worker SIGKILLed in the middle of a counter intake (or of a receipt's rendering) leaves no trace in
the database, gives its code back, and the next intake works; killed right after the commit, the
dossier is whole.

The intake runs in a child process (the real `dossier_receive`, a real PostgreSQL connection); the child
stops at a known point (tests/faults/child_intake.py writes a marker file and sleeps) and the test
kills its process group with SIGKILL: no Python cleanup, no `except` block, no rollback sent by the
client. PostgreSQL sees the socket close and aborts the open transaction.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Any

import pytest

from motcua.dossiers.forms import form_pdf
from motcua.dossiers.models import Attachment, CodeSequence, Dossier, FormDocument
from motcua.notifications.models import OutboxMessage

from .conftest import (
    HERE,
    PY,
    Procs,
    app_name,
    backends_of,
    child_env,
    log_tail,
    postgres_only,
    stop_group,
    table_counts,
    wait_for,
)

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def world_args(world: Any, tag: str, **extra: Any) -> dict[str, Any]:
    return {
        "version": world.version.pk,
        "desk": world.centre.pk,
        "actor": world.desk_officer.pk,
        "tag": tag,
        **extra,
    }


def run_until_marker(procs: Procs, tmp_path: Path, mode: str, args: dict[str, Any]) -> tuple[Any, dict[str, Any], str]:
    """Start the child; wait (bounded) until it reaches its stop point; return it with the marker's facts."""
    marker = tmp_path / f"{mode}.marker"
    name = app_name()
    child = procs.spawn(
        [PY, str(HERE / "child_intake.py"), mode, str(marker), json.dumps(args)],
        env=child_env(PGAPPNAME=name),
        name=f"child-{mode}",
    )

    def reached() -> bool:
        if child.poll() is not None:
            raise AssertionError(f"the child exited ({child.returncode}) before its stop point:\n{log_tail(child)}")
        return marker.exists() and marker.stat().st_size > 0

    wait_for(reached, 90, f"the {mode} child to reach its stop point", interval=0.1)
    return child, json.loads(marker.read_text()), name


def kill_and_wait_backend(child: Any, name: str) -> None:
    stop_group(child, signal.SIGKILL)
    assert child.returncode == -signal.SIGKILL
    # PostgreSQL notices the closed socket and rolls the open transaction back; wait until it has.
    wait_for(lambda: backends_of(name) == 0, 20, "the killed child's database session to end")


def media_files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_killed_inside_the_intake_transaction_leaves_nothing_and_gives_the_code_back(
    live_world: Any, procs: Procs, tmp_path: Path, settings: Any
) -> None:
    media = Path(settings.MEDIA_ROOT)
    before = table_counts()
    child, seen, name = run_until_marker(procs, tmp_path, "in_transaction", world_args(live_world, "killed"))
    # The child holds its code, register number and all its rows in an open transaction: none is visible.
    assert seen["code"].endswith("-0001") and seen["register_no"] == 1
    assert not Dossier.objects.exists()

    kill_and_wait_backend(child, name)

    assert table_counts() == before, "a row of the killed intake survived"
    assert not CodeSequence.objects.exists()  # the sequence row was created in the rolled-back transaction
    # The scans are written before the transaction (intake.py `_save_scans`) and the cleanup in its
    # `except` never ran: they stay as unreferenced files, named by their SHA-256 (an orphan, not a leak
    # of data: the same scan received again reuses the file, as below).
    orphans = media_files(media)
    assert orphans and all(path.startswith("dossiers/scans/") for path in orphans)
    assert not Attachment.objects.exists()

    # The next intake works and takes the same code: the number of the killed one was given back.
    dossier = live_world.receive(components=_components(live_world, "killed"))
    assert dossier.code == seen["code"] and dossier.register_no == 1
    assert CodeSequence.objects.get().last == 1
    assert {a.file.name for a in dossier.attachments.all()} == orphans  # the orphaned scans are reused


def test_killed_right_after_the_commit_leaves_a_whole_dossier(
    live_world: Any, procs: Procs, tmp_path: Path, settings: Any
) -> None:
    media = Path(settings.MEDIA_ROOT)
    child, seen, name = run_until_marker(procs, tmp_path, "after_commit", world_args(live_world, "committed"))
    kill_and_wait_backend(child, name)

    dossier = Dossier.objects.get()
    assert (dossier.code, dossier.pk) == (seen["code"], seen["id"])
    assert dossier.code.endswith("-0001") and dossier.register_no == 1
    assert dossier.components.count() == 3
    attachments = list(dossier.attachments.all())
    assert len(attachments) == 3 and all((media / a.file.name).is_file() for a in attachments)
    assert dossier.tasks.exists()
    assert list(dossier.history.values_list("action", flat=True)) == ["receive"]
    assert dossier.fee_lines.exists()
    assert OutboxMessage.objects.filter(event_key__startswith=f"dossier:{dossier.pk}:").exists()
    receipt = FormDocument.objects.get(dossier=dossier, key="receipt")
    assert not receipt.file  # rendered lazily, on first use

    # A second child renders the receipt and is killed mid-render, holding the form's row lock.
    child, rendered, name = run_until_marker(
        procs, tmp_path, "render", world_args(live_world, "render", form=receipt.pk)
    )
    assert rendered["bytes"] > 1000
    kill_and_wait_backend(child, name)
    receipt.refresh_from_db()
    assert not receipt.file and not receipt.sha256  # nothing half-stored

    # Rendering again works (the lock went with the killed session) and stores the file.
    pdf = form_pdf(receipt)
    receipt.refresh_from_db()
    assert pdf.startswith(b"%PDF") and (media / receipt.file.name).is_file()

    # And the next intake takes the next code.
    assert live_world.receive(components=_components(live_world, "next")).code.endswith("-0002")


def _components(world: Any, tag: str) -> list[Any]:
    from motcua.dossiers.services import ComponentInput
    from motcua.dossiers.tests.conftest import checked

    return [
        ComponentInput(component_id=c.pk, received=True, original_qty=1, scans=[checked(f"{tag}-{c.order}.pdf")])
        for c in world.version.components.all()
    ]
