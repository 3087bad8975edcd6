"""Ratings from the counter's tablet and from paper forms (services.md §4)."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.dossiers.errors import DossierError
from motcua.feedback.models import Rating, RatingSource, Score
from motcua.feedback.services import rating_submit_paper, rating_submit_tablet

from ..services import ticket_call_next, ticket_finish, ticket_issue
from .conftest import at


def served(floor, counter=0):
    ticket = ticket_issue(desk=floor.desk, group=floor.a, at=at(0))
    ticket_call_next(counter=floor.counters[counter], officer=floor.officer, at=at(5))
    ticket_finish(counter=floor.counters[counter], officer=floor.officer, at=at(12))
    ticket.refresh_from_db()
    return ticket


def test_one_rating_per_service_completed_within_the_window(floor):
    ticket = served(floor)
    first = rating_submit_tablet(ticket=ticket, counter=floor.counters[0], score=Score.SATISFIED, at=at(13))
    assert (first.source, first.officer_id, first.counter_id, first.agency_id, first.ticket_id) == (
        RatingSource.TABLET,
        floor.officer.pk,
        floor.counters[0].pk,
        floor.desk.agency_id,
        ticket.pk,
    )
    again = rating_submit_tablet(
        ticket=ticket, counter=floor.counters[0], score=Score.NOT_SATISFIED, criteria=["waiting"], at=at(14)
    )
    assert again.pk == first.pk and Rating.objects.count() == 1 and again.criteria == ["waiting"]
    with pytest.raises(DossierError):
        rating_submit_tablet(ticket=ticket, counter=floor.counters[0], score=Score.SATISFIED, at=at(23))


def test_not_satisfied_needs_a_criterion_and_another_counter_cannot_rate(floor):
    ticket = served(floor)
    with pytest.raises(DossierError):
        rating_submit_tablet(ticket=ticket, counter=floor.counters[0], score=Score.NOT_SATISFIED, at=at(13))
    with pytest.raises(DossierError):
        rating_submit_tablet(ticket=ticket, counter=floor.counters[1], score=Score.SATISFIED, at=at(13))
    assert not Rating.objects.exists()


def test_a_ticket_still_being_served_cannot_be_rated(floor):
    ticket = ticket_issue(desk=floor.desk, group=floor.a, at=at(0))
    ticket_call_next(counter=floor.counters[0], officer=floor.officer, at=at(1))
    with pytest.raises(DossierError):
        rating_submit_tablet(ticket=ticket, counter=floor.counters[0], score=Score.SATISFIED, at=at(2))


def test_paper_forms_record_who_typed_them(floor):
    rating = rating_submit_paper(
        actor=floor.officer,
        agency=floor.desk.agency,
        score=Score.VERY_SATISFIED,
        counter=floor.counters[1],
        rated_on=dt.date(2026, 12, 4),
    )
    assert (rating.source, rating.keyed_by_id, rating.counter_id) == (
        RatingSource.PAPER,
        floor.officer.pk,
        floor.counters[1].pk,
    )
    assert rating.created_at.date() == dt.date(2026, 12, 4)
    with pytest.raises(DossierError):
        rating_submit_paper(actor=floor.officer, agency=floor.desk.agency, score="great")
    with pytest.raises(DossierError):
        rating_submit_paper(
            actor=floor.officer, agency=floor.desk.agency, score=Score.SATISFIED, rated_on=dt.date(2027, 1, 1)
        )
    assert Rating.objects.count() == 1
