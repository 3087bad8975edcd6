from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.audit.models import AuditEvent
from motcua.audit.services import audit_record
from motcua.audit.verify import audit_verify_all, chain_verify

pytestmark = pytest.mark.django_db


def _chain(n: int = 3, chain: str = "dossier:1") -> list[AuditEvent]:
    return [
        audit_record(chain=chain, kind="dossier.test", object_type="dossier", object_id=1, data={"n": i})
        for i in range(n)
    ]


def test_events_link_to_their_predecessor():
    events = _chain()
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    assert chain_verify("dossier:1") == []
    call_command("audit_verify")


def test_chains_are_independent():
    _chain(2, "dossier:1")
    other = _chain(1, "dossier:2")
    assert other[0].seq == 1 and other[0].prev_hash == ""


def test_an_edited_row_is_detected():
    events = _chain()
    AuditEvent.objects.filter(pk=events[1].pk).update(data={"n": 99})
    problems = chain_verify("dossier:1")
    assert [(p.seq, "edited" in p.problem) for p in problems] == [(2, True)]
    with pytest.raises(CommandError):
        call_command("audit_verify")


def test_a_deleted_row_is_detected_in_the_middle_and_at_the_end():
    events = _chain(4)
    AuditEvent.objects.filter(pk=events[1].pk).delete()
    assert any("missing" in p.problem for p in chain_verify("dossier:1"))
    AuditEvent.objects.filter(pk=events[3].pk).delete()
    _count, problems = audit_verify_all()
    assert any("deleted" in p.problem for p in problems)
