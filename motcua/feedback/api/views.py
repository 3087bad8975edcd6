"""Feedback (PAKN) API: anyone submits and follows by code; staff list and act in their scope."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from motcua.api.permissions import IsStaffMember
from motcua.api.schema import error_responses
from motcua.api.views import PublicAPIView, StaffAPIView, staff_user
from motcua.dossiers.codes import code_normalise
from motcua.dossiers.models import Dossier
from motcua.org.models import Agency

from .. import pakn_services as svc
from ..choices import FeedbackAbout, FeedbackState
from ..models import Feedback
from ..pakn_selectors import feedback_get_for, feedback_list_for, stage_view


class SubmitInput(serializers.Serializer):
    agency = serializers.CharField(max_length=32, help_text="Electronic identifier code of the agency concerned.")
    about = serializers.ChoiceField(choices=FeedbackAbout.choices, default=FeedbackAbout.OTHER)
    dossier_code = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    subject = serializers.CharField(max_length=300)
    content = serializers.CharField(max_length=10_000)
    sender_name = serializers.CharField(max_length=200)
    sender_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    sender_email = serializers.EmailField(required=False, allow_blank=True, default="")


class PublicOutput(serializers.Serializer):
    code = serializers.CharField()
    state = serializers.ChoiceField(choices=FeedbackState.choices)
    agency = serializers.CharField(source="agency.name")
    received_at = serializers.DateTimeField()
    answer_due = serializers.DateTimeField()
    answer = serializers.SerializerMethodField(help_text="Only once published.")
    published_at = serializers.DateTimeField(allow_null=True)
    likes = serializers.IntegerField()
    dislikes = serializers.IntegerField()

    def get_answer(self, obj: Feedback) -> str:
        return obj.answer if obj.published_at else ""


class StaffOutput(PublicOutput):
    subject = serializers.CharField()
    category = serializers.CharField()
    late = serializers.BooleanField()
    next_stage = serializers.SerializerMethodField()
    next_due = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    def get_answer(self, obj: Feedback) -> str:
        return obj.answer

    def get_next_stage(self, obj: Feedback) -> str:
        view = stage_view(obj)
        return view.stage if view else ""

    def get_next_due(self, obj: Feedback) -> str | None:
        view = stage_view(obj)
        return view.due.isoformat() if view else None

    def get_overdue(self, obj: Feedback) -> bool:
        view = stage_view(obj)
        return bool(view and view.overdue)


class ActionInput(serializers.Serializer):
    seen_state = serializers.ChoiceField(
        choices=FeedbackState.choices, required=False, help_text="Guards a stale screen."
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    request = serializers.CharField(required=False, allow_blank=True, default="")
    answer = serializers.CharField(required=False, allow_blank=True, default="")
    founded = serializers.BooleanField(required=False, allow_null=True, default=None)


class SubmitThrottle(AnonRateThrottle):
    rate = "10/hour"


@extend_schema(tags=["feedback"])
class FeedbackCollection(StaffAPIView):
    """GET is staff's (token or session); POST is anyone's, throttled per client address."""

    permission_classes = (AllowAny,)  # type: ignore[assignment]

    def get_throttles(self) -> list[Any]:
        return [SubmitThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        parameters=[OpenApiParameter("state", str), OpenApiParameter("overdue", str, description="1: overdue only")],
        responses={200: StaffOutput(many=True), **error_responses(401, 403)},
        operation_id="feedback_list",
    )
    def get(self, request: Request) -> Response:
        """Staff: feedback in the caller's scope (open by default)."""
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        if not IsStaffMember().has_permission(request, self):
            raise PermissionDenied()
        filters = {
            "state": request.query_params.get("state", "open"),
            "overdue": request.query_params.get("overdue", ""),
        }
        rows = feedback_list_for(user=staff_user(request), filters=filters)[:200]
        return Response(StaffOutput(rows, many=True).data)

    @extend_schema(
        request=SubmitInput,
        responses={201: PublicOutput, **error_responses(400, 404, 429)},
        operation_id="feedback_submit",
    )
    def post(self, request: Request) -> Response:
        """Anyone: send feedback (attachments through the web form). Limited per client address."""
        data = SubmitInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        agency = Agency.objects.filter(code=v["agency"], valid_to__isnull=True).first()
        if agency is None:
            raise serializers.ValidationError({"agency": ["Unknown agency."]})
        dossier = Dossier.objects.filter(code=code_normalise(v["dossier_code"])).first() if v["dossier_code"] else None
        feedback = svc.feedback_submit(
            agency=agency,
            sender=svc.Sender(v["sender_name"], v["sender_phone"], v["sender_email"]),
            subject=v["subject"],
            content=v["content"],
            about=v["about"],
            dossier=dossier,
        )
        return Response(PublicOutput(feedback).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["feedback"])
class FeedbackPublicView(PublicAPIView):
    @extend_schema(responses={200: PublicOutput, **error_responses(404)}, operation_id="feedback_public")
    def get(self, request: Request, code: str) -> Response:
        """The public part of a feedback by its code (no personal data)."""
        feedback = Feedback.objects.filter(code=code.strip()[:60]).select_related("agency").first()
        if feedback is None:
            from rest_framework.exceptions import NotFound

            raise NotFound()
        return Response(PublicOutput(feedback).data)


ACTIONS = {
    "accept": lambda f, u, v: svc.feedback_accept(feedback=f, actor=u, seen_state=v.get("seen_state")),
    "refuse": lambda f, u, v: svc.feedback_refuse(
        feedback=f, actor=u, reason=v["reason"], seen_state=v.get("seen_state")
    ),
    "request-supplement": lambda f, u, v: svc.feedback_request_supplement(
        feedback=f, actor=u, request=v["request"], seen_state=v.get("seen_state")
    ),
    "answer": lambda f, u, v: svc.feedback_answer(
        feedback=f, actor=u, answer=v["answer"], founded=v.get("founded"), seen_state=v.get("seen_state")
    ),
    "publish": lambda f, u, v: svc.feedback_publish(feedback=f, actor=u, seen_state=v.get("seen_state")),
    "close": lambda f, u, v: svc.feedback_close(feedback=f, actor=u, seen_state=v.get("seen_state")),
}


@extend_schema(
    tags=["feedback"], request=ActionInput, responses={200: StaffOutput, **error_responses(400, 401, 403, 404)}
)
class FeedbackActionView(StaffAPIView):
    def post(self, request: Request, code: str, action: str) -> Response:
        """Staff: accept, refuse, request-supplement, answer, publish or close (409 when stale)."""
        feedback = feedback_get_for(user=staff_user(request), code=code)
        handler = ACTIONS.get(action)
        if handler is None:
            from rest_framework.exceptions import NotFound

            raise NotFound()
        data = ActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(StaffOutput(handler(feedback, staff_user(request), data.validated_data)).data)
