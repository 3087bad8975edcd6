"""A citizen applies online from a phone, in Vietnamese, and gets the result (issue 4's journey).

She registers, finds a partially-online procedure, fills the application and uploads scans, and
submits (code shown). The desk officer returns it for completion with one gap; she uploads the
missing file and submits again; the desk accepts, and the acknowledgement with the code reaches a
real SMTP server (aiosmtpd). The receipt PDF on her dossier page shows the code, its QR code
(decoded with zbar) opens the public lookup with the status. The agency processes the dossier
(middle steps through the services), the clerk uploads the result on the staff screen (it is signed with the
agency's key), and she downloads it from her dossier page. A second test walks the core path without JavaScript.

Screenshots for docs/guide/citizen.md are written only with MOTCUA_SCREENSHOTS=1 (see conftest).
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import re
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache
from django.urls import reverse
from PIL import Image
from playwright.sync_api import Page, expect

from motcua.catalog.choices import StepRole
from motcua.catalog.tests.factories import FieldFactory
from motcua.dossiers.choices import State
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import task_complete
from motcua.dossiers.tests.conftest import World, build_world, pdf_bytes
from motcua.dossiers.tests.forms_conftest import pdf_text, qr_payloads
from motcua.dossiers.tests.test_online import make_citizen
from motcua.esign.models import ResultDocument
from tests.browser.test_dossier_journey import act, download, open_from_queue

pytestmark = pytest.mark.browser

EMAIL = "lo.thi.mai@example.vn"
CITIZEN_PASSWORD = "Mai-Bat-Xat-2026"
ID_NUMBER = "001190012345"  # a valid CCCD: Hà Nội, female, born 1990
REQUEST = "Đề nghị cấp 01 Phiếu lý lịch tư pháp số 1 để bổ sung hồ sơ xin việc."
ID_COPY = "Bản chụp giấy tờ tùy thân"


# --- a real SMTP server ----------------------------------------------------------------------------


@dataclass
class SmtpSink:
    """aiosmtpd on a free port of 127.0.0.1, keeping every message it accepts."""

    port: int
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's hook
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def wait_for(self, match: Callable[[EmailMessage], bool], timeout: float = 15.0) -> EmailMessage:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in list(self.messages):
                if match(message):
                    return message
            time.sleep(0.1)
        subjects = [str(m["Subject"]) for m in self.messages]
        raise AssertionError(f"no matching e-mail within {timeout} s; received: {subjects}")


def body_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part is not None else ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_sink(settings: Any) -> Iterator[SmtpSink]:
    sink = SmtpSink(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield sink
    controller.stop()


# --- the province and the people -------------------------------------------------------------------


@pytest.fixture
def province(transactional_db: Any, live_server: Any, settings: Any, vietnamese: Any) -> Iterator[World]:
    """The dossier tests' province, its Justice procedure open for partial online submission; the
    receipt's QR code points at the live server."""
    settings.MOTCUA = {**settings.MOTCUA, "PUBLIC_BASE_URL": live_server.url}
    cache.clear()  # the lookup's per-IP counters
    world = build_world()
    world.version.online_level = "partial"
    world.version.field = FieldFactory(name="Lý lịch tư pháp", slug="ly-lich-tu-phap")
    world.version.save(update_fields=["online_level", "field"])
    yield world
    cache.clear()


def shot(page: Page, screenshots: Any, name: str) -> None:
    """A full-page PNG, reduced to 256 colours (text stays crisp; ~60 KB instead of ~150 KB)."""
    path = screenshots / f"citizen-{name}.png"
    page.screenshot(path=path, full_page=True)
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, format="PNG", optimize=True)


def no_horizontal_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def upload(page: Page, component: str, name: str) -> None:
    block = page.locator(".doc", has=page.locator("h3", has_text=component))
    block.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "application/pdf", "buffer": pdf_bytes(name)}]
    )


def submit_button(page: Page) -> Any:
    return page.locator("button[name=action][value=submit]")


# --- the journey -----------------------------------------------------------------------------------


