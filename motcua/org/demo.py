"""The demo province: Lào Cai after the 2025 merger, its provincial bodies and twelve real communes.

Unit names and codes come from the `vietnam-provinces` package; the provincial departments (Sở) are
the standard set of Decree 45/2025. The agencies' electronic identifier codes follow the format of
Circular 10/2016 but are NOT the official ones: they are flagged `code_is_placeholder` and an
administrator replaces them with the province's list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .choices import AgencyLevel, DeskKind, Role, SuccessionKind, UnitLevel
from .models import AdministrativeUnit, Agency, Counter, Department, Desk, Succession, User
from .services import REFORM_DAY, role_assign, staff_create, units_load_from_package

PROVINCE_CODE = "15"
PROVINCE_SUFFIX = "H15"
DEMO_PASSWORD = "motcua@2026"
MERGER_BASIS = "Nghị quyết 202/2025/QH15 về sắp xếp đơn vị hành chính cấp tỉnh"


@dataclass(frozen=True)
class ProvincialBody:
    key: str
    name: str
    departments: tuple[str, ...]
    fields: tuple[str, ...] = ()


PROVINCIAL_BODIES = (
    ProvincialBody(
        "VP",
        "Văn phòng Ủy ban nhân dân tỉnh Lào Cai",
        ("Phòng Hành chính - Tổ chức", "Phòng Kiểm soát thủ tục hành chính"),
    ),
    ProvincialBody(
        "STP",
        "Sở Tư pháp tỉnh Lào Cai",
        ("Phòng Hành chính tư pháp", "Phòng Bổ trợ tư pháp", "Văn phòng Sở"),
        ("Công chứng", "Luật sư", "Trợ giúp pháp lý", "Đấu giá tài sản", "Giám định tư pháp"),
    ),
    ProvincialBody(
        "SXD",
        "Sở Xây dựng tỉnh Lào Cai",
        ("Phòng Quản lý hoạt động xây dựng", "Phòng Quản lý nhà và thị trường bất động sản", "Văn phòng Sở"),
        ("Hoạt động xây dựng", "Nhà ở và công sở", "Kinh doanh bất động sản"),
    ),
    ProvincialBody(
        "SNNMT",
        "Sở Nông nghiệp và Môi trường tỉnh Lào Cai",
        ("Phòng Quản lý đất đai", "Phòng Tài nguyên nước", "Văn phòng Sở"),
        ("Đất đai", "Tài nguyên nước", "Lâm nghiệp", "Thủy lợi", "Chăn nuôi", "Thú y"),
    ),
    ProvincialBody(
        "STC",
        "Sở Tài chính tỉnh Lào Cai",
        ("Phòng Đăng ký kinh doanh", "Phòng Quản lý giá và công sản", "Văn phòng Sở"),
        ("Thành lập và hoạt động của doanh nghiệp", "Đầu tư tại Việt nam"),
    ),
    ProvincialBody("SNV", "Sở Nội vụ tỉnh Lào Cai", ("Phòng Tổ chức - Biên chế", "Văn phòng Sở")),
    ProvincialBody("SYT", "Sở Y tế tỉnh Lào Cai", ("Phòng Nghiệp vụ Y", "Văn phòng Sở")),
)

# Twelve communes and wards of the new Lào Cai (codes of the 2025 national list).
DEMO_COMMUNES = (
    "02647",  # Phường Lào Cai
    "02674",  # Phường Cam Đường
    "04252",  # Phường Yên Bái
    "04288",  # Phường Nghĩa Lộ
    "03006",  # Phường Sa Pa
    "02683",  # Xã Bát Xát
    "02839",  # Xã Bắc Hà
    "02761",  # Xã Mường Khương
    "02809",  # Xã Si Ma Cai
    "04456",  # Xã Mù Cang Chải
    "02947",  # Xã Bảo Yên
    "03082",  # Xã Văn Bàn
)
COMMUNE_DEPARTMENTS = ("Văn phòng HĐND và UBND", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội")
COMMUNE_COUNTERS = (
    ("Hộ tịch, chứng thực", ("Hộ tịch", "Chứng thực", "Nuôi con nuôi")),
    (
        "Đất đai, xây dựng, kinh tế",
        ("Đất đai", "Hoạt động xây dựng", "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)"),
    ),
    ("Văn hóa - xã hội và lĩnh vực khác", ()),
)


@dataclass
class DemoOrg:
    province_unit: AdministrativeUnit
    province: Agency
    centre: Desk
    bodies: dict[str, Agency] = field(default_factory=dict)
    communes: list[Agency] = field(default_factory=list)
    commune_desks: list[Desk] = field(default_factory=list)


def build_org() -> DemoOrg:
    """Units, agencies, departments, desks and counters of the demo province (idempotent)."""
    units_load_from_package()
    province_unit = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code=PROVINCE_CODE, valid_from=REFORM_DAY)
    _record_merger(province_unit)
    province = _agency(
        f"000.00.00.{PROVINCE_SUFFIX}",
        "Ủy ban nhân dân tỉnh Lào Cai",
        AgencyLevel.PROVINCE,
        province_unit,
        None,
        short_name="UBND tỉnh Lào Cai",
    )
    org = DemoOrg(province_unit=province_unit, province=province, centre=_centre(province))
    for index, body in enumerate(PROVINCIAL_BODIES, start=1):
        agency = _agency(
            f"000.00.{index:02d}.{PROVINCE_SUFFIX}", body.name, AgencyLevel.PROVINCE, province_unit, province
        )
        for d_index, dept in enumerate(body.departments, start=1):
            Department.objects.get_or_create(agency=agency, code=f"{body.key}-{d_index:02d}", defaults={"name": dept})
        org.bodies[body.key] = agency
    for index, code in enumerate(DEMO_COMMUNES, start=1):
        unit = AdministrativeUnit.objects.get(level=UnitLevel.COMMUNE, code=code, valid_from=REFORM_DAY)
        agency = _agency(
            f"000.{index:02d}.00.{PROVINCE_SUFFIX}",
            f"Ủy ban nhân dân {unit.name}",
            AgencyLevel.COMMUNE,
            unit,
            province,
            short_name=f"UBND {unit.name}",
        )
        for d_index, dept in enumerate(COMMUNE_DEPARTMENTS, start=1):
            Department.objects.get_or_create(agency=agency, code=f"X-{d_index:02d}", defaults={"name": dept})
        org.communes.append(agency)
        org.commune_desks.append(_commune_desk(agency, unit))
    return org


def _record_merger(new_unit: AdministrativeUnit) -> None:
    """Old Lào Cai (10) and old Yên Bái (15) closed on 30/06/2025 and merged into the new Lào Cai."""
    closed = dt.date(2025, 6, 30)
    old_from = dt.date(2004, 1, 1)
    for code, name in (("10", "Tỉnh Lào Cai (trước 01/07/2025)"), ("15", "Tỉnh Yên Bái (trước 01/07/2025)")):
        old, _ = AdministrativeUnit.objects.get_or_create(
            level=UnitLevel.PROVINCE,
            code=code,
            valid_from=old_from,
            defaults={"name": name, "division_type": "tỉnh", "valid_to": closed},
        )
        Succession.objects.get_or_create(
            old=old,
            new=new_unit,
            defaults={"kind": SuccessionKind.MERGE, "effective_date": REFORM_DAY, "legal_basis": MERGER_BASIS},
        )


def _agency(
    code: str, name: str, level: str, unit: AdministrativeUnit, parent: Agency | None, short_name: str = ""
) -> Agency:
    agency, _ = Agency.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "short_name": short_name,
            "level": level,
            "unit": unit,
            "parent": parent,
            "valid_from": REFORM_DAY,
            "code_is_placeholder": True,
        },
    )
    return agency


def _centre(province: Agency) -> Desk:
    centre, _ = Desk.objects.get_or_create(
        code="LCI-TTPVHCC",
        defaults={
            "agency": province,
            "name": "Trung tâm Phục vụ hành chính công tỉnh Lào Cai",
            "kind": DeskKind.PROVINCIAL_CENTRE,
            "address": "Phường Yên Bái, tỉnh Lào Cai",
            "opening_hours": "Thứ Hai – Thứ Sáu, 07:00–11:30, 13:30–17:00",
        },
    )
    Desk.objects.get_or_create(
        code="LCI-TTPVHCC-CN1",
        defaults={
            "agency": province,
            "name": "Chi nhánh Trung tâm Phục vụ hành chính công tỉnh tại phường Lào Cai",
            "kind": DeskKind.BRANCH,
            "parent": centre,
            "address": "Phường Lào Cai, tỉnh Lào Cai",
            "opening_hours": "Thứ Hai – Thứ Sáu, 07:00–11:30, 13:30–17:00",
        },
    )
    return centre


def _commune_desk(agency: Agency, unit: AdministrativeUnit) -> Desk:
    desk, _ = Desk.objects.get_or_create(
        code=f"LCI-{unit.code}",
        defaults={
            "agency": agency,
            "name": f"Trung tâm Phục vụ hành chính công {unit.name}",
            "kind": DeskKind.COMMUNE_DESK,
            "address": f"{unit.name}, tỉnh Lào Cai",
            "opening_hours": "Thứ Hai – Thứ Sáu, 07:00–11:30, 13:30–17:00",
        },
    )
    return desk


def build_counters(org: DemoOrg) -> None:
    """Counters and the fields each serves (fields exist once the catalogue is imported)."""
    from motcua.catalog.models import Field

    for desk in org.commune_desks:
        for number, (name, field_names) in enumerate(COMMUNE_COUNTERS, start=1):
            counter, _ = Counter.objects.get_or_create(desk=desk, number=number, defaults={"name": name})
            counter.fields.set(Field.objects.filter(name__in=field_names))
    for number, body in enumerate((b for b in PROVINCIAL_BODIES if b.fields), start=1):
        counter, _ = Counter.objects.get_or_create(desk=org.centre, number=number, defaults={"name": body.name})
        counter.fields.set(Field.objects.filter(name__in=body.fields))


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    scope: str  # "province", a provincial body key, or "commune"
    department: int | None = None  # index in the agency's departments
    on_desk: bool = False


DEMO_USERS = (
    DemoUser("quantri", "Quản trị hệ thống", Role.ADMINISTRATOR, "province"),
    DemoUser("motcua.tinh", "Nguyễn Thị Hoa", Role.DESK_OFFICER, "province", on_desk=True),
    DemoUser("chuyenvien.stp", "Trần Văn Minh", Role.SPECIALIST, "STP", department=0),
    DemoUser("truongphong.stp", "Lê Thị Lan", Role.DEPARTMENT_HEAD, "STP", department=0),
    DemoUser("lanhdao.stp", "Phạm Văn Hùng", Role.AGENCY_LEADER, "STP"),
    DemoUser("vanthu.stp", "Hoàng Thị Mai", Role.CLERK, "STP", department=2),
    DemoUser("chuyenvien.sxd", "Vũ Đức Anh", Role.SPECIALIST, "SXD", department=0),
    DemoUser("lanhdao.sxd", "Đỗ Quang Trung", Role.AGENCY_LEADER, "SXD"),
    DemoUser("motcua.xa", "Giàng Thị Dung", Role.DESK_OFFICER, "commune", on_desk=True),
    DemoUser("chuyenvien.xa", "Lò Văn Sơn", Role.SPECIALIST, "commune", department=2),
    DemoUser("lanhdao.xa", "Sùng A Páo", Role.AGENCY_LEADER, "commune"),
    DemoUser("buudien", "Nhân viên Bưu điện tỉnh", Role.POSTAL_STAFF, "province", on_desk=True),
    DemoUser("kiemtra", "Thanh tra viên", Role.AUDITOR, "province"),
    DemoUser("lanhdao.tinh", "Lãnh đạo UBND tỉnh", Role.AGENCY_LEADER, "province"),
)


def build_users(org: DemoOrg) -> list[tuple[DemoUser, Agency]]:
    """One demo account per role; the commune accounts work at Phường Lào Cai (the first commune)."""
    made = []
    for spec in DEMO_USERS:
        if spec.scope == "province":
            agency, desk = org.province, org.centre
        elif spec.scope == "commune":
            agency, desk = org.communes[0], org.commune_desks[0]
        else:
            agency, desk = org.bodies[spec.scope], None
        user = User.objects.filter(username=spec.username).first() or staff_create(
            username=spec.username,
            full_name=spec.full_name,
            password=DEMO_PASSWORD,
            is_admin=spec.role == Role.ADMINISTRATOR,
        )
        department = None
        if spec.department is not None:
            department = list(agency.departments.order_by("code"))[spec.department]
        role_assign(
            user=user,
            role=spec.role,
            agency=agency,
            department=department,
            desk=desk if spec.on_desk else None,
            valid_from=REFORM_DAY,
        )
        made.append((spec, agency))
    return made
