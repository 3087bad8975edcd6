"""Fixtures of the security tests: a small real province with a citizen's dossier, postal staff, a
partner account and a feedback item (the dossier tests' world, built through the real services)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import World
from motcua.feedback.models import Feedback
from motcua.feedback.pakn_services import Sender, feedback_submit
from motcua.org.choices import Role
from motcua.org.models import User
from motcua.org.tests.factories import RoleAssignmentFactory, UserFactory
from motcua.portal.tests.test_citizen_support import (  # noqa: F401 - fixtures, registered under their names
    OTHER_CCCD,
    accepted,
    citizen_fixture,
    frozen_fixture,
    make_citizen,
    online_fixture,
)
from motcua.postal.models import PostalAccount, PostalOperator


@dataclass
class Province:
    world: World
    dossier: Dossier  # the citizen's, accepted at the provincial centre, at the Justice department
    citizen: User
    stranger: User
    postal_worker: User
    partner: User
    feedback: Feedback

    def values(self) -> dict[str, Any]:
        """Route parameters, filled with this province's real objects."""
        form = self.dossier.forms.order_by("pk").first()
        attachment = self.dossier.attachments.order_by("pk").first()
        return {
            "code": self.dossier.code,
            "pk": self.dossier.pk,
            "id": self.dossier.pk,
            "form_id": form.pk if form else 1,
            "attachment_id": attachment.pk if attachment else 1,
            "item_id": 1,
            "desk_code": self.world.centre.code,
            "number": 1,
            "token": "unknown-token",
            "fmt": "xlsx",
            "action": "forward",
            "version_id": self.world.version.pk,
            "counter_id": 1,
            "line_id": 1,
            "device_id": 1,
            "gateway": "sandbox",
            "txn_ref": "unknown",
            "uidb64": "x",
        }


@pytest.fixture
def province(online: World, citizen: User) -> Province:
    dossier = accepted(online, citizen)
    operator = PostalOperator.objects.create(code="VNPOST", name="Bưu điện tỉnh Lào Cai")
    worker = RoleAssignmentFactory(
        role=Role.POSTAL_STAFF, agency=online.province, desk=online.centre, valid_from=dt.date(2025, 1, 1)
    ).user
    partner = UserFactory(username="vnpost-api")
    for user in (worker, partner):
        PostalAccount.objects.create(user=user, operator=operator)
    feedback = feedback_submit(
        agency=online.justice,
        sender=Sender(name="Lò Văn Páo", phone="0987654321"),
        subject="Hồ sơ chậm",
        content="Hồ sơ của tôi chưa có kết quả.",
        dossier=dossier,
    )
    return Province(
        world=online,
        dossier=dossier,
        citizen=citizen,
        stranger=make_citizen("stranger", id_number=OTHER_CCCD),
        postal_worker=worker,
        partner=partner,
        feedback=feedback,
    )
