"""Who sees which agencies, desks and staff: one selector decides, and hidden objects look missing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.org import selectors
from motcua.org.choices import Role
from motcua.org.tests.factories import AgencyFactory, CounterFactory, DeskFactory, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_agencies():
    province = AgencyFactory(name="UBND tỉnh")
    commune_a = AgencyFactory(name="UBND xã A", parent=province)
    commune_b = AgencyFactory(name="UBND xã B", parent=province)
    return province, commune_a, commune_b


def test_officer_sees_only_own_agency_staff_and_desks(two_agencies):
    _province, a, b = two_agencies
    officer_a = staff(Role.DESK_OFFICER, a)
    colleague_a = staff(Role.SPECIALIST, a)
    officer_b = staff(Role.DESK_OFFICER, b)
    desk_a, desk_b = DeskFactory(agency=a), DeskFactory(agency=b)

    assert set(selectors.staff_list_for(user=officer_a)) == {officer_a, colleague_a}
    assert officer_b not in selectors.staff_list_for(user=officer_a)
    assert list(selectors.desk_list_for(user=officer_a)) == [desk_a]
    assert desk_b not in selectors.desk_list_for(user=officer_a)


def test_leader_of_parent_agency_sees_children(two_agencies):
    province, a, b = two_agencies
    leader = staff(Role.AGENCY_LEADER, province)
    officer_a, officer_b = staff(Role.DESK_OFFICER, a), staff(Role.DESK_OFFICER, b)
    assert {officer_a, officer_b, leader} <= set(selectors.staff_list_for(user=leader))
    assert selectors.visible_agency_ids(leader) == {province.pk, a.pk, b.pk}


def test_desk_officer_of_parent_does_not_see_children(two_agencies):
    province, a, _b = two_agencies
    officer = staff(Role.DESK_OFFICER, province)
    assert selectors.visible_agency_ids(officer) == {province.pk}
    assert not selectors.staff_list_for(user=officer).filter(role_assignments__agency=a).exists()


def test_expired_role_gives_no_scope(two_agencies):
    import datetime as dt

    _p, a, _b = two_agencies
    former = staff(Role.DESK_OFFICER, a, valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2021, 1, 1))
    assert selectors.visible_agency_ids(former) == set()
    assert not selectors.is_staff_member(former)


def test_other_agency_desk_page_is_the_same_404_as_a_missing_one(client, two_agencies):
    _p, a, b = two_agencies
    officer_a = staff(Role.DESK_OFFICER, a)
    CounterFactory(desk=DeskFactory(agency=a))
    desk_b = DeskFactory(agency=b, name="Bàn của xã B")
    client.force_login(officer_a)

    hidden = client.get(reverse("staff:desk_detail", args=[desk_b.pk]))
    missing = client.get(reverse("staff:desk_detail", args=[999999]))

    assert hidden.status_code == missing.status_code == 404
    assert "Bàn của xã B" not in hidden.content.decode()


def test_staff_list_page_hides_other_agency(client, two_agencies):
    _p, a, b = two_agencies
    officer_a = staff(Role.DESK_OFFICER, a)
    officer_b = staff(Role.DESK_OFFICER, b, user__full_name="Người Xã B")
    client.force_login(officer_a)
    page = client.get(reverse("staff:staff_list")).content.decode()
    assert str(officer_a) in page
    assert str(officer_b) not in page


def test_non_staff_user_is_refused_the_back_office(client, django_user_model):
    citizen = django_user_model.objects.create_user(username="citizen", password="x-pass-12345")
    client.force_login(citizen)
    assert client.get(reverse("staff:home")).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("staff:desk_list"))
    assert response.status_code == 302
    assert reverse("staff:login") in response["Location"]


def test_desk_list_query_count_does_not_grow(client, django_assert_max_num_queries, two_agencies):
    _p, a, _b = two_agencies
    officer = staff(Role.DESK_OFFICER, a)
    for _ in range(10):
        CounterFactory(desk=DeskFactory(agency=a))
    client.force_login(officer)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("staff:desk_list")).status_code == 200
