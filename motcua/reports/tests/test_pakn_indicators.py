"""Feedback (PAKN) in the evaluation (indicators 7 and 8) and the 766 index (5.1–5.4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.feedback.choices import FeedbackCategory
from motcua.feedback.pakn_services import (
    Sender,
    feedback_accept,
    feedback_answer,
    feedback_classify,
    feedback_publish,
    feedback_submit,
)
from motcua.org.choices import Role
from motcua.org.tests.factories import AgencyFactory, staff
from motcua.reports.evaluation_dossier import founded_behaviour_complaints, score_attitude
from motcua.reports.evaluation_unit import indicator_8
from motcua.reports.index766 import pakn_lines
from motcua.reports.periods import month
from motcua.reports.scope import Scope
from motcua.reports.weights import weights_on

TZ = dt.timezone(dt.timedelta(hours=7))


def at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, tzinfo=TZ)


@pytest.fixture
def agency(db):
    return AgencyFactory()


def feedback(agency, day, answered_day=None, officer=None, **kw):
    made = feedback_submit(
        agency=agency, sender=Sender("Mai", "0912000111"), subject="S", content="C", at=at(day), **kw
    )
    if answered_day:
        made = feedback_accept(feedback=made, actor=officer, at=at(day, 10))
        made = feedback_answer(feedback=made, actor=officer, answer="Trả lời", at=at(answered_day))
        made = feedback_publish(feedback=made, actor=officer, at=at(answered_day, 11))
    return made


def test_indicator_8_none_all_on_time_90_percent_or_less(agency):
    officer = staff(Role.DESK_OFFICER, agency=agency)
    period = month(2026, 11)
    assert indicator_8(agency, period) == 2  # none
    for day in range(2, 12):
        feedback(agency, day, answered_day=day + 1, officer=officer)
    assert indicator_8(agency, period) == 2  # all ten on time
    feedback(agency, 2, answered_day=30, officer=officer)  # 15 WD from Mon 02/11 is Fri 20/11: late
    assert indicator_8(agency, period) == 1  # 10 of 11 on time (≥ 90 %)
    feedback(agency, 3, answered_day=30, officer=officer)
    assert indicator_8(agency, period) == 0  # 10 of 12


def test_indicator_7_founded_behaviour_complaint(agency, world):
    dossier = world.receive()
    officer = staff(Role.DESK_OFFICER, agency=agency)
    item = feedback(agency, 5, dossier=dossier)
    assert founded_behaviour_complaints([dossier.pk]) == set()
    feedback_classify(feedback=item, actor=officer, category=FeedbackCategory.BEHAVIOUR, founded=False)
    assert founded_behaviour_complaints([dossier.pk]) == set()
    feedback_classify(feedback=item, actor=officer, category=FeedbackCategory.BEHAVIOUR, founded=True)
    assert founded_behaviour_complaints([dossier.pk]) == {dossier.pk}
    assert score_attitude("early", True) == 0 and score_attitude("early", False) == 2


def test_766_lines_5_1_to_5_3(agency):
    officer = staff(Role.DESK_OFFICER, agency=agency)
    on_time = feedback(agency, 2, answered_day=3, officer=officer)
    feedback_classify(feedback=on_time, actor=officer, category=FeedbackCategory.REGULATION)
    feedback(agency, 2, answered_day=30, officer=officer)  # late
    feedback(agency, 4)  # never accepted or refused: past its 2-day limit by the end of November
    period = month(2026, 11)
    tracking, handled, clean = pakn_lines(weights_on(period.end), Scope(agency_id=agency.pk), period)
    assert tracking.numerator == 3 and tracking.points == 0 and "Regulations" in tracking.note
    assert (handled.numerator, handled.denominator) == (1, 3)
    assert handled.value == Decimal("33.33")
    assert (clean.numerator, clean.denominator) == (1, 3)
