"""The VNPay 2.1.0 signature and redirect, checked against a vector computed here by hand from the
documented algorithm (sorted vnp_* fields, values URL-encoded with "+" for spaces, HMAC-SHA512 hex)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import override_settings

from motcua.payments.gateways.base import GatewayNotConfigured, gateway_get
from motcua.payments.gateways.vnpay import (
    GMT7,
    hash_data,
    order_info,
    pipe_checksum,
    pipe_ok,
    sign,
    signature_ok,
)
from motcua.payments.models import Payment

from .test_gateway_support import (  # noqa: F401 - fixtures, registered under their names
    FEE,
    SECRET,
    TMN,
    World,
    citizen_fixture,
    draft_of,
    full_fixture,
    start,
)

VECTOR = {
    "vnp_Version": "2.1.0",
    "vnp_Command": "pay",
    "vnp_TmnCode": "DEMOV210",
    "vnp_Amount": "1806000",
    "vnp_CurrCode": "VND",
    "vnp_TxnRef": "5",
    "vnp_OrderInfo": "Thanh toan don hang :5",
    "vnp_OrderType": "other",
    "vnp_Locale": "vn",
    "vnp_ReturnUrl": "https://domainmerchant.vn/ReturnUrl",
    "vnp_IpAddr": "127.0.0.1",
    "vnp_CreateDate": "20210801153333",
    "vnp_SecureHashType": "HmacSHA512",  # never signed
    "other": "ignored",  # not a vnp_ field
    "vnp_BankCode": "",  # empty: left out
}


def test_signing_matches_a_vector_computed_by_hand() -> None:
    by_hand = (
        "vnp_Amount=1806000&vnp_Command=pay&vnp_CreateDate=20210801153333&vnp_CurrCode=VND"
        "&vnp_IpAddr=127.0.0.1&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_OrderType=other"
        "&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl&vnp_TmnCode=DEMOV210&vnp_TxnRef=5"
        "&vnp_Version=2.1.0"
    )
    assert hash_data(VECTOR) == by_hand
    expected = hmac.new(b"SECRETKEY", by_hand.encode(), hashlib.sha512).hexdigest()
    assert sign(VECTOR, "SECRETKEY") == expected and len(expected) == 128
    assert signature_ok({**VECTOR, "vnp_SecureHash": expected.upper()}, "SECRETKEY")
    assert not signature_ok({**VECTOR, "vnp_SecureHash": expected, "vnp_Amount": "1806001"}, "SECRETKEY")
    assert not signature_ok({**VECTOR, "vnp_SecureHash": expected}, "OTHERKEY")
    assert not signature_ok(VECTOR, "SECRETKEY")  # no hash at all


def test_api_checksum_is_the_pipe_joined_fields_in_the_documented_order() -> None:
    body = {
        "vnp_RequestId": "r1",
        "vnp_Version": "2.1.0",
        "vnp_Command": "querydr",
        "vnp_TmnCode": "DEMOV210",
        "vnp_TxnRef": "5",
        "vnp_TransactionDate": "20210801153333",
        "vnp_CreateDate": "20210801160000",
        "vnp_IpAddr": "127.0.0.1",
        "vnp_OrderInfo": "Truy van",
    }
    data = "r1|2.1.0|querydr|DEMOV210|5|20210801153333|20210801160000|127.0.0.1|Truy van"
    assert pipe_checksum("querydr", body, "K") == hmac.new(b"K", data.encode(), hashlib.sha512).hexdigest()
    assert pipe_ok("querydr", {**body, "vnp_SecureHash": pipe_checksum("querydr", body, "K")}, "K")


def test_order_info_has_no_diacritics_or_special_characters() -> None:
    assert order_info("Thanh toán hồ sơ 000.00.11.H15-260309-0001 (lệ phí)") == (
        "Thanh toan ho so 000.00.11.H15-260309-0001 le phi"
    )


def test_start_builds_a_signed_redirect(full: World, citizen) -> None:
    payment, url = start(citizen, draft_of(full, citizen))
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "http://testserver/thanh-toan/sandbox/pay/"
    params = dict(parse_qsl(parts.query))
    assert signature_ok(params, SECRET)
    assert params["vnp_Version"] == "2.1.0" and params["vnp_Command"] == "pay" and params["vnp_TmnCode"] == TMN
    assert params["vnp_Amount"] == str(FEE * 100) and params["vnp_CurrCode"] == "VND"
    assert params["vnp_TxnRef"] == payment.txn_ref and payment.amount_vnd == FEE
    assert params["vnp_OrderInfo"] == f"Thanh toan ho so {payment.txn_ref}"  # a draft has no code yet
    assert params["vnp_ReturnUrl"] == "http://testserver/thanh-toan/ket-qua/sandbox/"
    assert params["vnp_IpAddr"] == "10.1.2.3" and params["vnp_Locale"] in ("vn", "en")
    created = dt.datetime.strptime(params["vnp_CreateDate"], "%Y%m%d%H%M%S").replace(tzinfo=GMT7)
    expires = dt.datetime.strptime(params["vnp_ExpireDate"], "%Y%m%d%H%M%S").replace(tzinfo=GMT7)
    assert expires - created == dt.timedelta(minutes=15)
    assert abs(created - payment.created_at) < dt.timedelta(seconds=1)
    assert payment.expires_at and abs(payment.expires_at - expires) < dt.timedelta(seconds=1)


def test_each_attempt_gets_its_own_reference(full: World, citizen) -> None:
    dossier = draft_of(full, citizen)
    first, _ = start(citizen, dossier)
    second, _ = start(citizen, dossier)
    assert first.txn_ref != second.txn_ref and Payment.objects.count() == 2


def test_an_agency_with_its_own_merchant_signs_with_its_secret(full: World, citizen, settings, monkeypatch) -> None:
    monkeypatch.setenv("MOTCUA_TEST_MERCHANT_SECRET", "AGENCYSECRET")
    gateways = {**settings.MOTCUA_PAYMENTS["GATEWAYS"]}
    gateways["sandbox"] = {
        **gateways["sandbox"],
        "MERCHANTS": {full.justice.code: {"tmn_code": "STP00001", "secret_env": "MOTCUA_TEST_MERCHANT_SECRET"}},
    }
    with override_settings(MOTCUA_PAYMENTS={**settings.MOTCUA_PAYMENTS, "GATEWAYS": gateways}):
        _payment, url = start(citizen, draft_of(full, citizen))
        params = dict(parse_qsl(urlsplit(url).query))
        assert params["vnp_TmnCode"] == "STP00001"
        assert signature_ok(params, "AGENCYSECRET") and not signature_ok(params, SECRET)
        assert gateway_get("sandbox").merchants()["STP00001"] == "AGENCYSECRET"


def test_the_sandbox_is_off_when_disabled(settings) -> None:
    settings.MOTCUA_PAYMENTS = {**settings.MOTCUA_PAYMENTS, "SANDBOX_ENABLED": False}
    with pytest.raises(GatewayNotConfigured):
        gateway_get("sandbox")
