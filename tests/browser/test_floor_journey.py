"""The office floor in four browser tabs (issue 7): a person takes a number at the kiosk, the
officer calls it at the counter, the display board shows it live, the officer finishes and the
person rates on the counter's tablet. Then the board survives a server restart by itself."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from motcua.feedback.models import Rating, RatingSource, Score
from motcua.queueing.choices import TicketState
from motcua.queueing.models import QueueTicket
from motcua.queueing.services import seat_open, ticket_call_next, ticket_issue
from motcua.queueing.tests.conftest import Floor, build_floor
from tests.browser.test_dossier_journey import DESKTOP, PASSWORD

pytestmark = pytest.mark.browser
FAST_BOARD = {"SSE_STREAM_SECONDS": 3, "SSE_CHECK_SECONDS": 0.2, "POLL_SECONDS": 1}
NO_PRINT_DIALOG = "window.__printed = 0; window.print = function () { window.__printed += 1; };"


@pytest.fixture
def floor_live(transactional_db: Any, settings: Any) -> Floor:
    settings.MOTCUA_QUEUE = FAST_BOARD
    return build_floor()


def signed_in(browser: Any, base: str, user: Any) -> Any:
    """A desktop browser context signed in as `user`, in English; its tabs share the session."""
    context = browser.new_context(**DESKTOP)
    context.add_init_script(NO_PRINT_DIALOG)
    page = context.new_page()
    page.goto(f"{base}{reverse('staff:login')}")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    return context


def test_ticket_call_serve_rate_in_four_tabs(browser: Any, live_server: Any, floor_live: Floor) -> None:
    floor, base = floor_live, live_server.url
    context = signed_in(browser, base, floor.officer)
    code = floor.desk.code
    board: Page = context.new_page()
    board.goto(f"{base}{reverse('queue_public:board', args=[code])}")
    expect(board.locator("[data-conn]")).to_have_text("Live")
    tablet: Page = context.new_page()
    tablet.goto(f"{base}{reverse('queue_public:tablet', args=[code, 1])}")
    expect(tablet.locator("[data-screen=idle]")).to_be_visible()

    kiosk: Page = context.new_page()
    kiosk.goto(f"{base}{reverse('queue_public:kiosk', args=[code])}")
    kiosk.get_by_label("Elderly person").check()
    kiosk.locator("button[data-group=A]").click()
    expect(kiosk.locator("[data-ticket]")).to_have_text("A001")
    expect(kiosk.locator("[data-ahead]")).to_have_text("0")
    assert kiosk.evaluate("window.__printed") == 1  # the 80 mm ticket went to the printer at once
    expect(board.locator("li[data-group=A] [data-waiting]")).to_have_text("1")

    counter: Page = context.new_page()
    counter.goto(f"{base}{reverse('queue_staff:counter', args=[floor.counters[0].pk])}")
    counter.get_by_role("button", name="Call the next number").click()
    expect(counter.locator("[data-current]")).to_have_text("A001")
    counter.get_by_role("button", name="Confirm").click()
    expect(counter.get_by_text("Confirmed by staff")).to_be_visible()
    # the board follows by itself (server-sent events): no reload
    expect(board.locator("tr[data-counter='1'] [data-serving]")).to_have_text("A001")
    expect(board.locator("li[data-call-id]").first).to_contain_text("A001")

    counter.get_by_role("button", name="Finish", exact=True).click()
    expect(counter.get_by_role("heading", name="No number is being served")).to_be_visible()
    expect(tablet.locator("[data-screen=rate]")).to_be_visible(timeout=10_000)
    expect(tablet.get_by_text(floor.officer.full_name)).to_be_visible()
    tablet.get_by_role("button", name="Very satisfied").click()
    expect(tablet.locator("[data-screen=thanks]")).to_be_visible()
    expect(board.locator("tr[data-counter='1'] [data-serving]")).to_have_text("–")

    ticket = QueueTicket.objects.get()
    rating = Rating.objects.get()
    assert ticket.state == TicketState.DONE and ticket.priority_status == "confirmed"
    assert (rating.source, rating.score, rating.ticket_id, rating.officer_id, rating.counter_id) == (
        RatingSource.TABLET,
        Score.VERY_SATISFIED,
        ticket.pk,
        floor.officer.pk,
        floor.counters[0].pk,
    )
    context.close()


class _Server:
    """A live server that can be stopped and started again on the same port (Django's own refuses
    to reuse the address), sharing the test's in-memory SQLite connection like `live_server`."""

    def __init__(self, port: int = 0) -> None:
        from django.contrib.staticfiles.handlers import StaticFilesHandler
        from django.core.servers.basehttp import WSGIRequestHandler
        from django.db import connections
        from django.test.testcases import LiveServerThread

        class Thread(LiveServerThread):
            def _create_server(self, connections_override: Any = None) -> Any:
                return self.server_class(
                    (self.host, self.port),
                    WSGIRequestHandler,
                    allow_reuse_address=True,
                    connections_override=connections_override,
                )

        self.shared = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
        self.thread = Thread(
            "localhost", static_handler=StaticFilesHandler, connections_override=self.shared, port=port
        )
        self.thread.daemon = True
        for conn in self.shared.values():
            conn.inc_thread_sharing()
        self.thread.start()
        self.thread.is_ready.wait()
        self.running = True

    @property
    def url(self) -> str:
        return f"http://localhost:{self.thread.port}"

    def stop(self, *, final: bool = True, wait: bool = True) -> None:
        """Stop serving; the board's open event stream ends by itself within SSE_STREAM_SECONDS, and
        the shared connection stays shareable until it has (`final` waits for it)."""
        if self.running:
            self.thread.terminate()
            self.running = False
        if final and self.shared:
            if wait:
                time.sleep(FAST_BOARD["SSE_STREAM_SECONDS"] + 0.5)
            for conn in self.shared.values():
                conn.dec_thread_sharing()
            self.shared = {}


def test_the_board_recovers_by_itself_after_its_server_restarts(browser: Any, floor_live: Floor) -> None:
    floor = floor_live
    server = first = _Server()
    port = server.thread.port
    try:
        context = signed_in(browser, server.url, floor.officer)
        board = context.new_page()
        board.goto(f"{server.url}{reverse('queue_public:board', args=[floor.desk.code])}")
        expect(board.locator("[data-conn]")).to_have_text("Live")
        server.stop(final=False)
        expect(board.locator("[data-conn]")).to_have_text("Reconnecting…", timeout=15_000)
        assert board.get_attribute("#board-root", "data-connected") == "0"
        # while it is down, a number is called
        ticket_issue(desk=floor.desk, group=floor.b)
        seat_open(counter=floor.counters[2], officer=floor.officer)
        ticket_call_next(counter=floor.counters[2], officer=floor.officer)
        server = _Server(port)
        expect(board.locator("[data-conn]")).to_have_text("Live", timeout=15_000)
        expect(board.locator("tr[data-counter='3'] [data-serving]")).to_have_text("B001", timeout=15_000)
        assert re.search(r"B001", board.locator("ol.recent").inner_text())
        context.close()
    finally:
        server.stop()
        first.stop(wait=False)
