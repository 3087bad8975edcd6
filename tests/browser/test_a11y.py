"""WCAG 2.2 AA on every citizen page: axe-core finds no serious or critical violation (issue 4).

Each page is opened as a citizen sees it first, on a 360 px phone asking for Vietnamese, and in the
states that add markup: a search with results, the lookup with a code, with an error, with the
details. axe-core is injected by tests/browser/axe.py (see there for how it is installed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from motcua.catalog.tests.factories import FieldFactory, birth_registration, published
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_draft_start, dossier_return_for_completion, dossier_submit
from motcua.dossiers.tests.conftest import World, build_world
from motcua.dossiers.tests.test_online import make_citizen, ready_draft
from tests.browser.axe import assert_accessible, axe_check

pytestmark = pytest.mark.browser

UNKNOWN = "000.00.00.H15-260101-9999"
PASSWORD = "mat-khau-Rat-kho-2026"


class Site:
    """The data behind the citizen pages: the catalogue, a dossier received at the counter, and a
    citizen account with a draft, a submitted dossier and one returned for completion."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.world: World = build_world()
        self.world.version.online_level = "partial"
        self.world.version.save(update_fields=["online_level"])
        birth_registration()
        published(name="Đăng ký kết hôn", field=FieldFactory(name="Hộ tịch", slug="ho-tich"))
        self.dossier: Dossier = self.world.receive()
        assert self.dossier.code
        self.citizen = make_citizen()
        self.citizen.set_password(PASSWORD)
        self.citizen.save(update_fields=["password"])
        now = timezone.now()
        self.draft = dossier_draft_start(applicant=self.citizen, version=self.world.version, desk=self.world.centre)
        self.submitted = dossier_submit(applicant=self.citizen, dossier=ready_draft(self.world, self.citizen, now))
        self.returned = dossier_return_for_completion(
            actor=self.world.desk_officer,
            dossier=dossier_submit(applicant=self.citizen, dossier=ready_draft(self.world, self.citizen, now)),
            items=[{"component": "Bản chụp giấy tờ tùy thân", "defect": "Ảnh bị mờ, chụp lại rõ nét."}],
        )


@pytest.fixture
def site(live_server: Any, transactional_db: Any, vietnamese: Any) -> Any:
    cache.clear()  # the lookup's per-IP counters live in the (process-wide) cache
    yield Site(live_server.url)
    cache.clear()


def _home(page: Page, site: Site) -> None:
    page.goto(f"{site.url}/")


def _catalogue_search(page: Page, site: Site) -> None:
    page.goto(f"{site.url}/thu-tuc/?q=khai+sinh")
    expect(page.locator("#results")).to_contain_text("Đăng ký khai sinh")


def _catalogue_empty(page: Page, site: Site) -> None:
    page.goto(f"{site.url}/thu-tuc/?q=zzzz")
    expect(page.locator("#results .empty")).to_be_visible()


def _catalogue_filters_open(page: Page, site: Site) -> None:
    page.goto(f"{site.url}/thu-tuc/?linh-vuc=ho-tich")
    expect(page.locator("details.more")).to_have_attribute("open", "")


def _procedure(page: Page, site: Site) -> None:
    page.goto(f"{site.url}/thu-tuc/1.001193/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")


def _procedure_not_found(page: Page, site: Site) -> None:
    page.goto(f"{site.url}/thu-tuc/9.999999/")


def _lookup_empty(page: Page, site: Site) -> None:
    page.goto(f"{site.url}/tra-cuu/")


def _lookup_code(page: Page, site: Site) -> None:
    page.goto(f"{site.url}/tra-cuu/?ma={site.dossier.code}")
    expect(page.locator("#status-title")).to_contain_text(site.dossier.code or "")


def _lookup_not_found(page: Page, site: Site) -> None:
    page.goto(f"{site.url}/tra-cuu/?ma={UNKNOWN}")


def _lookup_missing_factor(page: Page, site: Site) -> None:
    """The second-factor form sent empty: both fields in error, tied to their inputs."""
    page.goto(f"{site.url}/tra-cuu/?ma={site.dossier.code}")
    page.locator("#lookup-factor").fill("")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator("#lookup-factor")).to_have_attribute("aria-invalid", "true")


def _lookup_details(page: Page, site: Site) -> None:
    page.goto(f"{site.url}/tra-cuu/?ma={site.dossier.code}")
    page.locator("#lookup-factor").fill("5678")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator("#details-title")).to_be_visible()


def _register(page: Page, site: Site) -> None:
    page.goto(f"{site.url}{reverse('accounts:register')}")


def _register_errors(page: Page, site: Site) -> None:
    """Sent empty: every needed field in error, with the summary at the top."""
    page.goto(f"{site.url}{reverse('accounts:register')}")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator("main [aria-invalid=true]").first).to_be_visible()


def _register_business(page: Page, site: Site) -> None:
    page.goto(f"{site.url}{reverse('accounts:register')}?loai=to-chuc")


def _login(page: Page, site: Site) -> None:
    page.goto(f"{site.url}{reverse('accounts:login')}")


def _login_error(page: Page, site: Site) -> None:
    page.goto(f"{site.url}{reverse('accounts:login')}")
    page.locator("input[name=username]").fill("khong-co@example.vn")
    page.locator("input[name=password]").fill("sai-mat-khau")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator("main .errorlist, main [role=alert]").first).to_be_visible()


def _password_reset(page: Page, site: Site) -> None:
    page.goto(f"{site.url}{reverse('accounts:password_reset')}")


def _password_reset_error(page: Page, site: Site) -> None:
    page.goto(f"{site.url}{reverse('accounts:password_reset')}")
    page.locator("main form[method=post] button[type=submit]").click()


