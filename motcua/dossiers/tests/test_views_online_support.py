"""Helpers shared by the tests of the desk's side of online intake (no tests here).

Online dossiers are made by the real services, as an applicant would: a citizen account with a
profile, a draft filled in and its required components uploaded, then submitted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from motcua.accounts.models import CitizenProfile
from motcua.catalog.choices import OnlineLevel
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    dossier_component_upload,
    dossier_draft_start,
    dossier_draft_update,
    dossier_request_supplement,
    dossier_resubmit,
    dossier_return_for_completion,
    dossier_submit,
    dossier_supplement_answer,
)
from motcua.dossiers.tests.conftest import VALID_CCCD, World, checked
from motcua.org.choices import Role
from motcua.org.models import User

from .conftest import _staff

OTHER_CCCD = "001090012346"
GAP = [{"component": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "defect": "Thiếu chữ ký"}]


def open_online(world: World) -> World:
    world.version.online_level = OnlineLevel.PARTIAL
    world.version.save(update_fields=["online_level"])
    return world


def make_citizen(username: str = "citizen", id_number: str = VALID_CCCD, **profile: Any) -> User:
    user = User.objects.create_user(
        username=username, password="x", full_name="Lò Thị Mai", phone="0912000111", email=f"{username}@example.vn"
    )
    CitizenProfile.objects.create(
        user=user, id_type="cccd", id_number=id_number, address="Xã Bát Xát, Lào Cai", **profile
    )
    return user


def draft(world: World, citizen: User, at: dt.datetime | None = None) -> Dossier:
    """A draft ready to submit: the form answered and every required component uploaded."""
    dossier = dossier_draft_start(applicant=citizen, version=world.version, desk=world.centre, at=at)
    dossier_draft_update(applicant=citizen, dossier=dossier, form_data={"request": "Cấp 02 Phiếu lý lịch tư pháp"})
    for line in dossier.components.filter(required=True):
        dossier_component_upload(
            applicant=citizen, dossier=dossier, component_id=line.pk, files=[checked(f"giay-to-{line.order}.pdf")]
        )
    return dossier


def submitted(world: World, citizen: User | None = None, at: dt.datetime | None = None) -> Dossier:
    """An online dossier waiting for the desk's check (the world's procedure is opened online)."""
    open_online(world)
    citizen = citizen or User.objects.filter(username="citizen").first() or make_citizen()
    return dossier_submit(applicant=citizen, dossier=draft(world, citizen, at), ip="203.0.113.7", at=at)


def resubmitted(world: World) -> Dossier:
    """Returned for completion once by the desk officer, then submitted again by the applicant."""
    dossier = submitted(world)
    dossier = dossier_return_for_completion(actor=world.desk_officer, dossier=dossier, items=GAP)
    assert dossier.applicant is not None
    return dossier_resubmit(applicant=dossier.applicant, dossier=dossier, note="Đã ký bổ sung")


def province_leader(world: World) -> User:
    """The leader of the receiving agency (the provincial centre), who alone may return a second time."""
    if "province_leader" not in world.users:
        world.users["province_leader"] = _staff(Role.AGENCY_LEADER, world.province, username="giamdoc.ttpvhcc")
    return world.users["province_leader"]


def supplement_answered(world: World) -> Dossier:
    """Accepted, Mẫu 02 issued, and answered online by the applicant with one file."""
    from motcua.dossiers.services import dossier_accept

    dossier = dossier_accept(actor=world.desk_officer, dossier=submitted(world))
    dossier = dossier_request_supplement(
        actor=world.desk_officer,
        dossier=dossier,
        items=[{"component": "Bản chụp giấy tờ tùy thân", "defect": "Ảnh bị mờ", "legal_basis": "Điều 45 Luật LLTP"}],
    )
    line = dossier.components.get(order=2)
    assert dossier.applicant is not None
    return dossier_supplement_answer(
        applicant=dossier.applicant,
        dossier=dossier,
        files=[(line.pk, checked("cccd-ro-net.pdf"))],
        note="Gửi lại bản chụp rõ nét",
    )
