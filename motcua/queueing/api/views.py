"""Queue API: kiosks and partner kiosks issue tickets, boards read the state, counters act, people
follow tickets and book appointments (services.md §3). Writes go through `motcua.queueing.services`."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from motcua.api.schema import error_responses
from motcua.api.views import PublicAPIView
from motcua.feedback.services import rating_submit_tablet
from motcua.org.models import Counter, Desk

from .. import services
from ..access import may_manage
from ..models import FloorDevice, QueueTicket, ServiceGroup
from ..selectors import (
    board_state,
    desk_for_floor,
    groups_for_desk,
    people_ahead,
    seat_for,
    ticket_by_token,
    waiting_counts,
)
from . import serializers as s
from .auth import FloorDeviceAuthentication

IDEMPOTENCY_HEADER = "Idempotency-Key"


def _ticket_data(ticket: QueueTicket) -> dict[str, Any]:
    if getattr(ticket, "people_ahead", None) is None or not getattr(ticket, "created", False):
        ticket.people_ahead = people_ahead(ticket)  # type: ignore[attr-defined]
    return dict(s.TicketOutput(ticket).data)


class FloorAPIView(PublicAPIView):
    """Callers: a bound device (`Authorization: Device …`), or staff of the centre (token or session)."""

    authentication_classes = (FloorDeviceAuthentication, TokenAuthentication, SessionAuthentication)  # type: ignore[assignment]

    def require(self, request: Request, desk: Desk, kind: str, counter: Counter | None = None) -> None:
        device = request.auth if isinstance(request.auth, FloorDevice) else None
        if device is not None:
            if (
                device.kind == kind
                and device.desk_id == desk.pk
                and (counter is None or device.counter_id == counter.pk)
            ):
                return
            raise exceptions.NotFound()
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        if not may_manage(request.user, desk):
            raise exceptions.NotFound()


class BookingThrottle(AnonRateThrottle):
    rate = "20/hour"


@extend_schema(tags=["queue"], responses={200: s.GroupOutput(many=True), **error_responses(404)})
class GroupsView(PublicAPIView):
    """The counter groups of a centre, with the people waiting in each (what a kiosk shows)."""

    def get(self, request: Request, desk_code: str) -> Response:
        desk = desk_for_floor(desk_code)
        counts = waiting_counts(desk)
        rows = [
            {
                "prefix": g.prefix,
                "name": g.name,
                "waiting": counts.get(g.pk, {}).get("waiting", 0),
                "accepts_appointments": g.accepts_appointments,
            }
            for g in groups_for_desk(desk)
        ]
        return Response(s.GroupOutput(rows, many=True).data)


@extend_schema(
    tags=["queue"],
    request=s.TicketInput,
    parameters=[
        OpenApiParameter(
            IDEMPOTENCY_HEADER, str, OpenApiParameter.HEADER, description="The same key returns the same ticket."
        )
    ],
    responses={201: s.TicketOutput, 200: s.TicketOutput, **error_responses(400, 401, 404)},
)
class TicketIssueView(FloorAPIView):
    """Issue a ticket (a kiosk, or staff at the centre). A repeated Idempotency-Key returns 200 and the
    ticket already issued for it."""

    def post(self, request: Request, desk_code: str) -> Response:
        desk = desk_for_floor(desk_code)
        self.require(request, desk, "kiosk")
        data = s.TicketInput(data=request.data)
        data.is_valid(raise_exception=True)
        group = ServiceGroup.objects.filter(
            desk=desk, prefix=data.validated_data["group"].upper(), is_active=True
        ).first()
        if group is None:
            raise exceptions.ValidationError({"group": ["Unknown counter group."]})
        key = (request.headers.get(IDEMPOTENCY_HEADER) or "")[:64]
        ticket = services.ticket_issue(desk=desk, group=group, priority=data.validated_data["priority"], client_key=key)
        created = getattr(ticket, "created", True)
        return Response(_ticket_data(ticket), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


@extend_schema(
    tags=["queue"], request=s.CheckinInput, responses={201: s.TicketOutput, **error_responses(400, 401, 404)}
)
class CheckinView(FloorAPIView):
    """Check in an appointment with its booking code: a front-class ticket within the window."""

    def post(self, request: Request, desk_code: str) -> Response:
        desk = desk_for_floor(desk_code)
        self.require(request, desk, "kiosk")
        data = s.CheckinInput(data=request.data)
        data.is_valid(raise_exception=True)
        ticket = services.ticket_checkin(desk=desk, code=data.validated_data["code"])
        return Response(_ticket_data(ticket), status=status.HTTP_201_CREATED)


@extend_schema(tags=["queue"], responses={200: s.TicketOutput, **error_responses(404)})
class TicketStatusView(PublicAPIView):
    """A ticket by its token (the QR on the ticket): state, people ahead, estimated wait."""

    def get(self, request: Request, token: str) -> Response:
        return Response(_ticket_data(ticket_by_token(token)))


@extend_schema(tags=["queue"], responses={200: s.BoardOutput, **error_responses(404)})
class BoardView(PublicAPIView):
    """What the display board shows (numbers and counters only: nothing personal)."""

    def get(self, request: Request, desk_code: str) -> Response:
        board = board_state(desk_for_floor(desk_code))
        body = {"version": board.version, "counters": board.counters, "recent": board.recent, "groups": board.groups}
        return Response(s.BoardOutput(body).data)


COUNTER_ACTIONS = {
    "call-next": lambda c, u, d: services.ticket_call_next(counter=c, officer=u),
    "recall": lambda c, u, d: services.ticket_recall(counter=c, officer=u, ticket_id=d.get("ticket")),
    "start": lambda c, u, d: services.ticket_start(counter=c, officer=u, ticket_id=d.get("ticket")),
    "finish": lambda c, u, d: services.ticket_finish(counter=c, officer=u, ticket_id=d.get("ticket")),
    "skip": lambda c, u, d: services.ticket_skip(counter=c, officer=u, ticket_id=d.get("ticket")),
    "transfer": lambda c, u, d: services.ticket_transfer(
        counter=c,
        officer=u,
        ticket_id=d.get("ticket"),
        to_group=ServiceGroup.objects.filter(desk_id=c.desk_id, prefix=(d.get("group") or "").upper()).first()
        if d.get("group")
        else None,
        to_counter=Counter.objects.filter(desk_id=c.desk_id, number=d.get("counter")).first()
        if d.get("counter")
        else None,
    ),
    "open": lambda c, u, d: services.seat_open(counter=c, officer=u),
    "pause": lambda c, u, d: services.seat_pause(counter=c, officer=u),
    "close": lambda c, u, d: services.seat_close(counter=c, officer=u),
}


@extend_schema(
    tags=["queue"], request=s.CounterActionInput, responses={200: s.CounterSeatOutput, **error_responses(400, 401, 404)}
)
class CounterActionView(FloorAPIView):
    """A counter's action: call-next, recall, start, finish, skip, transfer, open, pause, close."""

    authentication_classes = (TokenAuthentication, SessionAuthentication)  # type: ignore[assignment]

    def post(self, request: Request, desk_code: str, number: int, action: str) -> Response:
        desk = desk_for_floor(desk_code)
        counter = Counter.objects.filter(desk=desk, number=number, is_active=True).first()
        handler = COUNTER_ACTIONS.get(action)
        if counter is None or handler is None:
            raise Http404
        self.require(request, desk, "staff")
        data = s.CounterActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        handler(counter, request.user, data.validated_data)
        seat = seat_for(counter)
        current = seat.current if seat.current and seat.current.state == "called" else None
        body = {"counter": counter.number, "status": seat.status, "current": _ticket_data(current) if current else None}
        return Response(body)