def register(page: Page, url: str, screenshots: Any) -> None:
    page.goto(f"{url}/")
    page.get_by_role("navigation").get_by_role("link", name="Đăng ký").click()
    page.locator("#id_full_name").fill("Lò Thị Mai")
    page.locator("#id_id_number").fill(ID_NUMBER)
    page.locator("#id_birth_date").fill("1990-05-12")
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_phone").fill("0912000111")
    page.locator("#id_password").fill(CITIZEN_PASSWORD)
    page.locator("#id_password_confirm").fill(CITIZEN_PASSWORD)
    assert no_horizontal_scroll(page)
    shot(page, screenshots, "01-register")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.get_by_role("navigation").locator(f"a[href='{reverse('citizen:dossiers')}']")).to_be_visible()


def find_and_start(page: Page, url: str, world: World, screenshots: Any) -> None:
    page.goto(f"{url}/")
    page.locator("#home-q").fill("ly lich tu phap")
    page.locator("#home-q").press("Enter")
    page.get_by_role("link", name=world.version.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.version.name)
    start = page.locator(f"a[href='{reverse('citizen:start', args=[world.version.pk])}']")
    expect(start).to_be_visible()
    shot(page, screenshots, "02-procedure")
    start.click()
    page.locator("main form[method=post] button[type=submit]").click()
    expect(submit_button(page)).to_be_visible()


