"""From counter intake to the returned result, driven through the staff screens only (issue 3's journey).

The provincial centre receives a Department of Justice (STP) dossier with a scan, forwards it; the
STP department head assigns it, the specialist consults the Department of Construction (SXD), whose
specialist answers; appraisal, review and approval follow, the STP clerk issues the signed result
and the desk hands it over. The receipt and the control sheet are downloaded from the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import VALID_CCCD, World, build_world, pdf_bytes

pytestmark = pytest.mark.browser

PASSWORD = "secret-pass-123"  # UserFactory's password
DESKTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "vi-VN", "accept_downloads": True}


@pytest.fixture
def province(transactional_db: Any) -> World:
    return build_world()


@pytest.fixture
def sign_in(browser: Any, live_server: Any) -> Iterator[Any]:
    """`sign_in(user)` → a desktop page signed in through the login form (one browser context each)."""
    contexts: list[Any] = []

    def login(user: Any) -> Page:
        context = browser.new_context(**DESKTOP)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/can-bo/dang-nhap/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
        return page

    yield login
    for context in contexts:
        context.close()


def act(page: Page, label: str, fill: dict[str, str] | None = None) -> None:
    """Open the action (if folded), fill its fields by label, submit, and wait for the swapped body."""
    action = page.locator("details.action", has=page.locator("summary", has_text=label)).first
    if action.get_attribute("open") is None:
        action.locator("summary").click()
    for field, value in (fill or {}).items():
        action.get_by_label(field).fill(value)
    action.locator("button[type=submit]").click()
    expect(page.locator("#dossier-body .notice")).to_contain_text(f"Done: {label}")


def open_from_queue(page: Page, live_server: Any, tab: str, code: str) -> None:
    page.goto(f"{live_server.url}/can-bo/ho-so/")
    page.get_by_role("link", name=re.compile(tab)).click()
    expect(page.locator(".tabs a.current")).to_contain_text(tab)
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)


def download(page: Page, link: Any) -> bytes:
    with page.expect_download() as info:
        link.click()
    path = info.value.path()
    assert path is not None
    with open(path, "rb") as handle:
        return handle.read()


def receive_at_the_counter(page: Page, world: World, screenshots: Any) -> str:
    page.get_by_role("navigation", name="Back office").get_by_role("link", name="Counter intake").click()
    page.get_by_label("Procedure name or code").press_sequentially("ly lich tu phap", delay=20)
    page.get_by_role("link", name=re.compile("Receive: Cấp Phiếu lý lịch tư pháp")).click()

    page.get_by_label("Full name").fill("Nguyễn Thị Hoà")
    page.get_by_label("ID number").fill(VALID_CCCD)
    expect(page.locator("#id-check")).to_contain_text("The ID number looks valid.")
    page.get_by_label("Phone").fill("0912345678")
    components = list(world.version.components.order_by("order"))
    for component in components[:2]:
        page.get_by_role("checkbox", name=component.name).check()
    page.get_by_label(f"Scans: {components[0].name[:39]}").set_input_files(
        files=[{"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes("to khai")}]
    )
    page.get_by_label(f"Not digitised because: {components[1].name[:39]}").fill("Bản giấy lưu tại quầy")
    page.screenshot(path=screenshots / "dossier-intake.png", full_page=True)
    page.get_by_role("button", name="Accept the dossier").click()

    expect(page.locator(".messages")).to_contain_text("received")
    code = page.locator("h1 .code").inner_text()
    expect(page.get_by_role("link", name="Print the receipt (Mẫu 01)")).to_be_visible()
    expect(page.locator("details.explain")).to_contain_text("How the due date was computed")
    receipt = download(page, page.locator("ul.docs a", has_text="Receipt and appointment").first)
    assert receipt.startswith(b"%PDF")
    return code


def test_from_counter_intake_to_returned_result(live_server, province, sign_in, screenshots):
    world = province
    desk = sign_in(world.desk_officer)
    code = receive_at_the_counter(desk, world, screenshots)
    desk.screenshot(path=screenshots / "dossier-received.png", full_page=True)
    act(desk, "Forward to the deciding agency")

    head = sign_in(world.head)
    open_from_queue(head, live_server, "To assign", code)
    head.go_back()
    expect(head.locator("table.dense")).to_contain_text("********2345")
    head.screenshot(path=screenshots / "dossier-queues.png")
    head.get_by_role("link", name=code).click()
    head.get_by_label("Specialist").select_option(label=world.specialist.full_name)
    act(head, "Assign to a specialist")

    specialist = sign_in(world.specialist)
    open_from_queue(specialist, live_server, "To appraise", code)
    consult = specialist.locator("details.action", has=specialist.locator("summary", has_text="Consult other agencies"))
    consult.locator("summary").click()
    consult.get_by_label("Agencies to consult").select_option(label=world.construction.name)
    act(specialist, "Consult other agencies", {"Question": "Xin ý kiến về hiện trạng công trình."})

    construction = sign_in(world.other_specialist)
    open_from_queue(construction, live_server, "Consultations", code)
    act(construction, "Answer the consultation", {"Answer": "Sở Xây dựng thống nhất."})

    specialist.reload()
    act(specialist, "Appraisal done: send for review", {"Note": "Đủ điều kiện cấp."})
    head.reload()
    act(head, "Review done: send for approval")

    leader = sign_in(world.leader)
    open_from_queue(leader, live_server, "To approve", code)
    act(leader, "Approve: record the decision")

    clerk = sign_in(world.clerk)
    open_from_queue(clerk, live_server, "To issue", code)
    clerk.get_by_label("Signed result (PDF)").set_input_files(
        files=[{"name": "ket-qua.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes("ket qua")}]
    )
    act(clerk, "Issue the result", {"Document number": "125/PLLTP"})

    open_from_queue(desk, live_server, "Ready to return", code)
    # The fee is collected in cash before the result is handed over.
    fees = desk.locator("#payments")
    fees.locator("summary", has_text="Record a payment at the desk").click()
    for box in fees.locator("input[name=lines]").all():
        box.check()
    fees.get_by_role("button", name="Record the payment").click()
    expect(desk.locator("#payments")).to_contain_text("Paid")
    act(desk, "Return the result", {"Recipient's name": "Nguyễn Thị Hoà", "Recipient's ID number": VALID_CCCD})

    expect(desk.locator("h1")).to_contain_text("Result returned")
    timeline = desk.locator("ol.timeline")
    for label in (
        "Received at the counter",
        "Forwarded to the deciding agency",
        "Other agencies consulted",
        "Consultation answered",
        "Result issued",
        "Result returned",
    ):
        expect(timeline).to_contain_text(label)
    expect(timeline.locator(".tl-action", has_text="Step completed")).to_have_count(4)
    desk.screenshot(path=screenshots / "dossier-returned.png", full_page=True)
    sheet = download(desk, desk.get_by_role("link", name="Control sheet (PDF)"))
    assert sheet.startswith(b"%PDF")
    assert Dossier.objects.get(code=code).state == "returned"


def test_a_stale_page_shows_the_refusal_in_place(live_server, province, sign_in):
    """Two tabs on one dossier: the second forward is refused (409) and htmx shows why, in place."""
    world = province
    dossier = world.receive()
    first = sign_in(world.desk_officer)
    second = first.context.new_page()
    for page in (first, second):
        page.goto(f"{live_server.url}/can-bo/ho-so/{dossier.code}/")
    act(first, "Forward to the deciding agency")

    second.locator("details.action", has_text="Forward to the deciding agency").locator("button[type=submit]").click()

    alert = second.locator("#dossier-body .alert")
    expect(alert).to_contain_text("This dossier was changed by someone else meanwhile")
    alert.get_by_role("link", name="Reload the dossier").click()
    expect(second.locator("h1")).to_contain_text("Being processed")