@extend_schema(
    tags=["queue"],
    parameters=[OpenApiParameter("group", str), OpenApiParameter("day", str, description="YYYY-MM-DD")],
    responses={200: s.SlotOutput(many=True), **error_responses(400, 404)},
)
class SlotsView(PublicAPIView):
    """Free appointment times of a group on a day."""

    def get(self, request: Request, desk_code: str) -> Response:
        desk = desk_for_floor(desk_code)
        query = s.SlotQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        group = ServiceGroup.objects.filter(
            desk=desk, prefix=query.validated_data["group"].upper(), is_active=True
        ).first()
        if group is None:
            raise Http404
        return Response(
            s.SlotOutput(services.appointment_slots(group=group, day=query.validated_data["day"]), many=True).data
        )


@extend_schema(
    tags=["queue"],
    request=s.AppointmentInput,
    responses={201: s.AppointmentOutput, **error_responses(400, 404, 429)},
)
class AppointmentBookView(PublicAPIView):
    """Book an appointment; the booking code also goes by SMS / e-mail. Limited per client address."""

    throttle_classes = (BookingThrottle,)

    def post(self, request: Request) -> Response:
        data = s.AppointmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        group = ServiceGroup.objects.filter(desk__code=v["desk"], prefix=v["group"].upper(), is_active=True).first()
        if group is None:
            raise Http404
        booked = services.appointment_book(
            group=group, day=v["day"], slot=v["time"], name=v["name"], phone=v["phone"], email=v["email"]
        )
        return Response(s.AppointmentOutput(booked).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["queue"], request=s.CancelInput, responses={200: s.AppointmentOutput, **error_responses(400, 404)})
class AppointmentCancelView(PublicAPIView):
    def post(self, request: Request) -> Response:
        data = s.CancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            s.AppointmentOutput(services.appointment_cancel(token=data.validated_data["cancel_token"])).data
        )


@extend_schema(
    tags=["queue"], request=s.TabletRatingInput, responses={201: s.RatingOutput, **error_responses(400, 401, 404)}
)
class TabletRatingView(FloorAPIView):
    """A rating from the counter's tablet for the service just finished there."""

    def post(self, request: Request, desk_code: str, number: int) -> Response:
        desk = desk_for_floor(desk_code)
        counter = Counter.objects.filter(desk=desk, number=number, is_active=True).first()
        if counter is None:
            raise Http404
        self.require(request, desk, "tablet", counter)
        data = s.TabletRatingInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        ticket = QueueTicket.objects.filter(pk=v["ticket"], counter=counter).first()
        if ticket is None:
            raise Http404
        rating = rating_submit_tablet(
            ticket=ticket, counter=counter, score=v["score"], criteria=v["criteria"], comment=v["comment"]
        )
        return Response(s.RatingOutput(rating).data, status=status.HTTP_201_CREATED)
