"""Refunds: opened when a paid dossier is withdrawn, carried out in cash or through the gateway;
the result is not returned while fees are owed."""

# ruff: noqa: F811 - the fixtures `world` and `fixed_gateway` are imported from test_staff_support

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.audit.models import AuditEvent
from motcua.dossiers.choices import State
from motcua.dossiers.errors import NotPermitted
from motcua.dossiers.services import dossier_finish, dossier_return_result, dossier_withdraw
from motcua.dossiers.tests.api_support import to_clerk
from motcua.dossiers.tests.conftest import VALID_CCCD
from motcua.notifications.models import OutboxMessage
from motcua.payments.choices import PaymentStatus, RefundStatus
from motcua.payments.models import GatewayCallback, Refund
from motcua.payments.services.desk import payment_record_desk
from motcua.payments.services.fees import PaymentRequired
from motcua.payments.services.refunds import REFUND_EVENT, RefundFailed, refund_execute

from .test_staff_support import client_for, fixed_gateway, paid_cash, paid_online, world  # noqa: F401

pytestmark = pytest.mark.django_db


def withdraw(world, dossier):
    return dossier_withdraw(actor=world.desk_officer, dossier=dossier, request_text="Đơn xin rút hồ sơ")


def test_withdrawal_of_a_paid_dossier_opens_a_refund_carried_out_in_cash(world):
    payment = paid_cash(world)
    withdraw(world, payment.dossier)
    refund = Refund.objects.get(payment=payment)
    assert (refund.status, refund.amount_vnd, refund.reason) == (RefundStatus.REQUESTED, 200000, "withdraw")

    listing = client_for(world.desk_officer).get(reverse("payments_staff:refunds")).content.decode()
    assert payment.dossier.code in listing
    assert "Withdrawn by the applicant" in listing
    assert "Refund paid out in cash" in listing

    response = client_for(world.desk_officer).post(
        reverse("payments_staff:refund_execute", args=[refund.pk]), {"note": "Đã chi tiền mặt, phiếu chi 12"}
    )

    assert response.status_code == 302
    refund.refresh_from_db()
    payment.refresh_from_db()
    assert (refund.status, refund.done_by, refund.note) == (
        RefundStatus.DONE,
        world.desk_officer,
        "Đã chi tiền mặt, phiếu chi 12",
    )
    assert payment.status == PaymentStatus.REFUNDED
    assert AuditEvent.objects.filter(kind="payment.refunded", object_id=str(payment.pk)).count() == 1
    told = OutboxMessage.objects.filter(event=REFUND_EVENT, event_key=f"refund:{refund.pk}")
    assert sorted(told.values_list("channel", flat=True)) == ["email", "sms"]
    assert (
        payment.dossier.code
        not in client_for(world.desk_officer).get(reverse("payments_staff:refunds")).content.decode()
    )


def test_a_refund_is_carried_out_once(world):
    payment = paid_cash(world)
    withdraw(world, payment.dossier)
    refund = Refund.objects.get()
    refund_execute(actor=world.desk_officer, refund=refund)

    again = client_for(world.desk_officer).post(reverse("payments_staff:refund_execute", args=[refund.pk]), follow=True)

    assert "This refund has already been carried out." in again.content.decode()
    assert AuditEvent.objects.filter(kind="payment.refunded").count() == 1


def test_only_the_desk_officer_carries_out_a_refund(world):
    payment = paid_cash(world)
    withdraw(world, payment.dossier)
    refund = Refund.objects.get()

    with pytest.raises(NotPermitted):
        refund_execute(actor=world.leader, refund=refund)
    stranger = client_for(world.other_leader).post(reverse("payments_staff:refund_execute", args=[refund.pk]))

    assert stranger.status_code == 404
    refund.refresh_from_db()
    assert refund.status == RefundStatus.REQUESTED


def test_gateway_refund_through_the_plugin(world, fixed_gateway):
    payment = paid_online(world.receive())
    withdraw(world, payment.dossier)
    refund = Refund.objects.get(payment=payment)

    done = refund_execute(actor=world.desk_officer, refund=refund)

    assert fixed_gateway.refunded == [(payment.txn_ref, 200000)]
    assert (done.status, done.gateway_ref) == (RefundStatus.DONE, "RF1")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    answer = GatewayCallback.objects.get(kind="refund", payment=payment)
    assert (answer.outcome, answer.params["vnp_TransactionNo"]) == ("00", "RF1")


def test_gateway_refusal_leaves_the_refund_requested_with_the_message(world, fixed_gateway):
    payment = paid_online(world.receive())
    withdraw(world, payment.dossier)
    refund = Refund.objects.get(payment=payment)
    fixed_gateway.refund_answer = {"vnp_ResponseCode": "94", "message": "Duplicate request"}

    with pytest.raises(RefundFailed):
        refund_execute(actor=world.desk_officer, refund=refund)

    refund.refresh_from_db()
    payment.refresh_from_db()
    assert (refund.status, refund.note) == (RefundStatus.REQUESTED, "94 Duplicate request")
    assert payment.status == PaymentStatus.PAID
    assert GatewayCallback.objects.get(kind="refund", payment=payment).outcome == "94"
    assert AuditEvent.objects.filter(kind="payment.refund_failed", object_id=str(payment.pk)).exists()

    fixed_gateway.refund_error = OSError("connection reset")
    page = client_for(world.desk_officer).post(reverse("payments_staff:refund_execute", args=[refund.pk]), follow=True)
    assert "connection reset" in page.content.decode()
    refund.refresh_from_db()
    assert refund.status == RefundStatus.REQUESTED


def test_the_result_is_not_returned_while_fees_are_owed(world):
    # A written refusal is a result too (and needs no signing certificate in the test environment).
    dossier = dossier_finish(
        actor=world.clerk, dossier=to_clerk(world), outcome="refused", reasons="Không đủ điều kiện"
    )
    assert dossier.state == State.DONE

    with pytest.raises(PaymentRequired):
        dossier_return_result(
            actor=world.desk_officer, dossier=dossier, recipient_name="Nguyễn Thị Hoà", recipient_id=VALID_CCCD
        )
    dossier.refresh_from_db()
    assert dossier.state == State.DONE

    payment_record_desk(actor=world.desk_officer, dossier=dossier, method="cash")
    returned = dossier_return_result(
        actor=world.desk_officer, dossier=dossier, recipient_name="Nguyễn Thị Hoà", recipient_id=VALID_CCCD
    )
    assert returned.state == State.RETURNED
