"""Public catalogue pages and the portal home: content, versions, htmx partials, queries and weight."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from motcua.catalog.choices import OnlineLevel, VersionStatus
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.tests.factories import (
    ComponentFactory,
    FeeFactory,
    FieldFactory,
    StepFactory,
    VersionFactory,
    birth_registration,
    published,
)
from motcua.org.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
LIST = reverse("catalog:list")
WEIGHT_LIMIT = 60 * 1024


def detail(code: str) -> str:
    return reverse("catalog:detail", args=[code])


# --- list ---------------------------------------------------------------------------------------


def test_list_shows_each_result_with_its_summary(client):
    birth_registration()

    html = client.get(LIST, {"q": "khai sinh"}).content.decode()

    assert 'href="/thu-tuc/1.001193/">Đăng ký khai sinh</a>' in html
    assert "1.001193" in html and "Hộ tịch" in html
    assert "Commune level" in html
    assert "1 working days" in html
    assert 'class="tag online-full">Fully online' in html
    assert "Free – 8.000 đ" in html
    assert "1 procedure found" in html


@pytest.mark.parametrize("query", ["dang ky khai sinh", "khai sinh", "Đăng ký khai sinh", "1.001193"])
def test_search_box_finds_birth_registration(client, query):
    birth_registration()
    published(name="Đăng ký kết hôn")

    html = client.get(LIST, {"q": query}).content.decode()

    assert "Đăng ký khai sinh" in html
    assert "Đăng ký kết hôn" not in html


def test_list_filters_by_field_agency_and_level(client):
    agency = AgencyFactory(name="UBND xã Tả Van")
    version = birth_registration()
    version.agencies.add(agency)
    published(name="Cấp phép xây dựng", levels=["province"], field=FieldFactory(name="Xây dựng", slug="xay-dung"))

    assert "Cấp phép xây dựng" not in client.get(LIST, {"linh-vuc": "ho-tich"}).content.decode()
    assert "Đăng ký khai sinh" not in client.get(LIST, {"linh-vuc": "xay-dung"}).content.decode()
    assert "Cấp phép xây dựng" not in client.get(LIST, {"co-quan": agency.pk}).content.decode()
    assert "Đăng ký khai sinh" not in client.get(LIST, {"cap": "province"}).content.decode()


def test_an_unknown_filter_value_is_ignored_not_refused(client):
    birth_registration()

    response = client.get(LIST, {"linh-vuc": "khong-co", "co-quan": "abc", "cap": "planet"})

    assert response.status_code == 200
    assert "Đăng ký khai sinh" in response.content.decode()


def test_facets_list_only_fields_with_procedures_in_force_with_counts(client):
    birth_registration()
    published(name="Đăng ký kết hôn", field=FieldFactory(name="Hộ tịch", slug="ho-tich"))
    VersionFactory(name="Bản nháp", field=FieldFactory(name="Đất đai", slug="dat-dai"))
    agency = AgencyFactory(name="UBND xã Tả Van")
    ProcedureVersion.objects.get(name="Đăng ký kết hôn").agencies.add(agency)

    html = client.get(LIST).content.decode()

    assert '<option value="ho-tich">Hộ tịch (2)</option>' in html
    assert "Đất đai" not in html
    assert f'<option value="{agency.pk}">UBND xã Tả Van</option>' in html
    assert '<option value="province">Province level</option>' in html


def test_drafts_retired_expired_and_future_versions_are_not_listed(client):
    today = timezone.localdate()
    published(name="Đang hiệu lực")
    published(name="Hết hiệu lực", valid_to=today - dt.timedelta(days=1))
    published(name="Chưa hiệu lực", valid_from=today + dt.timedelta(days=1))
    VersionFactory(name="Bản nháp", valid_from=dt.date(2025, 1, 1))
    VersionFactory(name="Đã bãi bỏ", status=VersionStatus.RETIRED, valid_from=dt.date(2025, 1, 1))

    html = client.get(LIST).content.decode()

    assert "Đang hiệu lực" in html
    for hidden in ["Hết hiệu lực", "Chưa hiệu lực", "Bản nháp", "Đã bãi bỏ"]:
        assert hidden not in html


def test_empty_state_explains_what_to_try(client):
    birth_registration()

    html = client.get(LIST, {"q": "giay phep lai xe"}).content.decode()

    assert "No procedure matches your search" in html
    assert "Accents are optional" in html
    assert "0 procedures found" in html


def test_pages_of_twenty_with_previous_and_next_links(client):
    for number in range(25):
        published(name=f"Thủ tục {number:02d}")

    first = client.get(LIST).content.decode()
    second = client.get(LIST, {"page": 2}).content.decode()

    assert first.count('class="card"') == 20
    assert 'href="/thu-tuc/?page=2" rel="next"' in first and 'rel="prev"' not in first
    assert second.count('class="card"') == 5
    assert 'href="/thu-tuc/?page=1" rel="prev"' in second and 'rel="next"' not in second
    assert "Thủ tục 24" in second


def test_page_links_keep_the_search(client):
    for number in range(21):
        published(name=f"Khai sinh {number:02d}")

    html = client.get(LIST, {"q": "khai sinh"}).content.decode()

    assert 'href="/thu-tuc/?q=khai+sinh&amp;page=2"' in html


def test_htmx_request_gets_the_results_partial_and_full_page_otherwise(client):
    birth_registration()

    full = client.get(LIST, {"q": "khai sinh"})
    partial = client.get(LIST, {"q": "khai sinh"}, headers={"HX-Request": "true"})
    restore = client.get(LIST, {"q": "khai sinh"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})

    assert full.content.decode().startswith("<!doctype html>")
    assert 'src="/static/js/htmx.min.js" defer' in full.content.decode()
    assert 'hx-trigger="keyup changed delay:400ms, search"' in full.content.decode()
    body = partial.content.decode()
    assert "<html" not in body and "<form" not in body
    assert "Đăng ký khai sinh" in body
    assert '<p id="result-count" hx-swap-oob="innerHTML">1 procedure found</p>' in body
    assert "<html" in restore.content.decode()
    assert "HX-Request" in full["Vary"] and "HX-Request" in partial["Vary"]


def test_list_queries_do_not_grow_with_results(client, django_assert_max_num_queries):
    for number in range(20):
        version = published(name=f"Thủ tục {number:02d}")
        version.agencies.add(AgencyFactory())
        FeeFactory(version=version)
        FeeFactory(version=version, amount_vnd=0)

    # facet fields, facet agencies, count, page, fees of the page
    with django_assert_max_num_queries(5):
        response = client.get(LIST, {"q": "thu tuc", "cap": "commune"})

    assert response.content.decode().count('class="card"') == 20


# --- detail -------------------------------------------------------------------------------------


def test_procedure_page_shows_everything_a_citizen_needs(client):
    agency = AgencyFactory(name="UBND xã Tả Van")
    version = birth_registration()
    version.agencies.add(agency)

    response = client.get(detail("1.001193"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Đăng ký khai sinh</h1>" in html
    assert "Version 1, valid from 01/01/2025" in html or re.search(r"Version \d+, valid from 01/01/2025", html)
    for text in [
        "Hộ tịch",
        "Commune level",
        "UBND xã Tả Van",
        "Ủy ban nhân dân cấp xã",
        "Citizen",
        "Công dân Việt Nam",
        "1 working days",
        "trả kết quả trong ngày làm việc tiếp theo",
        "At the one-stop desk",
        "Fully online",
        "By post",
        "The result can be sent to you by post",
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
        "Free",
        "8.000 đ",
        "This amount is being checked",
        "Miễn lệ phí đăng ký khai sinh đúng hạn",
        "Giấy khai sinh (bản chính)",
        "Bước 1: Người có yêu cầu nộp hồ sơ.",
        "<li>60/2014/QH13</li>",
        "<li>123/2015/NĐ-CP</li>",
        "Luật Hộ tịchNghị định",
        "1872/QĐ-BTP",
        "Tiếp nhận hồ sơ",
    ]:
        assert text in html, text


def test_form_file_names_link_to_the_national_portal_and_uploaded_templates_are_downloadable(client):
    version = birth_registration()
    ComponentFactory(version=version, order=3, name="Mẫu có tệp", form_files=["Mau 01.docx"]).form_template.save(
        "mau-01.docx", ContentFile(b"x")
    )

    html = client.get(detail("1.001193")).content.decode()

    portal = version.source["portal_url"].replace("&", "&amp;")
    assert f'<a href="{portal}" rel="external noopener">To khai khai sinh.docx</a>' in html
    assert re.search(r'<a href="/media/forms/mau-01[^"]*\.docx" download>Mau 01.docx</a>', html)


def test_administrator_defaults_are_marked(client):
    birth_registration(time_is_default=True, online_level_is_default=True)

    html = client.get(detail("1.001193")).content.decode()

    # time, online level, one component's required flag, one process step
    assert html.count("Default set by the administrator, to be confirmed") == 4


def test_no_defaults_no_marker(client):
    version = published(name="Thủ tục không có mặc định", online_level=OnlineLevel.INFORMATION)
    ComponentFactory(version=version)
    StepFactory(version=version)

    html = client.get(detail(version.code)).content.decode()

    assert "Default set by the administrator" not in html
    assert "Not online: information only" in html
    assert "No fee items are listed." in html


def test_date_parameter_picks_the_version_in_force_that_day(client):
    old = birth_registration(
        name="Đăng ký khai sinh (2015)",
        valid_from=dt.date(2016, 1, 1),
        valid_to=dt.date(2025, 6, 30),
        status=VersionStatus.RETIRED,
    )
    current = birth_registration(valid_from=dt.date(2025, 7, 1))

    today = client.get(detail("1.001193")).content.decode()
    past = client.get(detail("1.001193"), {"ngay": "2020-05-01"}).content.decode()

    assert "<h1>Đăng ký khai sinh</h1>" in today
    assert f"Version {current.number}, valid from 01/07/2025" in today
    assert "<h1>Đăng ký khai sinh (2015)</h1>" in past
    assert f"Version {old.number}, valid from 01/01/2016" in past and "to 30/06/2025" in past
    assert "You are viewing the version in force on 01/05/2020." in past
    assert f'href="/thu-tuc/1.001193/?ngay=2016-01-01">Version {old.number}' in today


def test_date_before_any_version_is_a_404_and_a_bad_date_means_today(client):
    birth_registration()

    assert client.get(detail("1.001193"), {"ngay": "2000-01-01"}).status_code == 404
    assert client.get(detail("1.001193"), {"ngay": "01/05/2020"}).status_code == 200


@pytest.mark.parametrize("make", [lambda: None, lambda: VersionFactory(procedure__code="1.001193")])
def test_unknown_code_or_no_version_in_force_is_a_404_page(client, make):
    make()

    response = client.get(detail("1.001193"))

    assert response.status_code == 404
    assert "No procedure with code 1.001193 is in force today." in response.content.decode()


# --- home ---------------------------------------------------------------------------------------


def test_home_has_a_search_box_and_the_busiest_fields(client):
    birth_registration()
    published(name="Đăng ký kết hôn", field=FieldFactory(name="Hộ tịch", slug="ho-tich"))
    published(name="Cấp phép xây dựng", field=FieldFactory(name="Xây dựng", slug="xay-dung"))

    html = client.get(reverse("portal:home")).content.decode()

    assert '<form method="get" action="/thu-tuc/" role="search">' in html
    assert html.index('Hộ tịch</a> <span class="meta">(2)') < html.index("Xây dựng</a>")
    assert 'href="/thu-tuc/?linh-vuc=xay-dung"' in html
    assert "htmx" not in html


def test_english_is_available_through_the_language_switch(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": LIST}, follow=True)

    assert '<html lang="en">' in response.content.decode()


# --- page weight --------------------------------------------------------------------------------


def page_weight(html: str) -> dict[str, int]:
    """Compressed bytes of the page and of the CSS and JS it references, read from disk."""
    weights = {"html": len(gzip.compress(html.encode(), 6)), "css": 0, "js": 0}
    for kind, url in re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"|<script src="/static/([^"]+)"', html):
        name = kind or url
        path = finders.find(name)
        assert path, name
        weights["css" if name.endswith(".css") else "js"] += len(gzip.compress(Path(path).read_bytes(), 6))
    return weights


def realistic_catalogue() -> None:
    """Twenty procedures with national-portal-sized texts, the detail one with a long dossier."""
    field = FieldFactory(name="Hộ tịch", slug="ho-tich")
    for number in range(24):
        version = published(
            name=f"Đăng ký khai sinh kết hợp đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi {number}",
            field=field,
            levels=["province", "commune"],
        )
        version.agencies.add(AgencyFactory(name=f"Ủy ban nhân dân xã Thử Nghiệm Số {number}"))
        FeeFactory(version=version, amount_vnd=0)
        FeeFactory(version=version, amount_vnd=50000)
    version = birth_registration(
        legal_basis="Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014 của Quốc hội. " * 12,
        conditions="Người đi đăng ký phải xuất trình giấy tờ tùy thân. " * 10,
        steps_text="Bước 1: Chuẩn bị hồ sơ theo quy định của pháp luật.\n" * 10,
    )
    for order in range(3, 15):
        ComponentFactory(
            version=version,
            order=order,
            case="Trường hợp đăng ký khai sinh cho trẻ em bị bỏ rơi" if order > 8 else "",
            name="Văn bản ủy quyền theo quy định của pháp luật trong trường hợp ủy quyền thực hiện việc đăng ký " * 2,
            form_files=[f"Mau so {order}.docx"],
        )


@pytest.mark.parametrize("url", [LIST, detail("1.001193"), reverse("portal:home")])
def test_first_load_stays_under_60_kb_compressed(client, url):
    realistic_catalogue()

    response = client.get(url)
    weights = page_weight(response.content.decode())

    assert response.status_code == 200
    assert sum(weights.values()) < WEIGHT_LIMIT, weights
