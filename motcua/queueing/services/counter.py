"""A counter at work: call next (one ticket per counter, rows another counter holds are skipped),
recall, no-show and restore, transfer, start, finish, link to a dossier, pause and close.

Every action locks the counter's seat row first, so two clicks or two officers on one counter
serialise; the ticket itself is claimed with a conditional UPDATE (state still 'waiting'), which is
the guard on SQLite too, where rows cannot be locked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.org.models import Counter

from ..choices import SeatStatus, TicketEventKind, TicketState
from ..conf import queue_setting
from ..errors import QueueConflict, QueueError
from ..models import CounterSeat, QueueTicket, ServiceGroup, TicketEvent
from ..selectors import ORDER, counter_group_ids, waiting

CLAIM_TRIES = 5


def _seat(counter: Counter, now: dt.datetime) -> CounterSeat:
    CounterSeat.objects.get_or_create(counter=counter, defaults={"updated_at": now})
    return CounterSeat.objects.select_for_update(of=("self",)).select_related("current").get(counter=counter)


def _event(ticket: QueueTicket, kind: str, counter: Counter | None, actor: Any, at: dt.datetime, **data: Any) -> None:
    TicketEvent.objects.create(ticket=ticket, kind=kind, counter=counter, actor=actor, at=at, data=data)


def _candidates(counter: Counter, now: dt.datetime, streak: int) -> list[Any]:
    """Ids to try in order: after FRONT_STREAK front-class calls in a row, a normal ticket waiting
    longer than STARVATION_MINUTES goes first (services.md §3)."""
    mine = Q(group_id__in=counter_group_ids(counter), target_counter__isnull=True) | Q(target_counter=counter)
    base = waiting(timezone.localdate(now)).filter(mine)
    queries = [base.order_by(*ORDER)]
    if streak >= int(queue_setting("FRONT_STREAK")):
        starved = now - dt.timedelta(minutes=int(queue_setting("STARVATION_MINUTES")))
        queries.insert(0, base.filter(is_front=False, queued_at__lte=starved).order_by("queued_at", "id"))
    ids: list[Any] = []
    locks = connection.features.has_select_for_update_skip_locked
    for query in queries:
        if locks:  # one row, locked: another counter calling at the same moment takes the next one
            ids += [pk for pk in query.select_for_update(skip_locked=True).values_list("pk", flat=True)[:1]]
        else:  # no row locks (SQLite serialises writers): a few, claimed in turn by a conditional UPDATE
            ids += [pk for pk in query.values_list("pk", flat=True)[:CLAIM_TRIES] if pk not in ids]
    return ids


def _claim(counter: Counter, officer: Any, now: dt.datetime, streak: int) -> QueueTicket | None:
    for pk in _candidates(counter, now, streak):
        took = QueueTicket.objects.filter(pk=pk, state=TicketState.WAITING).update(
            state=TicketState.CALLED,
            counter=counter,
            target_counter=None,
            officer=officer,
            call_count=1,
            called_at=now,
            started_at=None,
            updated_at=now,
        )
        if took:
            ticket = QueueTicket.objects.select_related("group").get(pk=pk)
            if ticket.first_called_at is None:
                ticket.first_called_at = now
                ticket.save(update_fields=["first_called_at"])
            return ticket
    return None


def _finish_current(seat: CounterSeat, actor: Any, now: dt.datetime) -> QueueTicket | None:
    ticket = seat.current
    if ticket is None or ticket.state != TicketState.CALLED:
        return None
    ticket.state, ticket.finished_at, ticket.updated_at = TicketState.DONE, now, now
    ticket.save(update_fields=["state", "finished_at", "updated_at"])
    _event(ticket, TicketEventKind.FINISH, seat.counter, actor, now)
    seat.rating_ticket = ticket
    seat.rating_until = now + dt.timedelta(minutes=int(queue_setting("RATING_WINDOW_MINUTES")))
    return ticket


def _save_seat(seat: CounterSeat, now: dt.datetime) -> None:
    seat.updated_at = now
    seat.save()


def _seat_status(counter: Counter, officer: Any, status: str, at: dt.datetime | None) -> CounterSeat:
    now = at or timezone.now()
    with transaction.atomic():
        seat = _seat(counter, now)
        seat.officer, seat.status = officer, status
        _save_seat(seat, now)
    return seat


def seat_open(*, counter: Counter, officer: Any, at: dt.datetime | None = None) -> CounterSeat:
    """The officer sits at the counter; it starts calling (also: resume after a pause)."""
    return _seat_status(counter, officer, SeatStatus.OPEN, at)


def seat_pause(*, counter: Counter, officer: Any, at: dt.datetime | None = None) -> CounterSeat:
    """No more calls until resumed; the ticket being served stays."""
    return _seat_status(counter, officer, SeatStatus.PAUSED, at)


def seat_close(*, counter: Counter, officer: Any, at: dt.datetime | None = None) -> CounterSeat:
    """Close the counter: the ticket being served is finished first."""
    now = at or timezone.now()
    with transaction.atomic():
        seat = _seat(counter, now)
        _finish_current(seat, officer, now)
        seat.current, seat.status, seat.front_streak = None, SeatStatus.CLOSED, 0
        _save_seat(seat, now)
    return seat


def ticket_call_next(*, counter: Counter, officer: Any, at: dt.datetime | None = None) -> QueueTicket | None:
    """Finish the ticket being served (if any) and call the next one this counter serves; None when
    nobody waits. A paused counter calls nobody."""
    now = at or timezone.now()
    with transaction.atomic():
        seat = _seat(counter, now)
        if seat.status == SeatStatus.PAUSED:
            raise QueueError(_("The counter is paused. Resume it to call the next number."), code="paused")
        _finish_current(seat, officer, now)
        ticket = _claim(counter, officer, now, seat.front_streak)
        seat.officer, seat.status, seat.current = officer, SeatStatus.OPEN, ticket
        if ticket is not None:
            seat.front_streak = seat.front_streak + 1 if ticket.is_front else 0
            _event(ticket, TicketEventKind.CALL, counter, officer, now, front=ticket.is_front)
        _save_seat(seat, now)
    return ticket


def _current(seat: CounterSeat, ticket_id: int | None) -> QueueTicket:
    """The ticket the counter serves; `ticket_id` (what the officer's screen showed) must match it."""
    ticket = seat.current
    if ticket is None or ticket.state != TicketState.CALLED:
        raise QueueError(_("No number is being served at this counter."), code="no_ticket")
    if ticket_id is not None and ticket.pk != ticket_id:
        raise QueueConflict()
    return ticket


def ticket_recall(
    *, counter: Counter, officer: Any, ticket_id: int | None = None, at: dt.datetime | None = None
) -> QueueTicket:
    now = at or timezone.now()
    with transaction.atomic():
        seat = _seat(counter, now)
        ticket = _current(seat, ticket_id)
        if ticket.call_count > int(queue_setting("RECALL_MAX")):
            raise QueueError(
                _("A number can be called again at most %(n)s times. Mark it as not come.")
                % {"n": queue_setting("RECALL_MAX")},
                code="recall_limit",
            )
        ticket.call_count += 1
        ticket.updated_at = now
        ticket.save(update_fields=["call_count", "updated_at"])
        _event(ticket, TicketEventKind.RECALL, counter, officer, now, n=ticket.call_count - 1)
        _save_seat(seat, now)
    return ticket


def ticket_start(
    *, counter: Counter, officer: Any, ticket_id: int | None = None, at: dt.datetime | None = None
) -> QueueTicket:
    """The person arrived at the counter (optional: service time counts from the call)."""
    now = at or timezone.now()
    with transaction.atomic():
        seat = _seat(counter, now)
        ticket = _current(seat, ticket_id)
        if ticket.started_at is None:
            ticket.started_at = ticket.updated_at = now
            ticket.save(update_fields=["started_at", "updated_at"])
            _event(ticket, TicketEventKind.START, counter, officer, now)
    return ticket


def ticket_finish(
    *, counter: Counter, officer: Any, ticket_id: int | None = None, at: dt.datetime | None = None
) -> QueueTicket:
    """Served: the counter's rating tablet now asks this person to rate the service."""
    now = at or timezone.now()
    with transaction.atomic():
        seat = _seat(counter, now)
        ticket = _current(seat, ticket_id)
        _finish_current(seat, officer, now)
        seat.current = None
        _save_seat(seat, now)
    return ticket


def ticket_skip(
    *, counter: Counter, officer: Any, ticket_id: int | None = None, at: dt.datetime | None = None
) -> QueueTicket:
    """Did not come: restorable for NO_SHOW_RESTORE_MINUTES, to the back of the queue."""
    now = at or timezone.now()
    with transaction.atomic():
        seat = _seat(counter, now)
        ticket = _current(seat, ticket_id)
        ticket.state, ticket.skipped_at, ticket.updated_at = TicketState.NO_SHOW, now, now
        ticket.save(update_fields=["state", "skipped_at", "updated_at"])
        _event(ticket, TicketEventKind.SKIP, counter, officer, now)
        seat.current = None
        _save_seat(seat, now)
    return ticket


def ticket_restore(*, ticket: QueueTicket, officer: Any, at: dt.datetime | None = None) -> QueueTicket:
    """A person who missed their call came back within the window: back of the queue, same number."""
    now = at or timezone.now()
    window = dt.timedelta(minutes=int(queue_setting("NO_SHOW_RESTORE_MINUTES")))
    with transaction.atomic():
        ticket = QueueTicket.objects.select_for_update().get(pk=ticket.pk)
        if ticket.state != TicketState.NO_SHOW or ticket.skipped_at is None:
            raise QueueConflict()
        if now - ticket.skipped_at > window or ticket.day != timezone.localdate(now):
            raise QueueError(
                _("A missed number can be put back only within %(n)s minutes. Issue a new ticket.")
                % {"n": queue_setting("NO_SHOW_RESTORE_MINUTES")},
                code="restore_window",
            )
        ticket.state, ticket.queued_at, ticket.is_front, ticket.updated_at = TicketState.WAITING, now, False, now
        ticket.save(update_fields=["state", "queued_at", "is_front", "updated_at"])
        _event(ticket, TicketEventKind.RESTORE, ticket.counter, officer, now)
    return ticket


def ticket_transfer(
    *,
    counter: Counter,
    officer: Any,
    to_group: ServiceGroup | None = None,
    to_counter: Counter | None = None,
    ticket_id: int | None = None,
    at: dt.datetime | None = None,
) -> QueueTicket:
    """Send the person to another group or counter of the centre; the ticket keeps its place in time."""
    now = at or timezone.now()
    if (to_group is None) == (to_counter is None):
        raise QueueError(_("Choose one counter group or one counter to transfer to."), field="to")
    with transaction.atomic():
        seat = _seat(counter, now)
        ticket = _current(seat, ticket_id)
        target = to_group or ticket.group
        if target.desk_id != counter.desk_id or (to_counter is not None and to_counter.desk_id != counter.desk_id):
            raise QueueError(_("Transfer only within this centre."), field="to")
        if to_counter is not None and to_counter.pk == counter.pk:
            raise QueueError(_("The ticket is already at this counter."), field="to")
        ticket.group, ticket.target_counter, ticket.state = target, to_counter, TicketState.WAITING
        ticket.transfer_count += 1
        ticket.updated_at = now
        ticket.save(update_fields=["group", "target_counter", "state", "transfer_count", "updated_at"])
        to: dict[str, Any] = (
            {"to_group": target.prefix} if to_group else {"to_counter": to_counter.number if to_counter else None}
        )
        _event(ticket, TicketEventKind.TRANSFER, counter, officer, now, **to)
        seat.current = None
        _save_seat(seat, now)
    return ticket


def ticket_link_dossier(*, ticket: QueueTicket, dossier: Any, actor: Any, at: dt.datetime | None = None) -> QueueTicket:
    """The counter intake started from this ticket made `dossier` (a ticket may lead to several)."""
    now = at or timezone.now()
    with transaction.atomic():
        ticket = QueueTicket.objects.select_for_update().get(pk=ticket.pk)
        if ticket.desk_id != dossier.desk_id:
            raise QueueError(_("The ticket and the dossier belong to different centres."))
        ticket.dossier = dossier
        ticket.updated_at = now
        ticket.save(update_fields=["dossier", "updated_at"])
        _event(ticket, TicketEventKind.LINK, ticket.counter, actor, now, code=dossier.code)
    return ticket
