"""Online rating (services.md §4): one per dossier, by its applicant, after the result; changeable for
7 days; criteria required after "not satisfied"; who and what is rated; racing first ratings."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection

from motcua.dossiers.choices import State
from motcua.dossiers.errors import ActionNotAllowed, DossierError, NotPermitted
from motcua.dossiers.services import dossier_return_result
from motcua.dossiers.tests.conftest import build_world, fees_paid
from motcua.feedback.models import Rating
from motcua.feedback.services import rating_is_editable, rating_submit_online
from motcua.portal.tests.test_citizen_support import (  # noqa: F401 - fixtures, registered under their names
    NOW,
    OTHER_CCCD,
    World,
    accepted,
    citizen_fixture,
    done,
    frozen_fixture,
    make_citizen,
    online_fixture,
)

pytestmark = pytest.mark.django_db


def test_a_rating_of_a_finished_dossier(online: World, citizen: Any) -> None:
    dossier = done(online, citizen)
    rating = rating_submit_online(
        applicant=citizen, dossier=dossier, score="very_satisfied", comment="  Nhanh  ", at=NOW
    )
    assert (rating.source, rating.score, rating.criteria, rating.comment) == ("online", "very_satisfied", [], "Nhanh")
    assert rating.agency == online.province  # the receiving agency
    assert rating.officer == online.desk_officer  # who accepted it, while nobody has handed it over
    assert rating.created_at == rating.updated_at == NOW
    assert rating.counter is None


def test_the_officer_who_handed_the_result_over_is_rated(online: World, citizen: Any) -> None:
    dossier = fees_paid(done(online, citizen), online.desk_officer_2)
    dossier = dossier_return_result(
        actor=online.desk_officer_2, dossier=dossier, recipient_name="Lò Thị Mai", recipient_id=dossier.id_number
    )
    assert dossier.state == State.RETURNED
    rating = rating_submit_online(applicant=citizen, dossier=dossier, score="satisfied")
    assert rating.officer == online.desk_officer_2


def test_a_second_rating_within_7_days_changes_the_first(online: World, citizen: Any) -> None:
    dossier = done(online, citizen)
    first = rating_submit_online(applicant=citizen, dossier=dossier, score="satisfied", at=NOW)
    last_minute = NOW + dt.timedelta(days=7) - dt.timedelta(minutes=1)
    second = rating_submit_online(
        applicant=citizen, dossier=dossier, score="not_satisfied", criteria=["fees", "fees"], at=last_minute
    )
    assert second.pk == first.pk and Rating.objects.count() == 1
    second.refresh_from_db()
    assert (second.score, second.criteria, second.created_at, second.updated_at) == (
        "not_satisfied",
        ["fees"],
        NOW,
        last_minute,
    )
    too_late = NOW + dt.timedelta(days=7, minutes=1)
    assert rating_is_editable(second, last_minute) and not rating_is_editable(second, too_late)
    with pytest.raises(ActionNotAllowed):
        rating_submit_online(applicant=citizen, dossier=dossier, score="very_satisfied", at=too_late)
    second.refresh_from_db()
    assert second.score == "not_satisfied"


@pytest.mark.parametrize(
    ("score", "criteria", "comment", "field"),
    [
        ("not_satisfied", [], "", "criteria"),
        ("great", [], "", "score"),
        ("satisfied", ["smile"], "", "criteria"),
        ("satisfied", [], "x" * 2001, "comment"),
    ],
)
def test_invalid_ratings_are_refused_on_their_field(
    online: World, citizen: Any, score: str, criteria: list[str], comment: str, field: str
) -> None:
    dossier = done(online, citizen)
    with pytest.raises(DossierError) as err:
        rating_submit_online(applicant=citizen, dossier=dossier, score=score, criteria=criteria, comment=comment)
    assert err.value.field == field
    assert not Rating.objects.exists()


def test_only_the_applicant_and_only_after_the_result(online: World, citizen: Any) -> None:
    stranger = make_citizen("stranger", id_number=OTHER_CCCD)
    processing = accepted(online, citizen)
    with pytest.raises(ActionNotAllowed):
        rating_submit_online(applicant=citizen, dossier=processing, score="satisfied")
    finished = done(online, citizen)
    with pytest.raises(NotPermitted):
        rating_submit_online(applicant=stranger, dossier=finished, score="satisfied")
    with pytest.raises(NotPermitted):
        rating_submit_online(applicant=online.desk_officer, dossier=finished, score="satisfied")
    assert not Rating.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_racing_first_ratings_make_one_row(frozen: Any) -> None:
    """Two submissions of the same first rating at once (double tap on a slow line): one row."""
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers (PostgreSQL)")
    world = build_world()
    world.version.online_level = "partial"
    world.version.save(update_fields=["online_level"])
    citizen = make_citizen()
    dossier = done(world, citizen)
    barrier, errors = threading.Barrier(2), []

    def rate(score: str) -> None:
        try:
            barrier.wait()
            rating_submit_online(applicant=citizen, dossier=dossier, score=score)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=rate, args=(s,)) for s in ("satisfied", "very_satisfied")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Rating.objects.filter(dossier=dossier).count() == 1
    assert Rating.objects.get().score in ("satisfied", "very_satisfied")
