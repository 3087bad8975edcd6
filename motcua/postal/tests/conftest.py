"""A postal world on top of the dossier tests' small province: the operator VNPOST with a staff
member and an API client, a second operator, and the Justice procedure open to postal intake."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from motcua.dossiers.tests.api_support import b64
from motcua.dossiers.tests.conftest import VALID_CCCD, World, build_world, pdf_bytes
from motcua.org.choices import Role
from motcua.org.models import User
from motcua.org.tests.factories import RoleAssignmentFactory, UserFactory
from motcua.postal.models import PostalAccount, PostalOperator

SECRET_ENV = "MOTCUA_TEST_POSTAL_SECRET"
SECRET = "s3cr3t-for-tests"


@dataclass
class PostalWorld:
    world: World
    operator: PostalOperator
    other: PostalOperator
    worker: User
    client_user: User
    other_user: User

    def api(self, user: User | None = None) -> PartnerClient:
        return PartnerClient(user or self.client_user)


class PartnerClient:
    """An API client with the operator's token; `post` adds a fresh Idempotency-Key unless given."""

    def __init__(self, user: User) -> None:
        token, _ = Token.objects.get_or_create(user=user)
        self.client = APIClient()
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/postal/{path}", params)

    def post(self, path: str, body: dict[str, Any], key: str | None = "new", **extra: Any) -> Any:
        headers = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": uuid.uuid4().hex if key == "new" else key}
        return self.client.post(f"/api/postal/{path}", body, format="json", **headers, **extra)


def _account(operator: PostalOperator, username: str, *, staff: bool, world: World) -> User:
    if staff:
        user = RoleAssignmentFactory(
            role=Role.POSTAL_STAFF,
            agency=world.province,
            desk=world.centre,
            valid_from=dt.date(2025, 1, 1),
            user__username=username,
        ).user
    else:
        user = UserFactory(username=username)
    PostalAccount.objects.create(user=user, operator=operator)
    return user


def build_postal(webhook_url: str = "") -> PostalWorld:
    world = build_world()
    world.version.accepts_postal_intake = True
    world.version.accepts_postal_return = True
    world.version.save(update_fields=["accepts_postal_intake", "accepts_postal_return"])
    operator = PostalOperator.objects.create(
        code="VNPOST", name="Bưu điện tỉnh Lào Cai", webhook_url=webhook_url, webhook_secret_env=SECRET_ENV
    )
    other = PostalOperator.objects.create(code="OTHER", name="Công ty chuyển phát khác")
    return PostalWorld(
        world=world,
        operator=operator,
        other=other,
        worker=_account(operator, "buudien", staff=True, world=world),
        client_user=_account(operator, "vnpost-api", staff=False, world=world),
        other_user=_account(other, "other-api", staff=False, world=world),
    )


@pytest.fixture
def postal(db: Any, monkeypatch: pytest.MonkeyPatch) -> PostalWorld:
    monkeypatch.setenv(SECRET_ENV, SECRET)
    return build_postal()


def order_body(pw: PostalWorld, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "procedure": pw.world.version.procedure.code,
        "desk": pw.world.centre.code,
        "kind": "both",
        "applicant": {"name": "Nguyễn Thị Hoà", "phone": "0912345678", "email": "hoa@example.vn"},
        "pickup_address": "Số 5 đường Hoàng Liên, phường Lào Cai",
        "return_address": "Số 5 đường Hoàng Liên, phường Lào Cai",
    }
    body.update(overrides)
    return body


def collected_body(
    pw: PostalWorld, tracking: str = "RR123456789VN", *, scans: bool = True, **overrides: Any
) -> dict[str, Any]:
    components = [
        {
            "order": c.order,
            "received": c.required,
            "original_qty": 1 if c.required else 0,
            "scans": [{"name": f"tp-{c.order}.pdf", "content_base64": b64(pdf_bytes(f"tp-{c.order}"))}]
            if scans and c.order == 1
            else [],
        }
        for c in pw.world.version.components.order_by("order")
    ]
    body: dict[str, Any] = {
        "sender": {
            "name": "Nguyễn Thị Hoà",
            "id_type": "cccd",
            "id_number": VALID_CCCD,
            "phone": "0912345678",
            "email": "hoa@example.vn",
            "address": "Số 5 đường Hoàng Liên, phường Lào Cai",
        },
        "components": components,
        "inbound_tracking": tracking,
        "fees_vnd": 200000,
        "postage_vnd": 25000,
        "subject": "Cấp Phiếu lý lịch tư pháp số 1",
    }
    body.update(overrides)
    return body
