"""Demo postal service: VNPOST, its staff member `buudien`, an API client with a token, and orders in
different states on real published procedures open to postal submission. Idempotent on re-seed."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from motcua.catalog.choices import VersionStatus
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.uploads import upload_check
from motcua.org.models import Desk, User

from .models import PostalAccount, PostalOperator, PostalOrder
from .services import (
    CollectedLine,
    OrderInput,
    Sender,
    postal_desks,
    postal_handover_create,
    postal_order_collect,
    postal_order_create,
)

API_USERNAME = "vnpost.api"
SCAN = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PEOPLE = (
    ("Lò Thị Mai", "010190023456", "0912000111", "Thôn Tả Van, xã Sa Pa, tỉnh Lào Cai"),
    ("Vàng A Chứ", "010088034567", "0987000222", "Bản Lầu, xã Mường Khương, tỉnh Lào Cai"),
    ("Nguyễn Văn Hùng", "010079045678", "0904000333", "Số 12 đường Hoàng Liên, phường Lào Cai"),
)


@dataclass
class PostalDemo:
    operator: PostalOperator
    token: str
    made: int


def _operator() -> PostalOperator:
    operator, _ = PostalOperator.objects.update_or_create(
        code="VNPOST",
        defaults={
            "name": "Bưu điện tỉnh Lào Cai (Tổng công ty Bưu điện Việt Nam)",
            "webhook_secret_env": "MOTCUA_POSTAL_WEBHOOK_SECRET",
        },
    )
    return operator


def _accounts(operator: PostalOperator, worker: User | None) -> str:
    if worker is not None:
        PostalAccount.objects.get_or_create(user=worker, defaults={"operator": operator})
    client, created = User.objects.get_or_create(
        username=API_USERNAME, defaults={"full_name": "Hệ thống Bưu điện tỉnh (API)"}
    )
    if created:
        client.set_unusable_password()
        client.save(update_fields=["password"])
    PostalAccount.objects.get_or_create(user=client, defaults={"operator": operator})
    return Token.objects.get_or_create(user=client)[0].key


def _choices(centre: Desk) -> list[ProcedureVersion]:
    today = timezone.localdate()
    versions = (
        ProcedureVersion.objects.filter(
            status=VersionStatus.PUBLISHED, accepts_postal_intake=True, valid_from__lte=today
        )
        .exclude(components=None)
        .exclude(time_value=None)
        .order_by("procedure__code")
    )
    return [v for v in versions[:200] if centre in postal_desks(v)][:3]


def _order(operator: PostalOperator, actor: User, version: ProcedureVersion, desk: Desk, index: int) -> PostalOrder:
    name, _id, phone, address = PEOPLE[index % len(PEOPLE)]
    both = version.accepts_postal_return
    return postal_order_create(
        actor=actor,
        operator=operator,
        data=OrderInput(
            desk=desk,
            version=version,
            kind="both" if both else "submit",
            applicant_name=name,
            phone=phone,
            pickup_address=address,
            return_address=address if both else "",
        ),
    )


def _collect(order: PostalOrder, worker: User, index: int) -> None:
    name, id_number, phone, address = PEOPLE[index % len(PEOPLE)]
    lines = [
        CollectedLine(
            component_id=c.pk,
            received=True,
            original_qty=1,
            scans=[upload_check(SimpleUploadedFile(f"thanh-phan-{c.order}.pdf", SCAN))] if c.order == 1 else [],
        )
        for c in order.procedure_version.components.filter(required=True)
    ]
    postal_order_collect(
        actor=worker,
        order=order,
        sender=Sender(name=name, id_type="cccd", id_number=id_number, phone=phone, address=address),
        lines=lines,
        inbound_tracking=f"RR{260000000 + order.pk:09d}VN",
        postage_vnd=25000,
    )


def build_demo_postal(worker: User | None, centre: Desk) -> PostalDemo:
    """Operator, accounts and (once) three orders: requested, collected, handed over to the centre."""
    with transaction.atomic():
        operator = _operator()
        token = _accounts(operator, worker)
    if worker is None or PostalOrder.objects.filter(operator=operator).exists():
        return PostalDemo(operator, token, 0)
    versions = _choices(centre)
    made = 0
    for index, version in enumerate(versions):
        with transaction.atomic():
            order = _order(operator, worker, version, centre, index)
            made += 1
            if index >= 1:
                _collect(order, worker, index)
            if index >= 2:
                order.refresh_from_db()
                postal_handover_create(actor=worker, operator=operator, desk=centre, orders=[order])
    return PostalDemo(operator, token, made)
