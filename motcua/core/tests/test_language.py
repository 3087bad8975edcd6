from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.core.text import fold, nfc, search_terms

pytestmark = pytest.mark.django_db


def test_vietnamese_is_the_default_even_for_an_english_browser(client, vietnamese):
    response = client.get(reverse("staff:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.content.decode()


def test_the_language_switch_turns_the_site_english(client, vietnamese):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("staff:login")})
    assert response.status_code == 302
    page = client.get(reverse("staff:login"))
    assert page.headers["Content-Language"] == "en"
    assert "Staff sign-in" in page.content.decode()


def test_unknown_language_cookie_falls_back_to_vietnamese(client, vietnamese):
    client.cookies["django_language"] = "xx"
    assert client.get(reverse("staff:login")).headers["Content-Language"] == "vi"


def test_fold_removes_diacritics_and_d_stroke():
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("  ĐĂNG   KÝ ") == "dang ky"


def test_nfd_and_nfc_forms_compare_equal():
    import unicodedata

    name = "Nguyễn Thị Hoà"
    assert nfc(unicodedata.normalize("NFD", name)) == nfc(name)
    assert fold(unicodedata.normalize("NFD", name)) == fold(name)


def test_search_terms_are_bounded():
    assert search_terms("a " * 500) == ["a"] * 8
    assert search_terms("1.001193") == ["1.001193"]


def test_pages_are_translated_into_vietnamese(client, vietnamese):
    page = client.get(reverse("staff:login")).content.decode()
    assert "Đăng nhập cán bộ" in page
    assert "Staff sign-in" not in page
