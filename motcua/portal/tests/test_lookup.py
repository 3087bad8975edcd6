"""The public status lookup page (services.md §7): code alone, second factor, same answer for every
miss, limits per IP and per code, the access log, the QR's URL, and the page's weight."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from motcua.audit.models import PersonalDataAccess
from motcua.dossiers.choices import State
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_forward
from motcua.dossiers.tests.conftest import VALID_CCCD, World, build_world
from motcua.org.tests.factories import UserFactory
from motcua.portal.lookup import client_ip

URL = reverse("portal:lookup")
NOW = dt.datetime(2026, 12, 4, 9, 30, 5, tzinfo=dt.UTC)
UNKNOWN = "000.00.00.H15-260101-9999"
NAME, PHONE = "Nguyễn Thị Hoà", "0912345678"


@pytest.fixture(autouse=True)
def _clear_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def dossier(world: World) -> Dossier:
    return world.receive()


def personal(html: str) -> list[str]:
    """Which of the applicant's personal data appear in the page."""
    return [value for value in (NAME, PHONE, VALID_CCCD, "hoa@example.vn", "Phường Lào Cai") if value in html]


def without_tokens(html: str) -> str:
    """The page less its CSRF tokens and the language switch's return address (the URL as requested)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'name="next" type="hidden" value="[^"]*"', "", html)


def main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def ask(client: Client, code: str, factor: str) -> Any:
    return client.post(URL, {"ma": code, "factor": factor})


def test_code_alone_shows_the_status_and_nothing_personal(client, dossier):
    response = client.get(URL, {"ma": dossier.code})
    html = response.content.decode()

    assert response.status_code == 200
    assert dossier.code in html and "Received" in html
    assert "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam" in html  # procedure
    assert "Trung tâm Phục vụ hành chính công tỉnh Lào Cai" in html  # receiving desk
    assert "Appointment to return the result" in html and "Not ready yet." in html
    assert 'role="status"' in html
    assert personal(html) == []
    assert 'name="factor"' in html and 'method="post"' in html  # the way to the details
    assert PersonalDataAccess.objects.count() == 0


def test_qr_url_with_spaces_and_lower_case_works(client, dossier):
    typed = "  " + dossier.code.lower().replace("-", " - ") + " "
    response = client.get(URL, {"ma": typed})
    assert response.status_code == 200
    assert dossier.code in response.content.decode()
    # As a phone's camera opens it: the raw query string with %20 and lower case.
    raw = client.get(f"{URL}?ma={dossier.code.lower().replace('.', '. ')}".replace(" ", "%20"))
    assert raw.status_code == 200 and dossier.code in raw.content.decode()


def test_factor_in_the_url_is_ignored(client, dossier):
    html = client.get(URL, {"ma": dossier.code, "factor": PHONE[-4:]}).content.decode()
    assert personal(html) == []
    assert PersonalDataAccess.objects.count() == 0


@pytest.mark.parametrize("factor", [PHONE[-4:], VALID_CCCD[-4:]], ids=["phone", "id_number"])
def test_right_factor_shows_details_and_logs_the_access(client, dossier, factor):
    response = ask(client, dossier.code.lower(), factor)
    html = response.content.decode()

    assert response.status_code == 200
    assert NAME in html
    assert "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" in html  # a component
    assert "Received at the counter" in html  # the history
    assert "Receipt and appointment" in html  # the receipt (Mẫu 01) issued
    assert PHONE not in html and VALID_CCCD not in html
    assert "no-store" in response["Cache-Control"]
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.purpose, access.ip, access.dossier_id) == (
        None,
        "public_lookup",
        "127.0.0.1",
        dossier.pk,
    )
    assert access.dossier_code == dossier.code


def test_history_shows_agencies_not_officers(client, dossier, world):
    html = ask(client, dossier.code, PHONE[-4:]).content.decode()
    assert world.desk_officer.full_name and world.desk_officer.full_name not in html
    assert "Ủy ban nhân dân tỉnh Lào Cai" in html  # the agency that acted


def test_every_miss_gets_the_same_page(client, dossier):
    wrong = ask(client, dossier.code, "0000")
    unknown = ask(client, UNKNOWN, "5678")
    malformed = ask(client, "not a code!", "5678")
    Dossier.objects.filter(pk=dossier.pk).update(state=State.DRAFT)
    draft = ask(client, dossier.code, PHONE[-4:])

    bodies = {without_tokens(r.content.decode()) for r in (wrong, unknown, malformed, draft)}
    assert {r.status_code for r in (wrong, unknown, malformed, draft)} == {404}
    assert len(bodies) == 1
    assert "No dossier matches this code" in bodies.pop()
    assert PersonalDataAccess.objects.count() == 0


def test_code_alone_misses_get_the_same_page(client, dossier):
    unknown = client.get(URL, {"ma": UNKNOWN})
    malformed = client.get(URL, {"ma": "<script>"})
    Dossier.objects.filter(pk=dossier.pk).update(state=State.DRAFT)
    draft = client.get(URL, {"ma": dossier.code})
    wrong = ask(client, "0" + dossier.code, "1234")

    bodies = {without_tokens(r.content.decode()) for r in (unknown, malformed, draft, wrong)}
    assert {r.status_code for r in (unknown, malformed, draft, wrong)} == {404}
    assert len(bodies) == 1


def test_blank_fields_are_errors_tied_to_their_input(client):
    response = client.post(URL, {"ma": "", "factor": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'aria-describedby="factor-code-error"' in html and 'id="factor-code-error"' in html
    assert 'aria-describedby="lookup-factor-help lookup-factor-error"' in html and 'aria-invalid="true"' in html
    assert html.count("<label") >= 3


def test_post_needs_the_csrf_token(dossier):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(URL, {"ma": dossier.code})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    assert browser.post(URL, {"ma": dossier.code, "factor": PHONE[-4:]}).status_code == 403
    ok = browser.post(URL, {"ma": dossier.code, "factor": PHONE[-4:], "csrfmiddlewaretoken": token.group(1)})
    assert ok.status_code == 200 and NAME in ok.content.decode()


def test_signed_in_applicant_sees_details_without_the_factor(client, dossier):
    owner, stranger = UserFactory(), UserFactory()
    Dossier.objects.filter(pk=dossier.pk).update(applicant=owner)

    client.force_login(stranger)
    assert personal(client.get(URL, {"ma": dossier.code}).content.decode()) == []
    client.force_login(owner)
    html = client.get(URL, {"ma": dossier.code}).content.decode()
    assert NAME in html
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.role, access.purpose) == (owner, "applicant", "public_lookup")


def test_31st_lookup_in_a_minute_is_refused_then_allowed_again(client, dossier):
    with time_machine.travel(NOW, tick=False) as traveller:
        for _ in range(30):
            assert client.get(URL, {"ma": dossier.code}).status_code == 200
        refused = client.get(URL, {"ma": dossier.code})
        assert refused.status_code == 429
        assert refused["Retry-After"] == "55"  # the minute window ends at 09:31:00 UTC
        html = refused.content.decode()
        assert "Too many lookups from your connection. Please try again after 16:31 04/12/2026." in html
        assert dossier.code not in main(html)
        assert ask(client, dossier.code, PHONE[-4:]).status_code == 429  # the POST counts too
        assert client.get(URL).status_code == 200  # the empty form is not a lookup

        traveller.shift(dt.timedelta(seconds=56))
        assert client.get(URL, {"ma": dossier.code}).status_code == 200


def test_limit_is_per_client_ip(client, dossier):
    with time_machine.travel(NOW, tick=False):
        for _ in range(30):
            client.get(URL, {"ma": dossier.code}, REMOTE_ADDR="10.0.0.1")
        assert client.get(URL, {"ma": dossier.code}, REMOTE_ADDR="10.0.0.1").status_code == 429
        assert client.get(URL, {"ma": dossier.code}, REMOTE_ADDR="10.0.0.2").status_code == 200
        # X-Forwarded-For is not trusted without a proxy configured.
        spoofed = client.get(URL, {"ma": dossier.code}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9")
        assert spoofed.status_code == 429


def test_daily_limit(client, dossier, settings):
    settings.MOTCUA = {**settings.MOTCUA, "LOOKUP_LIMITS": {"PER_MINUTE": 1000, "PER_DAY": 3}}
    with time_machine.travel(NOW, tick=False) as traveller:
        for _ in range(3):
            assert client.get(URL, {"ma": dossier.code}).status_code == 200
        refused = client.get(URL, {"ma": dossier.code})
        assert refused.status_code == 429
        # Until local midnight (Asia/Ho_Chi_Minh): 16:30:05 → 00:00:00 is 26,995 s.
        assert refused["Retry-After"] == "26995"
        assert "00:00 05/12/2026" in refused.content.decode()
        traveller.shift(dt.timedelta(hours=8))
        assert client.get(URL, {"ma": dossier.code}).status_code == 200


def test_five_wrong_factors_lock_the_code_for_an_hour(client, dossier):
    with time_machine.travel(NOW, tick=False) as traveller:
        for _ in range(5):
            assert ask(client, dossier.code, "0000").status_code == 404
        locked = ask(client, dossier.code, PHONE[-4:])  # even the right factor
        assert locked.status_code == 429
        assert "Too many wrong digits were entered for this dossier code" in locked.content.decode()
        assert locked["Retry-After"] == "3600"
        assert client.get(URL, {"ma": dossier.code}).status_code == 200  # the status stays public
        assert PersonalDataAccess.objects.count() == 0

        traveller.shift(dt.timedelta(minutes=59))
        assert ask(client, dossier.code, PHONE[-4:]).status_code == 429
        traveller.shift(dt.timedelta(minutes=1, seconds=1))
        assert ask(client, dossier.code, PHONE[-4:]).status_code == 200
        assert PersonalDataAccess.objects.count() == 1


def test_an_unknown_code_locks_like_a_real_one(client, dossier):
    """Otherwise the lock would tell which codes exist."""
    with time_machine.travel(NOW, tick=False):
        for _ in range(5):
            ask(client, UNKNOWN, "0000")
            ask(client, dossier.code, "0000")
        unknown, real = ask(client, UNKNOWN, "0000"), ask(client, dossier.code, "0000")
        assert unknown.status_code == real.status_code == 429
        assert without_tokens(unknown.content.decode()) == without_tokens(real.content.decode())


def test_messages_in_vietnamese_by_default(client, dossier, vietnamese):
    page = client.get(URL, {"ma": dossier.code}).content.decode()
    assert '<html lang="vi">' in page and "Tra cứu hồ sơ" in page and "Đã tiếp nhận" in page
    missing = client.get(URL, {"ma": UNKNOWN}).content.decode()
    assert "Không tìm thấy hồ sơ" in missing
    with time_machine.travel(NOW, tick=False):
        for _ in range(31):
            refused = client.get(URL, {"ma": dossier.code})
    assert "Tra cứu quá nhiều lần" in refused.content.decode()


def test_code_alone_costs_one_query_whatever_the_dossier(client, world, django_assert_max_num_queries):
    small = world.receive()
    big = world.receive()
    dossier_forward(actor=world.desk_officer, dossier=big)  # more history, another active step
    with django_assert_max_num_queries(1):
        client.get(URL, {"ma": small.code})
    with django_assert_max_num_queries(1):
        client.get(URL, {"ma": big.code})
    with django_assert_max_num_queries(1):
        client.get(URL, {"ma": UNKNOWN})


def test_client_ip_trusts_forwarded_for_only_behind_configured_proxies(settings):
    request = RequestFactory().get(URL, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7")
    assert client_ip(request) == "10.0.0.5"
    settings.MOTCUA = {**settings.MOTCUA, "TRUSTED_PROXY_COUNT": 1}
    assert client_ip(request) == "203.0.113.7"
    settings.MOTCUA = {**settings.MOTCUA, "TRUSTED_PROXY_COUNT": 2}
    assert client_ip(request) == "1.1.1.1"
    bad = RequestFactory().get(URL, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="junk, more")
    assert client_ip(bad) == "10.0.0.5"


def test_page_is_small_with_its_stylesheet(client, dossier):
    html = ask(client, dossier.code, PHONE[-4:]).content
    css = (Path(settings.BASE_DIR) / "motcua" / "static" / "css" / "motcua.css").read_bytes()
    assert len(gzip.compress(html)) + len(gzip.compress(css)) <= 60 * 1024
    assert b"<script" not in html


def test_limits_on_redis_share_one_counter(client, dossier, settings):
    """Production keeps the counters in Redis (one round trip per lookup); skipped without a local Redis."""
    redis = pytest.importorskip("redis")
    url = os.environ.get("MOTCUA_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url}")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": "t"}
    }
    settings.MOTCUA = {**settings.MOTCUA, "LOOKUP_LIMITS": {"PER_MINUTE": 3, "PER_DAY": 300}}
    from django.core.cache import caches

    caches["default"].clear()
    try:
        with time_machine.travel(NOW, tick=False):
            codes = [client.get(URL, {"ma": dossier.code}).status_code for _ in range(4)]
            assert codes == [200, 200, 200, 429]
            assert caches["default"].get(f"lookup:ip:m:127.0.0.1:{int(NOW.timestamp() // 60)}") == 4
            for _ in range(5):
                ask(client, UNKNOWN, "0000")  # refused by the IP limit: no factor counted
            assert caches["default"].get(f"lookup:ip:d:127.0.0.1:{NOW.date()}") == 9
    finally:
        caches["default"].clear()


def test_healthz_is_the_trivial_baseline(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
