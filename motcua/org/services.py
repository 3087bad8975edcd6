"""Writes of the organisation: loading administrative units, staff accounts and role assignments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import UnitLevel
from .models import AdministrativeUnit, Agency, Department, Desk, RoleAssignment, User

REFORM_DAY = dt.date(2025, 7, 1)


def units_load_from_package(*, valid_from: dt.date = REFORM_DAY) -> tuple[int, int]:
    """Create or update the 34 provinces and 3,321 communes of the `vietnam-provinces` package.

    Idempotent: a second run changes nothing. Returns (created, updated).
    Province codes are 2 digits, commune codes 5 digits, as in the national list.
    """
    from vietnam_provinces import Province, Ward

    created = updated = 0
    with transaction.atomic():
        existing = {
            (u.level, u.code): u
            for u in AdministrativeUnit.objects.filter(
                valid_from=valid_from, level__in=[UnitLevel.PROVINCE, UnitLevel.COMMUNE]
            )
        }
        provinces: dict[int, AdministrativeUnit] = {}
        for p in Province.iter_all():
            unit, was_created, was_changed = _upsert_unit(
                existing,
                UnitLevel.PROVINCE,
                f"{int(p.code):02d}",
                p.name,
                p.division_type.value,
                p.codename,
                None,
                valid_from,
            )
            provinces[int(p.code)] = unit
            created += was_created
            updated += was_changed
        new_units = []
        for w in Ward.iter_all():
            parent = provinces[int(w.province_code)]
            key = (UnitLevel.COMMUNE, f"{int(w.code):05d}")
            if key not in existing:
                new_units.append(
                    AdministrativeUnit(
                        code=key[1],
                        name=w.name,
                        level=UnitLevel.COMMUNE,
                        division_type=w.division_type.value,
                        codename=w.codename,
                        parent=parent,
                        valid_from=valid_from,
                    )
                )
                continue
            _unit, _c, was_changed = _upsert_unit(
                existing, UnitLevel.COMMUNE, key[1], w.name, w.division_type.value, w.codename, parent, valid_from
            )
            updated += was_changed
        AdministrativeUnit.objects.bulk_create(new_units, batch_size=1000)
        created += len(new_units)
    return created, updated


def _upsert_unit(
    existing: dict[tuple[str, str], AdministrativeUnit],
    level: str,
    code: str,
    name: str,
    division_type: str,
    codename: str,
    parent: AdministrativeUnit | None,
    valid_from: dt.date,
) -> tuple[AdministrativeUnit, bool, bool]:
    unit = existing.get((level, code))
    values: dict[str, Any] = {"name": name, "division_type": division_type, "codename": codename, "parent": parent}
    if unit is None:
        unit = AdministrativeUnit.objects.create(level=level, code=code, valid_from=valid_from, **values)
        return unit, True, False
    changed = [k for k, v in values.items() if getattr(unit, k) != v]
    for k in changed:
        setattr(unit, k, values[k])
    if changed:
        unit.save(update_fields=changed)
    return unit, False, bool(changed)


def staff_create(*, username: str, full_name: str, password: str, email: str = "", is_admin: bool = False) -> User:
    """A staff account. `is_admin` opens the Django admin (catalogue, organisation, users)."""
    user = User(username=username, full_name=full_name, email=email, is_staff=is_admin, is_superuser=is_admin)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


def role_assign(
    *,
    user: User,
    role: str,
    agency: Agency,
    department: Department | None = None,
    desk: Desk | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> RoleAssignment:
    """Give `user` a role in a scope. The department and desk must belong to the agency."""
    if department is not None and department.agency_id != agency.pk:
        raise ValidationError(_("The department does not belong to this agency."))
    if desk is not None and desk.agency_id != agency.pk:
        raise ValidationError(_("The desk does not belong to this agency."))
    if valid_to is not None and valid_from is not None and valid_to < valid_from:
        raise ValidationError(_("The end date is before the start date."))
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        agency=agency,
        department=department,
        desk=desk,
        defaults={"valid_from": valid_from or timezone.localdate(), "valid_to": valid_to},
    )
    return assignment
