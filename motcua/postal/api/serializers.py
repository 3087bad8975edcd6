"""Input and output shapes of the partner API (one serializer per operation)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from motcua.dossiers.api.fields import Base64File
from motcua.dossiers.choices import ApplicantKind, IdType

from ..choices import DeliveryStatus, OrderKind, OrderStatus
from ..models import DeliveryEvent, PostalHandover, PostalOrder
from ..selectors import receipt_forms


class ApplicantInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ApplicantKind.choices, default=ApplicantKind.PERSON)
    name = serializers.CharField(max_length=200)
    phone = serializers.CharField(max_length=20)
    email = serializers.EmailField(required=False, default="", allow_blank=True)
    id_type = serializers.ChoiceField(choices=IdType.choices, default=IdType.CCCD)
    id_number = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)


class OrderCreateInput(serializers.Serializer):
    procedure = serializers.CharField(help_text="Procedure code, e.g. `1.001193`.")
    desk = serializers.CharField(help_text="Code of the receiving desk.")
    kind = serializers.ChoiceField(choices=[OrderKind.SUBMIT.value, OrderKind.BOTH.value], default="submit")
    applicant = ApplicantInput()
    pickup_address = serializers.CharField(max_length=300)
    return_address = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class SenderInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ApplicantKind.choices, default=ApplicantKind.PERSON)
    name = serializers.CharField(max_length=200)
    organisation_name = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    id_type = serializers.ChoiceField(choices=IdType.choices, default=IdType.CCCD)
    id_number = serializers.CharField(max_length=20)
    phone = serializers.CharField(max_length=20)
    email = serializers.EmailField(required=False, default="", allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)


class CollectedLineInput(serializers.Serializer):
    order = serializers.IntegerField(min_value=1, help_text="The component's order in the published list.")
    received = serializers.BooleanField(default=True)
    original_qty = serializers.IntegerField(min_value=0, default=0)
    copy_qty = serializers.IntegerField(min_value=0, default=0)
    scans = Base64File(many=True, required=False, default=list)


class CollectedInput(serializers.Serializer):
    sender = SenderInput()
    components = CollectedLineInput(many=True)
    inbound_tracking = serializers.CharField(max_length=40)
    fees_vnd = serializers.IntegerField(min_value=0, default=0, help_text="Fees collected for the agency.")
    postage_vnd = serializers.IntegerField(min_value=0, default=0)
    subject = serializers.CharField(max_length=1000, required=False, default="", allow_blank=True)
    sets_count = serializers.IntegerField(min_value=1, max_value=50, default=1)


class HandoverCreateInput(serializers.Serializer):
    desk = serializers.CharField(help_text="Code of the desk the parcels are handed to.")
    orders = serializers.ListField(child=serializers.CharField(), min_length=1, help_text="Order codes.")
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class PickedUpInput(serializers.Serializer):
    tracking_number = serializers.CharField(max_length=40)
    postage_vnd = serializers.IntegerField(min_value=0, default=0)


class DeliveryEventInput(serializers.Serializer):
    event_id = serializers.CharField(max_length=60)
    status = serializers.ChoiceField(choices=DeliveryStatus.choices)
    at = serializers.DateTimeField()
    location = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    note = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    delivered_to = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class OrderListInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=OrderStatus.choices, required=False)


class ResultListInput(serializers.Serializer):
    ready = serializers.BooleanField(required=False, default=False, help_text="1: only results waiting for pickup.")


class ComponentOutput(serializers.Serializer):
    order = serializers.IntegerField()
    name = serializers.CharField()
    required = serializers.BooleanField()  # type: ignore[assignment]  # the output key is `required`
    original_qty = serializers.IntegerField()
    copy_qty = serializers.IntegerField()


class OrderOutput(serializers.ModelSerializer):
    desk = serializers.CharField(source="desk.code")
    desk_name = serializers.CharField(source="desk.name")
    procedure = serializers.CharField(source="procedure_version.procedure.code")
    procedure_name = serializers.CharField(source="procedure_version.name")
    dossier = serializers.SerializerMethodField()
    handover = serializers.SerializerMethodField()
    components = serializers.SerializerMethodField()

    class Meta:
        model = PostalOrder
        fields = [
            "code",
            "kind",
            "status",
            "desk",
            "desk_name",
            "procedure",
            "procedure_name",
            "applicant_name",
            "phone",
            "pickup_address",
            "return_address",
            "note",
            "requested_at",
            "collected_at",
            "inbound_tracking",
            "fees_collected_vnd",
            "postage_vnd",
            "handover",
            "desk_note",
            "dossier",
            "outbound_tracking",
            "picked_up_at",
            "delivered_at",
            "components",
        ]

    def get_dossier(self, order: PostalOrder) -> str | None:
        return order.dossier.code if order.dossier_id and order.dossier else None

    def get_handover(self, order: PostalOrder) -> int | None:
        return order.inbound_handover_id

    def get_components(self, order: PostalOrder) -> list[dict[str, Any]]:
        rows = order.procedure_version.components.order_by("order")
        return ComponentOutput(rows, many=True).data  # type: ignore[return-value]


class EventOutput(serializers.ModelSerializer):
    class Meta:
        model = DeliveryEvent
        fields = ["event_id", "status", "at", "location", "note"]


class ResultOutput(serializers.ModelSerializer):
    order = serializers.CharField(source="code")
    dossier = serializers.CharField(source="dossier.code")
    desk = serializers.CharField(source="desk.code")
    recipient = serializers.CharField(source="applicant_name")
    address = serializers.CharField(source="return_address")
    finished_at = serializers.DateTimeField(source="dossier.finished_at")
    events = EventOutput(many=True)

    class Meta:
        model = PostalOrder
        fields = [
            "order",
            "dossier",
            "desk",
            "status",
            "recipient",
            "phone",
            "address",
            "finished_at",
            "outbound_tracking",
            "picked_up_at",
            "delivered_at",
            "delivered_to",
            "events",
        ]


class ParcelOutput(serializers.Serializer):
    order = serializers.CharField()
    tracking = serializers.CharField()
    applicant = serializers.CharField()
    complete = serializers.BooleanField(allow_null=True)
    note = serializers.CharField()
    dossier = serializers.CharField(allow_blank=True)
    receipt_pdf = serializers.CharField(allow_null=True, help_text="Mẫu 01 for the applicant (copy 2).")


class HandoverOutput(serializers.ModelSerializer):
    desk = serializers.CharField(source="desk.code")
    pdf = serializers.SerializerMethodField()
    parcels = serializers.SerializerMethodField()

    class Meta:
        model = PostalHandover
        fields = ["id", "number", "direction", "desk", "created_at", "signed_at", "fees_remitted_vnd", "pdf", "parcels"]

    def get_pdf(self, handover: PostalHandover) -> str:
        return reverse("api-postal-handover-pdf", kwargs={"pk": handover.pk})

    def get_parcels(self, handover: PostalHandover) -> list[dict[str, Any]]:
        forms = {f.pk for f in receipt_forms(handover)}
        rows = [
            {
                "order": p["order"],
                "tracking": p.get("tracking", ""),
                "applicant": p.get("applicant", ""),
                "complete": p.get("complete"),
                "note": p.get("note", ""),
                "dossier": p.get("dossier", ""),
                "receipt_pdf": reverse(
                    "api-postal-handover-receipt", kwargs={"pk": handover.pk, "form_id": p["receipt_form"]}
                )
                if p.get("receipt_form") in forms
                else None,
            }
            for p in handover.parcels
        ]
        return ParcelOutput(rows, many=True).data  # type: ignore[return-value]


class DeliveryEventOutput(EventOutput):
    recorded = serializers.BooleanField(help_text="False: this event id was already recorded and is ignored.")

    class Meta(EventOutput.Meta):
        fields = [*EventOutput.Meta.fields, "recorded"]