def fill_and_submit(page: Page, screenshots: Any) -> str:
    expect(page.locator("#id_applicant_name")).to_have_value("Lò Thị Mai")  # pre-filled from the account
    page.get_by_label("Nội dung yêu cầu").fill(REQUEST)
    upload(page, "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "to-khai.pdf")
    upload(page, ID_COPY, "cccd-mat-truoc.pdf")
    assert no_horizontal_scroll(page)
    shot(page, screenshots, "03-application")
    submit_button(page).click()
    code = page.locator(".bigcode").inner_text().strip()
    assert re.fullmatch(r"000\.00\.00\.H15-\d{6}-\d{4}", code), code
    shot(page, screenshots, "04-submitted")
    return code


def test_register_apply_online_complete_follow_and_get_the_result(
    live_server, province, smtp_sink, citizen_phone, staff, screenshots
):
    world, url, phone = province, live_server.url, citizen_phone

    register(phone, url, screenshots)
    find_and_start(phone, url, world, screenshots)
    code = fill_and_submit(phone, screenshots)
    dossier = Dossier.objects.get(code=code)
    assert dossier.state == State.SUBMITTED and dossier.applicant.email == EMAIL
    acknowledged = smtp_sink.wait_for(lambda m: EMAIL in str(m["To"]) and code in body_of(m))

    # The desk finds it in the online queue and returns it with one gap.
    desk = staff(world.desk_officer)
    open_from_queue(desk, live_server, "Online submissions to check", code)
    gap = desk.locator("details.action", has=desk.locator("summary", has_text="Return for completion")).first
    if gap.get_attribute("open") is None:
        gap.locator("summary").click()
    gap.locator("select[name=item_0_component]").select_option(label=ID_COPY)
    gap.locator("input[name=item_0_defect]").fill("Ảnh chụp bị mờ, không đọc được số căn cước: chụp lại rõ nét.")
    act(desk, "Return for completion")

    # She sees the gap on her dossier page, uploads a clear copy and submits again.
    phone.goto(f"{url}{reverse('citizen:detail', args=[dossier.pk])}")
    gaps = phone.locator("#gaps-h").locator("xpath=..")
    expect(gaps).to_contain_text("Ảnh chụp bị mờ")
    shot(phone, screenshots, "05-gaps")
    gaps.locator(f"a[href='{reverse('citizen:edit', args=[dossier.pk])}']").click()
    upload(phone, ID_COPY, "cccd-ro-net.pdf")
    submit_button(phone).click()
    expect(phone.locator(".bigcode, h1 .bigcode").first).to_have_text(code)
    assert Dossier.objects.get(pk=dossier.pk).state == State.SUBMITTED

    # The desk accepts: the clock starts, the receipt is issued and the applicant is told.
    desk.reload()
    sent_before = len(smtp_sink.messages)
    act(desk, "Accept and forward")
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING and dossier.due_at is not None
    accepted = smtp_sink.wait_for(
        lambda m: smtp_sink.messages.index(m) >= sent_before and EMAIL in str(m["To"]) and code in body_of(m)
    )
    assert accepted is not acknowledged

    # Her dossier page: the receipt with the code and a QR code that opens the public lookup.
    phone.goto(f"{url}{reverse('citizen:detail', args=[dossier.pk])}")
    receipt_form = dossier.forms.get(key="receipt")
    receipt_link = phone.locator(f"a[href='{reverse('citizen:form_pdf', args=[dossier.pk, receipt_form.pk])}']")
    shot(phone, screenshots, "06-accepted")
    receipt = download(phone, receipt_link)
    assert receipt.startswith(b"%PDF")
    assert code in " ".join(pdf_text(receipt).split())
    qr = qr_payloads(receipt)
    assert qr and qr[0] == f"{url}/tra-cuu/?ma={code}", qr
    phone.goto(qr[0])
    status = phone.locator("#status-title").locator("xpath=..")
    expect(status).to_contain_text(code)
    expect(status).to_contain_text(world.version.name)
    shot(phone, screenshots, "07-lookup")

    # The agency decides (steps through the services), the clerk issues the result on screen.
    for role, actor in (
        (StepRole.DEPARTMENT_HEAD, world.head),
        (StepRole.SPECIALIST, world.specialist),
        (StepRole.DEPARTMENT_HEAD, world.head),
        (StepRole.AGENCY_LEADER, world.leader),
    ):
        task = dossier.tasks.get(status="active", role=role)
        dossier = task_complete(actor=actor, dossier=Dossier.objects.get(pk=dossier.pk), task_id=task.pk)
    clerk = staff(world.clerk)
    open_from_queue(clerk, live_server, "To issue", code)
    result = pdf_bytes("Phiếu lý lịch tư pháp số 1 – Lò Thị Mai")
    clerk.get_by_label("Signed result (PDF)").set_input_files(
        files=[{"name": "phieu-ly-lich-tu-phap.pdf", "mimeType": "application/pdf", "buffer": result}]
    )
    act(clerk, "Issue the result", {"Document number": "126/PLLTP"})
    assert Dossier.objects.get(pk=dossier.pk).state == State.DONE

    # She downloads the electronic copy of the result from her dossier page: the uploaded PDF with the
    # agency's signature appended (an incremental update), as recorded.
    phone.goto(f"{url}{reverse('citizen:detail', args=[dossier.pk])}")
    record = ResultDocument.objects.get(dossier=dossier)
    result_link = phone.locator("#ket-qua a", has_text=record.title)
    expect(result_link).to_be_visible()
    assert no_horizontal_scroll(phone)
    shot(phone, screenshots, "08-result")
    signed = download(phone, result_link)
    assert signed.startswith(result) and hashlib.sha256(signed).hexdigest() == record.sha256


def test_core_path_without_javascript(live_server, province, phone_without_js):
    """Find a procedure, submit it, look it up: plain links and forms, no script runs."""
    world, url, page = province, live_server.url, phone_without_js
    citizen = make_citizen("khongjs", id_number="001090012346")
    citizen.set_password(CITIZEN_PASSWORD)
    citizen.save(update_fields=["password"])

    page.goto(f"{url}/")
    page.locator("#home-q").fill("ly lich tu phap")
    page.locator("#home-q").press("Enter")
    page.get_by_role("link", name=world.version.name).click()
    page.locator(f"a[href='{reverse('citizen:start', args=[world.version.pk])}']").click()
    # Not signed in: the sign-in page, then back to where she was going.
    page.locator("input[name=username]").fill(citizen.email)
    page.locator("input[name=password]").fill(CITIZEN_PASSWORD)
    page.locator("main form[method=post] button[type=submit]").click()
    page.locator("main form[method=post] button[type=submit]").click()  # start the application
    page.get_by_label("Nội dung yêu cầu").fill(REQUEST)
    upload(page, "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "to-khai.pdf")
    upload(page, ID_COPY, "cccd.pdf")
    submit_button(page).click()

    code = page.locator(".bigcode").inner_text().strip()
    assert Dossier.objects.get(code=code).state == State.SUBMITTED

    page.goto(f"{url}{reverse('portal:lookup')}")
    page.locator("#lookup-code").fill(code)
    page.locator("#lookup-code").press("Enter")
    expect(page.locator("#status-title").locator("xpath=..")).to_contain_text(world.version.name)
