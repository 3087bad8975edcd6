"""A citizen on a cheap phone, without JavaScript: register, see the profile, sign out, sign in by phone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from motcua.accounts.tests.conftest import CCCD, PASSWORD
from motcua.org.models import User
from tests.browser import conftest as browser_support

pytestmark = pytest.mark.browser


@pytest.fixture
def phone_page(browser: Any) -> Iterator[Any]:
    """A 360 px phone asking for Vietnamese, JavaScript off."""
    context = browser.new_context(java_script_enabled=False, **browser_support.PHONE)
    yield context.new_page()
    context.close()


def test_register_then_sign_in_by_phone_without_javascript(
    live_server: Any, transactional_db: Any, vietnamese: Any, phone_page: Any
) -> None:
    page = phone_page
    page.goto(f"{live_server.url}{reverse('accounts:register')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký")

    page.get_by_label("Họ và tên").fill("Lò Thị Mai")
    page.get_by_label("Số giấy tờ").fill("999190012345")
    page.get_by_label("Số điện thoại di động").fill("0912 345 678")
    page.get_by_label("Mật khẩu", exact=False).first.fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Tạo tài khoản").click()

    id_field = page.locator("#id_id_number")
    expect(id_field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_id_number_error")).to_contain_text("999")
    assert not User.objects.exists()

    id_field.fill(CCCD)
    page.get_by_label("Mật khẩu", exact=False).first.fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Tạo tài khoản").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản của bạn")
    expect(page.locator("main")).to_contain_text("********2345")
    page.locator("main").get_by_role("button", name="Đăng xuất").click()

    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    page.get_by_label("Thư điện tử hoặc số điện thoại di động").fill("+84 912 345 678")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="Tài khoản")).to_be_visible()
