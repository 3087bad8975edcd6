"""The rating tablet bound to one counter: idle until the counter finishes a service, then the
officer's name and three big buttons; criteria are required after "not satisfied"."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from motcua.dossiers.errors import DossierError
from motcua.feedback.models import Criterion, Rating, RatingSource, Score
from motcua.feedback.services import rating_submit_tablet
from motcua.org.models import Counter, Desk

from .choices import TicketState
from .models import CounterSeat, QueueTicket
from .views_kiosk import floor_screen

IDLE_POLL_SECONDS = 2


def _counter(desk: Desk, number: int) -> Counter:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Counter, desk=desk, number=number, is_active=True)


def _pending(seat: CounterSeat | None) -> QueueTicket | None:
    """The last service finished at this counter, still inside its rating window and not yet rated."""
    if seat is None or seat.rating_ticket is None or seat.rating_until is None or seat.rating_until < timezone.now():
        return None
    ticket = seat.rating_ticket
    if ticket.state != TicketState.DONE or Rating.objects.filter(ticket=ticket, source=RatingSource.TABLET).exists():
        return None
    return ticket


def _initials(name: str) -> str:
    parts = name.split()
    return (parts[-1][:1] if parts else "?").upper()


def _state(request: HttpRequest, desk: Desk, counter: Counter, **extra: object) -> dict[str, object]:
    seat = (
        CounterSeat.objects.filter(counter=counter)
        .select_related("officer", "rating_ticket", "rating_ticket__officer")
        .first()
    )
    ticket = _pending(seat)
    officer = ticket.officer if ticket else None
    at_counter = officer or (seat.officer if seat else None)
    name = (getattr(at_counter, "full_name", "") or str(at_counter or "")) if at_counter else ""
    context: dict[str, object] = {
        "desk": desk,
        "counter": counter,
        "ticket": ticket,
        "officer_name": name,
        "initials": _initials(name),
        "photo_url": at_counter.photo.url if at_counter is not None and getattr(at_counter, "photo", None) else "",
        "scores": Score.choices,
        "criteria": Criterion.choices,
        "poll": IDLE_POLL_SECONDS,
    }
    context.update(extra)
    return context


@require_GET
@floor_screen("tablet")
def tablet(request: HttpRequest, desk: Desk, number: int) -> HttpResponse:
    counter = _counter(desk, number)
    return render(request, "queueing/tablet.html", _state(request, desk, counter))


@require_GET
@floor_screen("tablet")
def tablet_state(request: HttpRequest, desk: Desk, number: int) -> HttpResponse:
    counter = _counter(desk, number)
    return render(request, "queueing/partials/tablet_state.html", _state(request, desk, counter))


@require_POST
@floor_screen("tablet")
def tablet_rate(request: HttpRequest, desk: Desk, number: int) -> HttpResponse:
    counter = _counter(desk, number)
    ticket = QueueTicket.objects.filter(pk=request.POST.get("ticket") or 0, counter=counter).first()
    score = request.POST.get("score", "")
    criteria = request.POST.getlist("criteria")
    comment = request.POST.get("comment", "")
    template = "queueing/partials/tablet_state.html"
    if ticket is None:
        return render(request, template, _state(request, desk, counter), status=404)
    if score == Score.NOT_SATISFIED and not criteria:  # first tap: ask what was wrong
        return render(request, template, _state(request, desk, counter, ask=True, score=score, asked_ticket=ticket))
    try:
        rating_submit_tablet(ticket=ticket, counter=counter, score=score, criteria=criteria, comment=comment)
    except DossierError as exc:
        context = _state(
            request, desk, counter, error=str(exc.message), ask=bool(criteria), score=score, asked_ticket=ticket
        )
        return render(request, template, context, status=400)
    return render(request, template, _state(request, desk, counter, thanks=True, rated_ticket=ticket))
