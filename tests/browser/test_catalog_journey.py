"""A citizen on a cheap phone finds birth registration, reads it, switches language, and copes without JS."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from motcua.catalog.tests.factories import FieldFactory, birth_registration, published

pytestmark = pytest.mark.browser


@pytest.fixture
def catalogue() -> None:
    birth_registration()
    published(name="Đăng ký kết hôn", field=FieldFactory(name="Hộ tịch", slug="ho-tich"))
    published(name="Cấp giấy phép xây dựng", levels=["province"], field=FieldFactory(name="Xây dựng", slug="xay-dung"))


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_search_without_diacritics_then_read_the_procedure(live_server, catalogue, phone, screenshots):
    phone.goto(f"{live_server.url}/thu-tuc/")
    phone.wait_for_function("window.htmx !== undefined")
    phone.evaluate("window.sameDocument = true")

    phone.get_by_label("Search by name or code").press_sequentially("khai sinh", delay=40)

    results = phone.locator("#results")
    expect(results).not_to_contain_text("Đăng ký kết hôn")
    expect(results.get_by_role("link", name="Đăng ký khai sinh")).to_be_visible()
    expect(phone.locator("#result-count")).to_have_text("1 procedure found")
    expect(phone).to_have_url(re.compile(r"/thu-tuc/\?q=khai\+sinh"))
    assert phone.evaluate("window.sameDocument") is True, "htmx swapped the results without reloading"
    assert no_horizontal_scroll(phone)
    phone.screenshot(path=screenshots / "catalog-search.png", full_page=True)

    results.get_by_role("link", name="Đăng ký khai sinh").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")
    expect(phone.locator("table.stack")).to_contain_text("Tờ khai đăng ký khai sinh")
    expect(phone.get_by_role("link", name="To khai khai sinh.docx")).to_be_visible()
    expect(phone.locator("#fees + ul")).to_contain_text("8.000 đ")
    expect(phone.locator("#fees + ul")).to_contain_text("Free")
    assert no_horizontal_scroll(phone)
    phone.screenshot(path=screenshots / "procedure-page.png", full_page=True)


def test_choosing_a_level_refreshes_the_results(live_server, catalogue, phone):
    phone.goto(f"{live_server.url}/thu-tuc/")
    phone.wait_for_function("window.htmx !== undefined")

    phone.get_by_text("Filter by field, agency or level").click()
    phone.get_by_label("Level").select_option("province")

    expect(phone.locator("#results")).not_to_contain_text("Đăng ký khai sinh")
    expect(phone.locator("#results")).to_contain_text("Cấp giấy phép xây dựng")
    expect(phone).to_have_url(re.compile(r"cap=province"))


def test_switch_to_english_from_the_header(live_server, catalogue, phone, vietnamese):
    phone.goto(f"{live_server.url}/thu-tuc/")
    expect(phone.locator("html")).to_have_attribute("lang", "vi")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thủ tục hành chính")

    phone.get_by_role("button", name="English").click()

    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone).to_have_url(f"{live_server.url}/thu-tuc/")
    expect(phone.get_by_role("navigation", name="Main menu")).to_contain_text("Procedures")  # the nav's English label
    expect(phone.get_by_role("heading", level=1)).to_have_text("Administrative procedures")
    expect(phone.get_by_role("button", name="Tiếng Việt")).to_be_visible()


def test_search_works_without_javascript(live_server, catalogue, phone_without_js):
    page = phone_without_js
    page.goto(f"{live_server.url}/")

    page.get_by_label("Search by name or code").fill("dang ky khai sinh")
    page.get_by_label("Search by name or code").press("Enter")

    expect(page).to_have_url(re.compile(r"/thu-tuc/\?q=dang\+ky\+khai\+sinh"))
    expect(page.locator("#results")).to_contain_text("Đăng ký khai sinh")
    expect(page.locator("#results")).not_to_contain_text("Đăng ký kết hôn")

    page.get_by_role("link", name="Đăng ký khai sinh").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")
