"""Our own error pages: a missing page keeps the site's layout, language and title (axe needs both)."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_missing_page_is_a_real_page(client, vietnamese):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "<title>Không tìm thấy trang" in html
    assert 'href="/tra-cuu/"' in html
