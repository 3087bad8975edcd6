from __future__ import annotations

from rest_framework import serializers

from ..choices import SeatStatus, TicketState


class GroupOutput(serializers.Serializer):
    prefix = serializers.CharField()
    name = serializers.CharField()
    waiting = serializers.IntegerField()
    accepts_appointments = serializers.BooleanField()


class TicketInput(serializers.Serializer):
    group = serializers.CharField(max_length=2, help_text="Prefix of the counter group, e.g. A.")
    priority = serializers.CharField(max_length=24, required=False, allow_blank=True, default="")


class CheckinInput(serializers.Serializer):
    code = serializers.CharField(max_length=20, help_text="Booking code of today's appointment.")


class TicketOutput(serializers.Serializer):
    label = serializers.CharField(help_text="The number, e.g. A015.")  # type: ignore[assignment]  # a field named "label"
    group = serializers.CharField(source="group.prefix")
    group_name = serializers.CharField(source="group.name")
    state = serializers.ChoiceField(choices=TicketState.choices)
    priority = serializers.CharField()
    front = serializers.BooleanField(source="is_front")
    issued_at = serializers.DateTimeField()
    people_ahead = serializers.IntegerField()
    estimated_wait_minutes = serializers.IntegerField()
    counter = serializers.IntegerField(source="counter.number", allow_null=True, default=None)
    token = serializers.CharField(
        source="public_token", help_text="Follow the ticket: GET /api/v1/queue/tickets/{token}/."
    )


class BoardCounter(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=SeatStatus.choices)
    label = serializers.CharField(help_text="Number being served, empty when none.")  # type: ignore[assignment]  # a field named "label"


class BoardCall(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label"
    counter = serializers.IntegerField(allow_null=True)
    at = serializers.DateTimeField()


class BoardGroup(serializers.Serializer):
    prefix = serializers.CharField()
    name = serializers.CharField()
    waiting = serializers.IntegerField()


class BoardOutput(serializers.Serializer):
    version = serializers.CharField(help_text="Changes whenever the board changes.")
    counters = BoardCounter(many=True)
    recent = BoardCall(many=True)
    groups = BoardGroup(many=True)


class CounterActionInput(serializers.Serializer):
    ticket = serializers.IntegerField(
        required=False, help_text="The ticket the caller's screen shows (guards staleness)."
    )
    group = serializers.CharField(max_length=2, required=False, help_text="transfer: to this group prefix.")
    counter = serializers.IntegerField(required=False, help_text="transfer: to this counter number.")


class CounterSeatOutput(serializers.Serializer):
    counter = serializers.IntegerField()
    status = serializers.ChoiceField(choices=SeatStatus.choices)
    current = TicketOutput(allow_null=True)


class SlotOutput(serializers.Serializer):
    time = serializers.CharField(source="label")
    free = serializers.IntegerField()


class SlotQuery(serializers.Serializer):
    group = serializers.CharField(max_length=2)
    day = serializers.DateField()


class AppointmentInput(serializers.Serializer):
    desk = serializers.CharField(max_length=32, help_text="Code of the service centre.")
    group = serializers.CharField(max_length=2)
    day = serializers.DateField()
    time = serializers.TimeField()
    name = serializers.CharField(max_length=200)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")


class AppointmentOutput(serializers.Serializer):
    code = serializers.CharField(help_text="Booking code to type at the kiosk.")
    desk = serializers.CharField(source="desk.code")
    group = serializers.CharField(source="group.prefix")
    day = serializers.DateField()
    time = serializers.TimeField(source="slot")
    state = serializers.CharField()
    cancel_token = serializers.CharField(help_text="POST it to /api/v1/queue/appointments/cancel/ to cancel.")


class CancelInput(serializers.Serializer):
    cancel_token = serializers.CharField(max_length=40)


class TabletRatingInput(serializers.Serializer):
    ticket = serializers.IntegerField()
    score = serializers.CharField(max_length=16)
    criteria = serializers.ListField(child=serializers.CharField(max_length=16), required=False, default=list)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class RatingOutput(serializers.Serializer):
    score = serializers.CharField()
    criteria = serializers.ListField(child=serializers.CharField())
    created_at = serializers.DateTimeField()
