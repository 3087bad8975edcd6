"""Writes of satisfaction ratings (services.md §4).

Online: the applicant rates their own dossier once its result is ready (done) or handed over
(returned). One rating per dossier, held by the unique constraint `rating_online_once_per_dossier`:
a second submission within 7 days of the first changes it, later ones are refused. Ratings are
anonymous: the rater is not stored, only what was rated (the officer who handed over or received
the dossier, the receiving agency).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.choices import State
from motcua.dossiers.errors import ActionNotAllowed, DossierError, NotPermitted
from motcua.dossiers.models import Dossier

from .models import Criterion, Rating, RatingSource, Score

EDIT_WINDOW = dt.timedelta(days=7)
COMMENT_MAX = 2000
RATEABLE_STATES = (State.DONE, State.RETURNED)


def rating_is_editable(rating: Rating, at: dt.datetime | None = None) -> bool:
    """An online rating may be changed for 7 days after it was first given."""
    return (at or timezone.now()) <= rating.created_at + EDIT_WINDOW


def _clean(score: str, criteria: Iterable[str], comment: str) -> tuple[list[str], str]:
    if score not in Score.values:
        raise DossierError(_("Choose how satisfied you are."), field="score")
    chosen = list(dict.fromkeys(criteria))
    if any(c not in Criterion.values for c in chosen):
        raise DossierError(_("Choose criteria from the list."), field="criteria")
    if score == Score.NOT_SATISFIED and not chosen:
        raise DossierError(_("Tell us what was not satisfactory: choose at least one criterion."), field="criteria")
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise DossierError(_("The comment may have at most %(n)s characters.") % {"n": COMMENT_MAX}, field="comment")
    return chosen, comment


def _rated_officer_id(dossier: Dossier) -> int | None:
    """Who is rated: the desk officer who handed the result over, else the one who received the dossier."""
    returned = dossier.history.filter(action="return_result", actor__isnull=False).order_by("-seq").first()
    return returned.actor_id if returned is not None else dossier.received_by_id


def rating_submit_online(
    *,
    applicant: Any,
    dossier: Dossier,
    score: str,
    criteria: Iterable[str] = (),
    comment: str = "",
    at: dt.datetime | None = None,
) -> Rating:
    """Rate one's own dossier after the result (one per dossier; changeable for 7 days).

    Two submissions racing for a first rating meet on the unique constraint: the loser's insert fails
    inside its savepoint, and it updates the winner's row instead, so there is always one row.
    """
    now = at or timezone.now()
    chosen, text = _clean(score, criteria, comment)
    if not getattr(applicant, "is_authenticated", False) or dossier.applicant_id != applicant.pk:
        raise NotPermitted()
    with transaction.atomic():
        dossier = Dossier.objects.get(pk=dossier.pk)  # the state as it is now, not as the caller read it
        if dossier.state not in RATEABLE_STATES:
            raise ActionNotAllowed(_("You can rate the service once the result is ready."))
        existing = Rating.objects.select_for_update().filter(dossier=dossier, source=RatingSource.ONLINE).first()
        if existing is None:
            try:
                with transaction.atomic():
                    return Rating.objects.create(
                        source=RatingSource.ONLINE,
                        score=score,
                        criteria=chosen,
                        comment=text,
                        dossier=dossier,
                        officer_id=_rated_officer_id(dossier),
                        agency_id=dossier.receiving_agency_id,
                        created_at=now,
                        updated_at=now,
                    )
            except IntegrityError:
                existing = Rating.objects.select_for_update().get(dossier=dossier, source=RatingSource.ONLINE)
        if not rating_is_editable(existing, now):
            raise ActionNotAllowed(_("A rating can be changed only within 7 days of giving it."))
        existing.score, existing.criteria, existing.comment, existing.updated_at = score, chosen, text, now
        existing.save(update_fields=["score", "criteria", "comment", "updated_at"])
    return existing


def _rating_window() -> dt.timedelta:
    from motcua.queueing.conf import queue_setting

    return dt.timedelta(minutes=int(queue_setting("RATING_WINDOW_MINUTES")))


def rating_submit_tablet(
    *,
    ticket: Any,
    counter: Any,
    score: str,
    criteria: Iterable[str] = (),
    comment: str = "",
    at: dt.datetime | None = None,
) -> Rating:
    """The counter's tablet, right after the service: one rating per ticket, which the same person can
    complete (criteria after a first tap) while the rating window lasts."""
    from motcua.queueing.choices import TicketState
    from motcua.queueing.models import QueueTicket

    now = at or timezone.now()
    chosen, text = _clean(score, criteria, comment)
    with transaction.atomic():
        ticket = QueueTicket.objects.select_for_update(of=("self",)).select_related("desk").get(pk=ticket.pk)
        if ticket.state != TicketState.DONE or ticket.counter_id != counter.pk or ticket.finished_at is None:
            raise ActionNotAllowed(_("This service cannot be rated on this tablet."))
        if now > ticket.finished_at + _rating_window():
            raise ActionNotAllowed(_("The time to rate this service has passed."))
        rating = Rating.objects.filter(ticket=ticket, source=RatingSource.TABLET).first()
        if rating is None:
            return Rating.objects.create(
                source=RatingSource.TABLET,
                score=score,
                criteria=chosen,
                comment=text,
                ticket=ticket,
                dossier_id=ticket.dossier_id,
                officer_id=ticket.officer_id,
                counter_id=counter.pk,
                agency_id=ticket.desk.agency_id,
                created_at=now,
                updated_at=now,
            )
        rating.score, rating.criteria, rating.comment, rating.updated_at = score, chosen, text, now
        rating.save(update_fields=["score", "criteria", "comment", "updated_at"])
    return rating


def rating_submit_paper(
    *,
    actor: Any,
    agency: Any,
    score: str,
    criteria: Iterable[str] = (),
    comment: str = "",
    dossier: Dossier | None = None,
    counter: Any = None,
    officer: Any = None,
    rated_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Rating:
    """A paper form (given with Mẫu 01–03) typed in by staff; the typist is recorded, not the rater."""
    now = at or timezone.now()
    chosen, text = _clean(score, criteria, comment)
    when = now
    if rated_on is not None:
        if rated_on > timezone.localdate(now):
            raise DossierError(_("The date of the form cannot be in the future."), field="rated_on")
        when = timezone.make_aware(dt.datetime.combine(rated_on, dt.time(12, 0)))
    officer_id = _rated_officer_id(dossier) if dossier is not None and officer is None else getattr(officer, "pk", None)
    with transaction.atomic():
        return Rating.objects.create(
            source=RatingSource.PAPER,
            score=score,
            criteria=chosen,
            comment=text,
            dossier=dossier,
            officer_id=officer_id,
            counter=counter,
            agency=agency,
            keyed_by=actor,
            created_at=when,
            updated_at=now,
        )
