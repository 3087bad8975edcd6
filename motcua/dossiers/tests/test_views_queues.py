"""Work queues, search and the home page counts: scoped rows, masked IDs, keyset pages, bounded queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.dossiers.tests.conftest import VALID_CCCD

from .test_views_support import client_for

pytestmark = pytest.mark.django_db


def codes_in(html: str) -> list[str]:
    return re.findall(r'class="code" href="/can-bo/ho-so/([^/]+)/"', html)


def test_desk_officer_sees_the_receive_queue_with_masked_ids(world):
    dossier = world.receive()
    response = client_for(world.desk_officer).get(reverse("dossiers:queues"))

    assert response.status_code == 200
    html = response.content.decode()
    assert codes_in(html) == [dossier.code]
    assert "********2345" in html
    assert VALID_CCCD not in html
    assert "To receive and forward" in html
    assert "Ready to return" in html


def test_a_queue_tab_over_htmx_is_a_partial_and_pushes_the_url(world):
    world.receive()
    response = client_for(world.desk_officer).get(
        reverse("dossiers:queues") + "?q=ready", headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'aria-current="page"' in html
    assert "No dossier here." in html
    assert response["HX-Push-Url"] == "/can-bo/ho-so/?q=ready"


def test_department_head_sees_the_dossier_once_forwarded(world):
    dossier = world.receive()
    head = client_for(world.head)
    assert codes_in(head.get(reverse("dossiers:queues") + "?q=assign").content.decode()) == []

    from motcua.dossiers.services import dossier_forward

    dossier_forward(actor=world.desk_officer, dossier=dossier)
    assert codes_in(head.get(reverse("dossiers:queues") + "?q=assign").content.decode()) == [dossier.code]


def test_another_agency_sees_nothing(world):
    world.receive()
    html = client_for(world.other_specialist).get(reverse("dossiers:queues") + "?q=appraise").content.decode()
    assert codes_in(html) == []
    search = client_for(world.other_specialist).get(reverse("dossiers:search") + "?q=Hoa").content.decode()
    assert codes_in(search) == []


def test_a_user_without_roles_is_refused(world, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    assert client_for(nobody).get(reverse("dossiers:queues")).status_code == 403


def test_keyset_pages_of_25_without_counting_the_table(world):
    made = [world.receive(components=world.components(scans=False)) for _ in range(27)]
    client = client_for(world.desk_officer)

    first = client.get(reverse("dossiers:queues") + "?q=receive").content.decode()
    first_codes = codes_in(first)
    assert len(first_codes) == 25
    cursor = re.search(r"sau=([\w-]+)", first).group(1)
    second = codes_in(client.get(reverse("dossiers:queues") + f"?q=receive&sau={cursor}").content.decode())

    assert len(second) == 2
    assert set(first_codes) | set(second) == {d.code for d in made}
    assert "99+" not in first


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("queue", ["receive", "supplement", "due_soon", "overdue", "ready"])
def test_queue_queries_do_not_grow_with_rows(world, queue, django_assert_max_num_queries):
    client = client_for(world.desk_officer)
    url = reverse("dossiers:queues") + f"?q={queue}"
    world.receive(components=world.components(scans=False))
    few = _queries(client, url)
    for _ in range(8):
        world.receive(components=world.components(scans=False))
    many = _queries(client, url)

    assert many == few
    with django_assert_max_num_queries(40):
        client.get(url)


def test_search_by_name_without_accents_code_and_id(world):
    dossier = world.receive()
    client = client_for(world.desk_officer)
    for text in ("nguyen thi hoa", "Nguyễn Thị Hoà", dossier.code, VALID_CCCD, "0912345678"):
        response = client.post(reverse("dossiers:search"), {"q": text}, follow=True)
        html = response.content.decode()
        assert codes_in(html) == [dossier.code], text
        assert VALID_CCCD not in html.split("<main")[1].replace(f'value="{VALID_CCCD}"', "")
        (address, status), *_ = response.redirect_chain
        assert status == 303 and "?tim=" in address and text not in address


def test_an_id_or_phone_number_typed_into_the_address_is_moved_out_of_it(world):
    dossier = world.receive()
    client = client_for(world.desk_officer)

    response = client.get(reverse("dossiers:search"), {"q": VALID_CCCD})
    followed = client.get(response["Location"])

    assert response.status_code == 303 and VALID_CCCD not in response["Location"]
    assert codes_in(followed.content.decode()) == [dossier.code]
    assert client.get(reverse("dossiers:search"), {"tim": "unknown"}).status_code == 200


def test_home_shows_capped_queue_counts(world):
    world.receive(components=world.components(scans=False))
    html = client_for(world.desk_officer).get(reverse("staff:home")).content.decode()
    assert "Work queues" in html
    assert re.search(r'<span class="n">1</span> To receive and forward', html)
    assert reverse("dossiers:queues") + "?q=receive" in html


def test_capped_filter():
    from motcua.dossiers.templatetags.dossier_tags import capped, masked, vnd

    assert capped(99) == "99"
    assert capped(100) == "99+"
    assert masked("001190012345") == "********2345"
    assert vnd(1_000_000) == "1.000.000 đ"
    assert vnd(0) == "Free"
