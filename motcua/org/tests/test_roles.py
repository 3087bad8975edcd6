from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from motcua.org.choices import Role
from motcua.org.services import role_assign
from motcua.org.tests.factories import AgencyFactory, DepartmentFactory, DeskFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_department_must_belong_to_the_agency():
    agency, other = AgencyFactory(), AgencyFactory()
    with pytest.raises(ValidationError):
        role_assign(user=UserFactory(), role=Role.SPECIALIST, agency=agency, department=DepartmentFactory(agency=other))


def test_desk_must_belong_to_the_agency():
    agency, other = AgencyFactory(), AgencyFactory()
    with pytest.raises(ValidationError):
        role_assign(user=UserFactory(), role=Role.DESK_OFFICER, agency=agency, desk=DeskFactory(agency=other))


def test_assigning_twice_keeps_one_row():
    user, agency = UserFactory(), AgencyFactory()
    first = role_assign(user=user, role=Role.CLERK, agency=agency)
    second = role_assign(user=user, role=Role.CLERK, agency=agency)
    assert first.pk == second.pk
    assert user.role_assignments.count() == 1
