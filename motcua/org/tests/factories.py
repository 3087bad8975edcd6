from __future__ import annotations

import datetime as dt

import factory

from motcua.org.choices import AgencyLevel, DeskKind, Role, UnitLevel
from motcua.org.models import AdministrativeUnit, Agency, Counter, Department, Desk, RoleAssignment, User

REFORM_DAY = dt.date(2025, 7, 1)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"{90000 + n}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    level = UnitLevel.COMMUNE
    valid_from = REFORM_DAY


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"000.{n // 100:02d}.{n % 100:02d}.T99")
    name = factory.Sequence(lambda n: f"Cơ quan thử nghiệm {n}")
    level = AgencyLevel.COMMUNE
    unit = factory.SubFactory(UnitFactory)
    valid_from = REFORM_DAY


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"P{n}")
    name = factory.Sequence(lambda n: f"Phòng {n}")


class DeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desk

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"DESK{n}")
    name = factory.Sequence(lambda n: f"Bộ phận một cửa {n}")
    kind = DeskKind.COMMUNE_DESK


class CounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Counter

    desk = factory.SubFactory(DeskFactory)
    number = factory.Sequence(lambda n: n + 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def save_password(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.DESK_OFFICER
    agency = factory.SubFactory(AgencyFactory)
    valid_from = dt.date(2025, 1, 1)


def staff(role: str = Role.DESK_OFFICER, agency: Agency | None = None, **kwargs: object) -> User:
    """A user holding `role` in `agency` (a new agency when none is given)."""
    assignment = RoleAssignmentFactory(role=role, agency=agency or AgencyFactory(), **kwargs)
    return assignment.user
