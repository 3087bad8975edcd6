from __future__ import annotations

import datetime as dt
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
        skip_postgeneration_save = True

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


# --- Realistic published data for the public catalogue pages (added with the portal work). ---


def published(valid_from: object = None, **kwargs: object) -> ProcedureVersion:
    """A published version valid from `valid_from` (1 January 2025 unless given), open-ended unless `valid_to`."""
    kwargs.setdefault("status", VersionStatus.PUBLISHED)
    return VersionFactory(valid_from=valid_from or dt.date(2025, 1, 1), **kwargs)


def birth_registration(**kwargs: object) -> ProcedureVersion:
    """Birth registration (1.001193) as the national portal publishes it: components, fees, steps."""
    field = FieldFactory(name="Hộ tịch", slug="ho-tich")
    values: dict[str, object] = {
        "procedure": ProcedureFactory(code="1.001193"),
        "name": "Đăng ký khai sinh",
        "field": field,
        "levels": ["commune"],
        "applicant_types": ["citizen"],
        "applicant_types_text": ["Công dân Việt Nam"],
        "time_text": "Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận hồ sơ sau 15 giờ mà không giải quyết được ngay"
        " thì trả kết quả trong ngày làm việc tiếp theo.",
        "time_value": Decimal("1"),
        "online_level": OnlineLevel.FULL,
        "accepts_postal_intake": True,
        "accepts_postal_return": True,
        "result_name": "Giấy khai sinh (bản chính)",
        "fees_text": "Miễn lệ phí đăng ký khai sinh đúng hạn; đăng ký khai sinh quá hạn: 8.000 đồng.",
        "legal_basis": "Luật 60/2014/QH13 Luật Hộ tịchNghị định 123/2015/NĐ-CP quy định chi tiết Luật Hộ tịch",
        "legal_basis_codes": ["60/2014/QH13", "123/2015/NĐ-CP"],
        "decision_no": "1872/QĐ-BTP",
        "competent_authority_text": "Ủy ban nhân dân cấp xã",
        "steps_text": "Bước 1: Người có yêu cầu nộp hồ sơ.\nBước 2: Công chức tư pháp - hộ tịch kiểm tra hồ sơ.",
        "conditions": "Không",
        "source": {
            "portal_url": "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193"
        },
    }
    values.update(kwargs)
    version = published(**values)
    ComponentFactory(version=version, order=1, name="Tờ khai đăng ký khai sinh", form_files=["To khai khai sinh.docx"])
    ComponentFactory(version=version, order=2, name="Giấy chứng sinh", copy_qty=0, required_is_default=True)
    FeeFactory(version=version, order=1, name="Lệ phí đăng ký khai sinh đúng hạn", amount_vnd=0)
    FeeFactory(version=version, order=2, name="Lệ phí đăng ký khai sinh quá hạn", amount_vnd=8000, needs_review=True)
    StepFactory(version=version, order=1, name="Tiếp nhận hồ sơ", budget_minutes=240, is_default=True)
    return version
