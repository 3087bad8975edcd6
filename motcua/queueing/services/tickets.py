"""Issuing tickets: gap-free numbers per (group, day), idempotent per kiosk tap, an estimated wait."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.org.models import Desk

from ..choices import PriorityStatus, TicketEventKind, TicketState
from ..errors import QueueError
from ..models import QueueTicket, ServiceGroup, TicketEvent, TicketSequence
from ..selectors import estimate_wait_minutes, priority_keys

MAX_PER_DAY = 99_999  # A001…A999, then A1000…: the number widens like dossier codes
CLIENT_KEY_MAX = 64


def _next_number(group: ServiceGroup, day: dt.date) -> int:
    """Bump the (group, day) sequence row inside the caller's transaction; the row lock is held until
    it commits, and a rollback gives the number back, so numbers have no gaps and no repeats."""
    table = TicketSequence._meta.db_table
    sql = f"UPDATE {table} SET last = last + 1 WHERE group_id = %s AND day = %s RETURNING last"  # noqa: S608 - table name is ours
    with connection.cursor() as cursor:
        cursor.execute(sql, [group.pk, day])
        row = cursor.fetchone()
        if row is None:
            try:
                with transaction.atomic():
                    TicketSequence.objects.create(group=group, day=day)
            except IntegrityError:  # another kiosk created it first
                pass
            cursor.execute(sql, [group.pk, day])
            row = cursor.fetchone()
    return int(row[0])


def _check(desk: Desk, group: ServiceGroup, priority: str, client_key: str) -> None:
    if group.desk_id != desk.pk or not group.is_active:
        raise QueueError(_("Choose a service of this centre."), field="group")
    if priority and priority not in priority_keys():
        raise QueueError(_("Choose a priority from the list."), field="priority")
    if len(client_key) > CLIENT_KEY_MAX:
        raise QueueError(_("The request key is too long."), field="client_key")


def ticket_issue(
    *,
    desk: Desk,
    group: ServiceGroup,
    priority: str = "",
    client_key: str = "",
    front: bool = False,
    appointment: Any = None,
    at: dt.datetime | None = None,
) -> QueueTicket:
    """A new ticket at the back of its class. The same `client_key` (a kiosk tap retried) returns the
    ticket it already made, never a second one."""
    _check(desk, group, priority, client_key)
    now = at or timezone.now()
    day = timezone.localdate(now)
    front = bool(priority) or front
    try:
        with transaction.atomic():
            # Counted before the sequence row is locked, so the count never lengthens the time other
            # kiosks of the group wait for it; an estimate may miss tickets issued in the same instant.
            ahead = _ahead_of_new(group, day, front)
            number = _next_number(group, day)
            if number > MAX_PER_DAY:
                raise QueueError(_("No more tickets can be issued for this service today."), code="exhausted")
            ticket = QueueTicket(
                desk=desk,
                group=group,
                issued_group=group,
                day=day,
                number=number,
                label=f"{group.prefix}{number:03d}",
                priority=priority,
                priority_status=PriorityStatus.CLAIMED if priority else PriorityStatus.NONE,
                is_front=front,
                appointment=appointment,
                issued_at=now,
                queued_at=now,
                public_token=secrets.token_urlsafe(12),
                client_key=client_key,
                estimated_wait_minutes=estimate_wait_minutes(group, ahead),
                updated_at=now,
            )
            ticket.save(force_insert=True)
    except IntegrityError:
        existing = QueueTicket.objects.filter(desk=desk, client_key=client_key).first() if client_key else None
        if existing is None:
            raise
        existing.created = False  # type: ignore[attr-defined]  # the API answers 200, not 201
        return existing
    ticket.people_ahead = ahead  # type: ignore[attr-defined]  # shown on the printed ticket
    ticket.created = True  # type: ignore[attr-defined]
    return ticket


def _ahead_of_new(group: ServiceGroup, day: dt.date, front: bool) -> int:
    """People ahead of a ticket joining now: every waiting ticket of the group (a front-class one
    passes the normal ones)."""
    waiting = QueueTicket.objects.filter(group=group, day=day, state=TicketState.WAITING)
    return waiting.filter(is_front=True).count() if front else waiting.count()


def ticket_priority_check(
    *, ticket: QueueTicket, actor: Any, confirmed: bool, at: dt.datetime | None = None
) -> QueueTicket:
    """Floor staff confirm or refuse a priority chosen at the kiosk; a refused one keeps its issue time
    in the normal queue. Only the category is ever stored (services.md §3)."""
    now = at or timezone.now()
    with transaction.atomic():
        ticket = QueueTicket.objects.select_for_update().get(pk=ticket.pk)
        if not ticket.priority or ticket.state not in (TicketState.WAITING, TicketState.CALLED):
            raise QueueError(_("This ticket has no priority to check."))
        ticket.priority_status = PriorityStatus.CONFIRMED if confirmed else PriorityStatus.REVOKED
        ticket.is_front = confirmed or ticket.appointment_id is not None
        ticket.updated_at = now
        ticket.save(update_fields=["priority_status", "is_front", "updated_at"])
        TicketEvent.objects.create(
            ticket=ticket, kind=TicketEventKind.PRIORITY, actor=actor, at=now, data={"confirmed": confirmed}
        )
    return ticket


def queue_close_day(*, day: dt.date | None = None, at: dt.datetime | None = None) -> int:
    """Tickets still waiting or called after the centre closed become 'not served' (a nightly task);
    the statistics count them apart from the served ones."""
    now = at or timezone.now()
    last_day = day or timezone.localdate(now)
    return QueueTicket.objects.filter(day__lte=last_day, state__in=(TicketState.WAITING, TicketState.CALLED)).update(
        state=TicketState.EXPIRED, updated_at=now
    )
