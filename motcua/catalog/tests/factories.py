from __future__ import annotations

from decimal import Decimal

import factory

from motcua.catalog.choices import DurationUnit, OnlineLevel, StepRole, VersionStatus
from motcua.catalog.models import Component, FeeItem, Field, Procedure, ProcedureVersion, ProcessStep


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")
    slug = factory.Sequence(lambda n: f"linh-vuc-{n}")


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"9.{900000 + n}")


class VersionFactory(factory.django.DjangoModelFactory):
    """A draft version; use `published()` for one in force."""

    class Meta:
        model = ProcedureVersion

    procedure = factory.SubFactory(ProcedureFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm {n}")
    field = factory.SubFactory(FieldFactory)
    levels = factory.LazyFunction(lambda: ["commune"])
    applicant_types = factory.LazyFunction(lambda: ["citizen"])
    time_value = Decimal("5")
    time_unit = DurationUnit.WORKING_DAYS
    time_text = "5 Ngày làm việc"
    online_level = OnlineLevel.PARTIAL
    status = VersionStatus.DRAFT

    @factory.post_generation
    def with_search(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            from motcua.catalog.search import refresh_search_text

            refresh_search_text(self)


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Component

    version = factory.SubFactory(VersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Tờ khai số {n}")
    original_qty = 1


class FeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeItem

    version = factory.SubFactory(VersionFactory)
    name = "Lệ phí"
    amount_vnd = 10000


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessStep

    version = factory.SubFactory(VersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = "Thẩm định"
    role = StepRole.SPECIALIST
    budget_minutes = 480
