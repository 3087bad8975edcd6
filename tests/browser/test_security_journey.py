"""Two journeys in a real browser under the real Content-Security-Policy (issue 8):

- an officer's first sign-in with the second factor: scan (here: read) the key, type the code, keep
  the backup codes, reach the back office; a password alone opens nothing;
- an applicant on a phone files a request about their data and downloads everything held about them.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest
from django.urls import reverse
from django_otp.oath import totp
from playwright.sync_api import expect

from motcua.accounts.tests.conftest import PASSWORD, register
from motcua.org.choices import Role
from motcua.org.tests.factories import staff
from motcua.privacy.models import DataSubjectRequest
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser


def test_an_officer_enrols_an_authenticator_at_first_sign_in(
    live_server: Any, transactional_db: Any, settings: Any, browser: Any
) -> None:
    settings.MOTCUA_STAFF_2FA = True
    officer = staff(Role.DESK_OFFICER)
    from tests.browser.test_dossier_journey import DESKTOP

    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('staff:login')}")
    page.get_by_label("Username").fill(officer.username)
    page.get_by_label("Password").fill("secret-pass-123")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator")
    expect(page.get_by_role("img", name="QR code for the authenticator app")).to_be_visible()
    assert_accessible(page, label="second-factor-setup")
    secret = page.locator("code.secret").inner_text()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_role("textbox", name="Code").fill("000000")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("The code is not right")
    time.sleep(1.2)  # a wrong code holds the device back for a second (django-otp's throttling)
    page.get_by_role("textbox", name="Code").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your backup codes")
    expect(page.locator(".backup-codes li")).to_have_count(10)
    page.get_by_role("link", name="I have written them down – continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    context.close()


def test_an_applicant_files_a_data_request_and_downloads_their_data(
    live_server: Any, transactional_db: Any, vietnamese: Any, browser: Any
) -> None:
    from tests.browser import conftest as browser_support

    citizen = register()
    context = browser.new_context(accept_downloads=True, **browser_support.PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    page.get_by_label("Thư điện tử hoặc số điện thoại di động").fill(citizen.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()

    page.goto(f"{live_server.url}{reverse('privacy:home')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dữ liệu cá nhân của tôi")
    assert_accessible(page, label="my-personal-data")
    page.get_by_label("Bạn yêu cầu gì?").select_option("correction")
    page.get_by_label("Chi tiết: dữ liệu nào, cần thay đổi thế nào").fill(
        "Địa chỉ của tôi đã đổi sang phường Cam Đường."
    )
    page.get_by_role("button", name="Gửi đề nghị").click()

    made = DataSubjectRequest.objects.get()
    expect(page.locator("main")).to_contain_text(made.code)
    expect(page.locator("main")).to_contain_text("Đang xử lý")
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải về dữ liệu của tôi (tệp JSON)").click()
    data = json.loads(open(info.value.path(), encoding="utf-8").read())  # noqa: PTH123, SIM115
    assert data["profile"]["id_number"] == citizen.citizen_profile.id_number
    assert data["data_requests"][0]["code"] == made.code
    context.close()
