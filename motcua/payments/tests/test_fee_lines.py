"""Fee lines copied from the catalogue's schedule (services.md §1): only trustworthy amounts, for the
applicant's type, one line per fee however many channels the national text repeats it for, a readable
name where the text gave only a unit, and frozen once something is paid."""

from __future__ import annotations

import pytest

from motcua.catalog.tests.factories import FeeFactory
from motcua.dossiers.services import dossier_draft_start, dossier_draft_update
from motcua.dossiers.tests.conftest import World, build_world
from motcua.dossiers.tests.test_online import make_citizen
from motcua.payments.services.counter import payment_record_counter
from motcua.payments.services.fees import fee_lines_sync, fees_outstanding

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = build_world()  # its schedule: "Phí cung cấp thông tin lý lịch tư pháp", 200.000 đ
    world.version.online_level = "partial"
    world.version.save(update_fields=["online_level"])
    version = world.version
    FeeFactory(version=version, order=2, name="Phí cung cấp thông tin lý lịch tư pháp", amount_vnd=200000)  # repeat
    FeeFactory(version=version, order=3, name="/hồ sơ", amount_vnd=50000, kind="le_phi")
    FeeFactory(version=version, order=4, name="Lệ phí theo HĐND tỉnh", amount_vnd=70000, needs_review=True)
    FeeFactory(version=version, order=5, name="Phí doanh nghiệp", amount_vnd=900000, applicant_type="business")
    FeeFactory(version=version, order=6, name="Phí chưa có mức thu", amount_vnd=None)
    return world


def test_lines_follow_the_schedule_for_the_applicants_type(world: World) -> None:
    citizen = make_citizen()
    draft = dossier_draft_start(applicant=citizen, version=world.version, desk=world.centre)
    lines = [(line.name, line.amount_vnd) for line in draft.fee_lines.all()]
    assert lines == [("Phí cung cấp thông tin lý lịch tư pháp", 200000), ("Lệ phí /hồ sơ", 50000)]
    assert fees_outstanding(draft) == 250000

    # The same applicant filing for a company pays the business fee instead.
    draft = dossier_draft_update(applicant=citizen, dossier=draft, applicant_fields={"applicant_kind": "organisation"})
    assert sorted(line.amount_vnd for line in draft.fee_lines.all()) == [50000, 200000, 900000]


def test_lines_are_frozen_once_something_is_paid(world: World) -> None:
    citizen = make_citizen()
    draft = dossier_draft_start(applicant=citizen, version=world.version, desk=world.centre)
    first = draft.fee_lines.order_by("order").first()
    assert first is not None
    payment_record_counter(actor=world.desk_officer, dossier=draft, method="cash", lines=[first])
    world.version.fees.filter(order=3).update(amount_vnd=60000)  # the schedule changes afterwards
    lines = fee_lines_sync(draft)
    assert [line.amount_vnd for line in lines] == [200000, 50000]
    assert fees_outstanding(draft) == 50000
