"""Staff money pages (payments list, refunds, reconciliation) and the public lookup's fees panel."""

# ruff: noqa: F811 - the fixtures `world` and `fixed_gateway` are imported from test_staff_support

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers.tests.test_views_online_support import make_citizen
from motcua.payments.choices import Method
from motcua.payments.services.desk import payment_record_desk

from .test_staff_support import client_for, gateway_attempt, paid_cash, world  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
LIST = reverse("payments_staff:list")


def test_payments_list_with_filters_and_totals(world):
    cash = paid_cash(world)
    transfer = payment_record_desk(
        actor=world.desk_officer, dossier=world.receive(), method=Method.TRANSFER, note="FT9"
    )
    pending = gateway_attempt(world.receive())
    client = client_for(world.desk_officer)

    page = client.get(LIST).content.decode()
    assert all(p.txn_ref in page for p in (cash, transfer, pending))
    assert "400.000 đ" in page  # collected: the two paid ones

    only_cash = client.get(LIST, {"hinh_thuc": "cash"}).content.decode()
    assert cash.txn_ref in only_cash and transfer.txn_ref not in only_cash
    only_pending = client.get(LIST, {"trang_thai": "pending"}).content.decode()
    assert pending.txn_ref in only_pending and cash.txn_ref not in only_pending
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    assert cash.txn_ref not in client.get(LIST, {"ngay": yesterday}).content.decode()
    assert cash.txn_ref in client.get(LIST, {"ngay": timezone.localdate().isoformat()}).content.decode()


def test_payments_list_is_scoped(world):
    cash = paid_cash(world)

    assert cash.txn_ref in client_for(world.leader).get(LIST).content.decode()
    assert cash.txn_ref not in client_for(world.other_leader).get(LIST).content.decode()
    assert client_for(make_citizen()).get(LIST).status_code == 403
    assert Client().get(LIST).status_code == 302  # to the sign-in page


@pytest.mark.parametrize("name", ["payments_staff:refunds", "payments_staff:reconciliation"])
def test_other_pages_need_staff(world, name):
    assert client_for(world.desk_officer).get(reverse(name)).status_code == 200
    assert client_for(make_citizen()).get(reverse(name)).status_code == 403


def test_reconciliation_page_defaults_to_yesterday(world):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page = client_for(world.leader).get(reverse("payments_staff:reconciliation")).content.decode()
    assert f"Daily reconciliation of {yesterday:%d/%m/%Y}" in page
    assert "Nothing to reconcile for this day" in page


def test_lookup_panel_after_the_second_factor(world):
    cache.clear()
    payment = paid_cash(world)
    dossier = payment.dossier
    client = Client()

    code_only = client.get(reverse("portal:lookup"), {"ma": dossier.code}).content.decode()
    details = client.post(reverse("portal:lookup"), {"ma": dossier.code, "factor": "5678"}).content.decode()

    assert "Phí cung cấp thông tin lý lịch tư pháp" not in code_only
    assert "Phí cung cấp thông tin lý lịch tư pháp" in details
    assert "Cash at the desk: 200.000 đ – Paid" in details
    assert payment.txn_ref not in details
    assert world.desk_officer.full_name not in details
    cache.clear()