def _feedback_submit(page: Page, site: Site) -> None:
    page.goto(f"{site.url}{reverse('feedback_public:submit')}")


def _feedback_errors(page: Page, site: Site) -> None:
    """Sent empty: the needed fields in error."""
    page.goto(f"{site.url}{reverse('feedback_public:submit')}")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator("main .errorlist").first).to_be_visible()


def _feedback_answers(page: Page, site: Site) -> None:
    page.goto(f"{site.url}{reverse('feedback_public:answers')}")


def _booking(page: Page, site: Site) -> None:
    page.goto(f"{site.url}{reverse('queue_public:booking')}")


PAGES: dict[str, Callable[[Page, Site], None]] = {
    "home": _home,
    "catalogue-search": _catalogue_search,
    "catalogue-no-result": _catalogue_empty,
    "catalogue-filters": _catalogue_filters_open,
    "procedure": _procedure,
    "procedure-not-found": _procedure_not_found,
    "lookup": _lookup_empty,
    "lookup-code": _lookup_code,
    "lookup-not-found": _lookup_not_found,
    "lookup-missing-factor": _lookup_missing_factor,
    "lookup-details": _lookup_details,
    "register": _register,
    "register-errors": _register_errors,
    "register-business": _register_business,
    "login": _login,
    "login-error": _login_error,
    "password-reset": _password_reset,
    "password-reset-error": _password_reset_error,
    "feedback-submit": _feedback_submit,
    "feedback-errors": _feedback_errors,
    "feedback-answers": _feedback_answers,
    "appointment-booking": _booking,
}


def sign_in(page: Page, site: Site) -> None:
    page.goto(f"{site.url}{reverse('accounts:login')}")
    page.locator("input[name=username]").fill(site.citizen.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.get_by_role("navigation").locator(f"a[href='{reverse('citizen:dossiers')}']")).to_be_visible()


def _go(name: str, *args: Any, query: str = "") -> Callable[[Page, Site], None]:
    def visit(page: Page, site: Site) -> None:
        values = [getattr(site, a).pk if isinstance(a, str) else a for a in args]
        response = page.goto(f"{site.url}{reverse(name, args=values)}{query}")
        assert response is not None and response.status == 200, f"{name}: {response and response.status}"

    return visit


def _start(page: Page, site: Site) -> None:
    page.goto(f"{site.url}{reverse('citizen:start', args=[site.world.version.pk])}")


def _procedure_signed_in(page: Page, site: Site) -> None:
    """The procedure page with its "Submit online" button, as the citizen sees it."""
    page.goto(f"{site.url}{reverse('catalog:detail', args=[site.world.version.procedure.code])}")


def _edit_errors(page: Page, site: Site) -> None:
    """The empty draft sent for submission: the error summary and each field's error."""
    page.goto(f"{site.url}{reverse('citizen:edit', args=[site.draft.pk])}")
    page.locator("button[name=action][value=submit]").click()
    expect(page.locator(".summary")).to_be_visible()


def _lookup_own(page: Page, site: Site) -> None:
    """The applicant, signed in, sees the details of their own dossier with the code alone."""
    page.goto(f"{site.url}{reverse('portal:lookup')}?ma={site.submitted.code}")
    expect(page.locator("#details-title")).to_be_visible()


CITIZEN_PAGES: dict[str, Callable[[Page, Site], None]] = {
    "profile": _go("accounts:profile"),
    "profile-edit": _go("accounts:profile_edit"),
    "my-dossiers": _go("citizen:dossiers"),
    "procedure-submit-online": _procedure_signed_in,
    "start": _start,
    "draft": _go("citizen:edit", "draft"),
    "draft-errors": _edit_errors,
    "returned-for-completion": _go("citizen:edit", "returned"),
    "dossier-submitted": _go("citizen:detail", "submitted", query="?da-nop=1"),
    "dossier-returned": _go("citizen:detail", "returned"),
    "discard-draft": _go("citizen:discard", "draft"),
    "data-store": _go("citizen:store"),
    "lookup-own-dossier": _lookup_own,
}


@pytest.mark.parametrize("name", PAGES)
def test_public_page_has_no_serious_violation(name, site, phone):
    PAGES[name](phone, site)
    expect(phone.locator("html")).to_have_attribute("lang", "vi")
    assert_accessible(phone, label=name)


@pytest.mark.parametrize("name", CITIZEN_PAGES)
def test_citizen_page_has_no_serious_violation(name, site, phone):
    sign_in(phone, site)
    CITIZEN_PAGES[name](phone, site)
    expect(phone.locator("html")).to_have_attribute("lang", "vi")
    assert_accessible(phone, label=name)


def test_english_interface_too(site, phone):
    """The language switch changes `lang`; the English pages pass the same rules."""
    phone.goto(f"{site.url}/thu-tuc/?q=khai+sinh")
    phone.get_by_role("button", name="English").click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(phone, label="catalogue-search (en)")


def test_axe_reports_what_it_should(phone):
    """The check itself: an unlabelled input and unreadable text are found, a clean page passes."""
    phone.set_content(
        '<!doctype html><html lang="vi"><head><title>t</title></head><body><main>'
        '<input type="text" name="q"><p style="color:#ddd;background:#fff">mờ</p></main></body></html>'
    )
    found = {violation["id"] for violation in axe_check(phone)}
    assert {"label", "color-contrast"} <= found
    phone.set_content('<!doctype html><html lang="vi"><head><title>t</title></head><body><h1>Ổn</h1></body></html>')
    assert axe_check(phone) == []
