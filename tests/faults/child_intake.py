"""A counter intake in its own process, stopped at a known point for the parent to SIGKILL it.

Usage: child_intake.py MODE MARKER WORLD_JSON   (run by tests/faults/test_killed_worker.py)
MODE
  in_transaction  the intake stops inside its transaction, after the code, register number, rows and
                  scans were written and just before the receipt form is issued (`form_issue` is wrapped)
  after_commit    the intake commits, then the script stops before doing anything else
  render          the receipt PDF of dossier WORLD_JSON["form"] is being rendered (`render_form` is
                  wrapped), its FormDocument row locked by `form_pdf`'s transaction
At the stop the script writes MARKER (JSON: the dossier's code and id as the transaction sees them) and
sleeps; it is never meant to wake up. The settings and database come from the environment.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import django

django.setup()

from motcua.catalog.models import ProcedureVersion  # noqa: E402
from motcua.dossiers.forms import store  # noqa: E402
from motcua.dossiers.models import FormDocument  # noqa: E402
from motcua.dossiers.services import Applicant, ComponentInput, dossier_receive  # noqa: E402
from motcua.dossiers.services import intake as intake_module  # noqa: E402
from motcua.dossiers.tests.conftest import VALID_CCCD, checked  # noqa: E402
from motcua.org.models import Desk, User  # noqa: E402

STOP_SECONDS = 120


def stop_here(marker: Path, **facts: object) -> None:
    marker.write_text(json.dumps(facts))
    time.sleep(STOP_SECONDS)
    sys.exit("not killed in time")


def receive(world: dict, tag: str):  # noqa: ANN201
    version = ProcedureVersion.objects.get(pk=world["version"])
    return dossier_receive(
        actor=User.objects.get(pk=world["actor"]),
        desk=Desk.objects.get(pk=world["desk"]),
        version=version,
        applicant=Applicant(name="Nguyễn Thị Hoà", id_type="cccd", id_number=VALID_CCCD, email="hoa@example.vn"),
        components=[
            ComponentInput(component_id=c.pk, received=True, original_qty=1, scans=[checked(f"{tag}-{c.order}.pdf")])
            for c in version.components.all()
        ],
    )


def main() -> None:
    mode, marker, world = sys.argv[1], Path(sys.argv[2]), json.loads(sys.argv[3])
    if mode == "in_transaction":
        original = intake_module.form_issue

        def form_issue(**kwargs: object):  # noqa: ANN202
            dossier = kwargs["dossier"]
            stop_here(marker, code=dossier.code, id=dossier.pk, register_no=dossier.register_no)
            return original(**kwargs)

        intake_module.form_issue = form_issue
        receive(world, world["tag"])
    elif mode == "after_commit":
        dossier = receive(world, world["tag"])
        stop_here(marker, code=dossier.code, id=dossier.pk)
    elif mode == "render":
        original_render = store.render_form

        def render_form(context: dict) -> bytes:
            data = original_render(context)
            stop_here(marker, bytes=len(data))
            return data

        store.render_form = render_form
        store.form_pdf(FormDocument.objects.get(pk=world["form"]))
    else:
        sys.exit(f"unknown mode {mode}")
    sys.exit("the stop point was never reached")


if __name__ == "__main__":
    main()
