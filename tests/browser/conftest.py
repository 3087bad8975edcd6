"""Playwright fixtures: one headless Debian Chromium for the session, a fresh context per test.

Never `playwright install`: the browser is the distribution's (`apt-get install chromium`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A Vietnamese phone: the browser asks for Vietnamese, so the site starts in its default language.
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 1,
    "is_mobile": True,
    "has_touch": True,
    "locale": "vi-VN",
}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


# Every page of every journey runs under the real Content-Security-Policy: a violation the browser
# reports (a blocked script, style, frame or form target) fails the test that caused it.
CSP_VIOLATIONS: list[str] = []


class _CspWatchingBrowser:
    """The Playwright browser, with each new context reporting CSP violations to CSP_VIOLATIONS."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def new_context(self, **options: Any) -> Any:
        context = self._browser.new_context(**options)

        def on_console(message: Any) -> None:
            if "Content Security Policy" in message.text:
                CSP_VIOLATIONS.append(f"{message.location.get('url', '')}: {message.text}")

        context.on("console", on_console)
        return context

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield _CspWatchingBrowser(browser)
        browser.close()


@pytest.fixture(autouse=True)
def _no_csp_violations() -> Iterator[None]:
    CSP_VIOLATIONS.clear()
    yield
    assert not CSP_VIOLATIONS, "Content-Security-Policy violations:\n" + "\n".join(CSP_VIOLATIONS)


@pytest.fixture
def phone(browser) -> Iterator[object]:
    """A page in a 360 px wide phone viewport, with JavaScript."""
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_without_js(browser) -> Iterator[object]:
    context = browser.new_context(java_script_enabled=False, **PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where journeys save screenshots: `docs/screenshots/` only when refreshing the docs
    (`MOTCUA_SCREENSHOTS=1 make test`), so an ordinary run leaves the checkout clean."""
    if os.environ.get("MOTCUA_SCREENSHOTS") != "1":
        return tmp_path
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def staff(browser: Any, live_server: Any) -> Iterator[Callable[[Any], Page]]:
    """`staff(user)` → a desktop page signed in on the staff login, interface switched to English."""
    contexts: list[Any] = []

    from playwright.sync_api import expect

    from tests.browser.test_dossier_journey import DESKTOP, PASSWORD

    def login(user: Any) -> Page:
        context = browser.new_context(**DESKTOP)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}{reverse('staff:login')}")
        page.get_by_role("button", name="English").click()
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
        return page

    yield login
    for context in contexts:
        context.close()


@pytest.fixture
def citizen_phone(browser: Any) -> Iterator[Page]:
    """The `phone` fixture's device (360 px, Vietnamese) with downloads allowed."""
    context = browser.new_context(accept_downloads=True, **PHONE)
    yield context.new_page()
    context.close()
