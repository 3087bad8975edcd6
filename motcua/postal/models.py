"""The public postal channel (services.md §2, QĐ 45/2016): pickups, sealed parcels, the signed
hand-over record that sets the legal reception time, return shipments and their delivery events."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import HandoverDirection, OrderKind, OrderStatus


class PostalOperator(models.Model):
    """The postal company (VNPost by default). Its staff are users with the postal_staff role linked
    here; partner-API clients are users linked here too. The webhook secret lives in the environment
    (variable named by `webhook_secret_env`), never in the database."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    webhook_url = models.URLField(_("status webhook URL"), blank=True)
    webhook_secret_env = models.CharField(max_length=60, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("postal operator")
        verbose_name_plural = _("postal operators")

    def __str__(self) -> str:
        return self.name


class PostalAccount(models.Model):
    """Links a staff user or an API client user to its postal operator."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="postal_account")
    operator = models.ForeignKey(PostalOperator, on_delete=models.PROTECT, related_name="accounts")

    def __str__(self) -> str:
        return f"{self.user} @ {self.operator}"


class PostalOrder(models.Model):
    """One applicant's postal request: a pickup of their dossier (submit), the delivery of their result
    (return), or both."""

    code = models.CharField(_("order code"), max_length=24, unique=True)
    operator = models.ForeignKey(PostalOperator, on_delete=models.PROTECT, related_name="orders")
    kind = models.CharField(_("kind"), max_length=8, choices=OrderKind.choices)
    status = models.CharField(_("status"), max_length=14, choices=OrderStatus.choices, db_index=True)
    desk = models.ForeignKey("org.Desk", on_delete=models.PROTECT, related_name="postal_orders")
    procedure_version = models.ForeignKey("catalog.ProcedureVersion", on_delete=models.PROTECT, related_name="+")
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, null=True, blank=True, related_name="postal_orders"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="postal_orders"
    )
    applicant_kind = models.CharField(max_length=12, default="person")
    applicant_name = models.CharField(_("applicant name"), max_length=200)
    id_type = models.CharField(max_length=12, default="cccd")
    id_number = models.CharField(_("ID number"), max_length=20, blank=True)
    phone = models.CharField(_("phone"), max_length=20)
    email = models.EmailField(_("e-mail"), blank=True)
    pickup_address = models.CharField(_("pickup address"), max_length=300, blank=True)
    return_address = models.CharField(_("delivery address for the result"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    requested_at = models.DateTimeField()

    # Step 2: at the applicant's door or the postal point (sender slip, sealed parcel, fees collected).
    collected_at = models.DateTimeField(null=True, blank=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    slip = models.JSONField(default=dict, blank=True, help_text="Sender slip: sender, agency, procedure, documents")
    inbound_tracking = models.CharField(_("inbound tracking number"), max_length=40, blank=True, db_index=True)
    fees_collected_vnd = models.PositiveBigIntegerField(default=0)
    postage_vnd = models.PositiveBigIntegerField(default=0)

    # Step 5: the result's journey back.
    outbound_tracking = models.CharField(_("outbound tracking number"), max_length=40, blank=True, db_index=True)
    picked_up_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    delivered_to = models.CharField(max_length=200, blank=True)
    return_postage_vnd = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    # Step 3: the hand-over records the parcel travelled in, and the desk's note on an incomplete one.
    inbound_handover = models.ForeignKey(
        "PostalHandover", on_delete=models.PROTECT, null=True, blank=True, related_name="inbound_orders"
    )
    outbound_handover = models.ForeignKey(
        "PostalHandover", on_delete=models.PROTECT, null=True, blank=True, related_name="outbound_orders"
    )
    desk_note = models.CharField(_("desk's note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("postal order")
        verbose_name_plural = _("postal orders")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return self.code


def scan_path(instance: PostalScan, filename: str) -> str:
    return f"postal/scans/{instance.order_id}/{instance.sha256[:16]}-{instance.safe_name}"


class PostalScan(models.Model):
    """A scan the postal worker made of one component at collection; it becomes the dossier's scan
    when the desk signs the hand-over."""

    order = models.ForeignKey(PostalOrder, on_delete=models.CASCADE, related_name="scans")
    component = models.ForeignKey("catalog.Component", on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=scan_path)
    original_name = models.CharField(max_length=255)
    safe_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "component", "id"]

    def __str__(self) -> str:
        return self.original_name


class PostalHandover(models.Model):
    """The hand-over record (*biên bản giao nhận*) signed by the postal worker and the desk officer.
    Inbound, its signing time is the legal reception time of every dossier in it."""

    operator = models.ForeignKey(PostalOperator, on_delete=models.PROTECT, related_name="handovers")
    desk = models.ForeignKey("org.Desk", on_delete=models.PROTECT, related_name="postal_handovers")
    direction = models.CharField(max_length=10, choices=HandoverDirection.choices)
    number = models.CharField(_("record number"), max_length=30, unique=True)
    parcels = models.JSONField(default=list, help_text="[{order, tracking, complete, note}]")
    postal_signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    desk_signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    signed_at = models.DateTimeField(null=True, blank=True)
    fees_remitted_vnd = models.PositiveBigIntegerField(default=0)
    note = models.CharField(max_length=500, blank=True)
    file = models.FileField(upload_to="postal/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number


class DeliveryEvent(models.Model):
    """A status event of a shipment, from the operator (API) or typed by postal staff."""

    order = models.ForeignKey(PostalOrder, on_delete=models.CASCADE, related_name="events")
    event_id = models.CharField(max_length=60, help_text="The operator's id; a repeated event is ignored")
    status = models.CharField(max_length=20)
    at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=300, blank=True)
    raw = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "at", "id"]
        constraints = [models.UniqueConstraint(fields=["order", "event_id"], name="delivery_event_once")]

    def __str__(self) -> str:
        return f"{self.order_id} {self.status}"


class PartnerRequest(models.Model):
    """`Idempotency-Key` of a partner POST: a retry with the same key gets the first answer back."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="partner_request_once")]

    def __str__(self) -> str:
        return self.key


class Webhook(models.Model):
    """An outgoing status message to the operator, HMAC-SHA256 signed, retried until accepted."""

    operator = models.ForeignKey(PostalOperator, on_delete=models.CASCADE, related_name="webhooks")
    event = models.CharField(max_length=40)
    event_key = models.CharField(max_length=80, unique=True)
    payload = models.JSONField()
    status = models.CharField(max_length=10, default="pending", db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.event_key
