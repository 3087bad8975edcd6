"""A fully online procedure from a phone: submit, pay, get the signed e-result (issue 5's journey).

The citizen fills the application of a fully online procedure with a 200.000 đ fee due before
processing; "Submit and pay" runs the checks and sends her to the gateway (motcua's own sandbox,
speaking the VNPay protocol). She pays; the sandbox's server-to-server notification (a real HTTP call
to our IPN endpoint) settles the payment and submits the draft, which gets its code. The desk accepts
it, the agency processes it, the clerk issues the result from the template: it is signed (PAdES, the
test CA of the session) and, nothing being owed, published to her account at once (returned). She
downloads it; poppler's `pdfsig` reports the signature valid, and a copy with one byte changed inside
the signed range is reported as not valid.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import Page, expect

from motcua.catalog.choices import StepRole
from motcua.catalog.tests.factories import FieldFactory
from motcua.dossiers.choices import State
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import task_complete
from motcua.dossiers.tests.conftest import World, build_world
from motcua.dossiers.tests.forms_conftest import pdf_text
from motcua.dossiers.tests.test_online import make_citizen
from motcua.esign.models import ResultDocument
from motcua.esign.testing import esign_pki, esign_settings  # noqa: F401 - results are signed with the session CA
from motcua.payments.choices import Method, PaymentStatus
from motcua.payments.models import GatewayCallback, Payment
from tests.browser.test_citizen_journey import (
    CITIZEN_PASSWORD,
    ID_COPY,
    REQUEST,
    no_horizontal_scroll,
    submit_button,
    upload,
)
from tests.browser.test_dossier_journey import act, download, open_from_queue

pytestmark = pytest.mark.browser
FEE = 200_000


@pytest.fixture
def full_province(transactional_db: Any, live_server: Any, settings: Any, vietnamese: Any) -> Any:
    """The dossier tests' province, its Justice procedure (fee 200.000 đ due before processing) made
    fully online; links in messages and on the result point at the live server."""
    settings.MOTCUA = {**settings.MOTCUA, "PUBLIC_BASE_URL": live_server.url}
    cache.clear()
    world = build_world()
    world.version.online_level = "full"
    world.version.field = FieldFactory(name="Lý lịch tư pháp", slug="ly-lich-tu-phap")
    world.version.save(update_fields=["online_level", "field"])
    yield world
    cache.clear()


def sign_in(page: Page, url: str, citizen: Any) -> None:
    page.goto(f"{url}{reverse('accounts:login')}")
    page.locator("input[name=username]").fill(citizen.email)
    page.locator("input[name=password]").fill(CITIZEN_PASSWORD)
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.get_by_role("navigation").locator(f"a[href='{reverse('citizen:dossiers')}']")).to_be_visible()


def apply_and_pay(page: Page, url: str, world: World) -> Dossier:
    page.goto(f"{url}{reverse('citizen:start', args=[world.version.pk])}")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(submit_button(page)).to_contain_text("Nộp hồ sơ và thanh toán")
    expect(submit_button(page)).to_contain_text("200.000")
    page.get_by_label("Nội dung yêu cầu").fill(REQUEST)
    upload(page, "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "to-khai.pdf")
    upload(page, ID_COPY, "cccd.pdf")
    assert no_horizontal_scroll(page)
    submit_button(page).click()

    # The sandbox gateway's page, as a bank's would be: merchant, amount, buttons.
    expect(page).to_have_url(re.compile(r"/thanh-toan/sandbox/pay/"))
    expect(page.locator("body")).to_contain_text("200.000")
    assert no_horizontal_scroll(page)
    page.locator("button[name=button][value=pay]").click()

    # Back on motcua: the notification has settled the payment and the application is submitted.
    expect(page).to_have_url(re.compile(r"/thanh-toan/ket-qua/sandbox/"))
    payment = Payment.objects.get(method=Method.GATEWAY)
    expect(page.locator("main")).to_contain_text(payment.dossier.code or "(no code)", timeout=15_000)
    return Dossier.objects.get(pk=payment.dossier_id)


def test_full_online_submit_pay_process_and_download_the_signed_result(
    live_server, full_province, citizen_phone, staff, tmp_path: Path
):
    world, url, phone = full_province, live_server.url, citizen_phone
    citizen = make_citizen("toantrinh", id_number="001190012345")
    citizen.set_password(CITIZEN_PASSWORD)
    citizen.save(update_fields=["password"])

    sign_in(phone, url, citizen)
    dossier = apply_and_pay(phone, url, world)

    payment = Payment.objects.get(dossier=dossier)
    assert (payment.status, payment.amount_vnd, payment.gateway) == (PaymentStatus.PAID, FEE, "sandbox")
    assert payment.receipt_no  # a receipt number from the agency's series
    ipns = GatewayCallback.objects.filter(payment=payment, kind="ipn")
    assert [c.outcome for c in ipns] == ["00"]  # settled by the server-to-server notification
    assert dossier.state == State.SUBMITTED and re.fullmatch(r"000\.00\.00\.H15-\d{6}-\d{4}", dossier.code or "")

    # Her dossier page shows the fee as paid with its receipt.
    phone.goto(f"{url}{reverse('citizen:detail', args=[dossier.pk])}")
    receipt_href = reverse("payments:receipt", args=[payment.txn_ref])
    expect(phone.locator(f"a[href='{receipt_href}']").first).to_be_visible()
    receipt = phone.request.get(f"{url}{receipt_href}").body()  # opens in the browser's PDF viewer
    assert dossier.code in " ".join(pdf_text(receipt).split())

    # The desk accepts; the agency processes; the clerk issues the result from the template.
    desk = staff(world.desk_officer)
    open_from_queue(desk, live_server, "Online submissions to check", dossier.code)
    act(desk, "Accept and forward")
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING
    for role, actor in (
        (StepRole.DEPARTMENT_HEAD, world.head),
        (StepRole.SPECIALIST, world.specialist),
        (StepRole.DEPARTMENT_HEAD, world.head),
        (StepRole.AGENCY_LEADER, world.leader),
    ):
        task = dossier.tasks.get(status="active", role=role)
        dossier = task_complete(actor=actor, dossier=Dossier.objects.get(pk=dossier.pk), task_id=task.pk)
    clerk = staff(world.clerk)
    open_from_queue(clerk, live_server, "To issue", dossier.code)
    act(
        clerk,
        "Issue the result",
        {
            "Content of the result": "Bà Lò Thị Mai không có án tích.",
            "Document number": "127/PLLTP",
        },
    )

    # Signed and, nothing being owed, published to her account at once.
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED
    record = ResultDocument.objects.get(dossier=dossier)

    phone.goto(f"{url}{reverse('citizen:detail', args=[dossier.pk])}")
    link = phone.locator("#ket-qua a", has_text=record.title).first
    signed = download(phone, link)
    assert signed.startswith(b"%PDF")
    text = " ".join(pdf_text(signed).split())
    assert "127/PLLTP" in text and record.code in text

    original = tmp_path / "ket-qua.pdf"
    original.write_bytes(signed)
    report = subprocess.run(["pdfsig", str(original)], capture_output=True, text=True, check=False).stdout
    assert "Signature is Valid" in report, report

    # One byte changed inside the signed range (the binary comment under the header, so the file still
    # parses), same length: pdfsig reports the signature as not valid.
    position = signed.index(b"\n%", 4) + 2
    tampered = tmp_path / "ket-qua-sua.pdf"
    tampered.write_bytes(signed[:position] + bytes([signed[position] ^ 0x01]) + signed[position + 1 :])
    report = subprocess.run(["pdfsig", str(tampered)], capture_output=True, text=True, check=False).stdout
    assert "Signature is Valid" not in report, report
