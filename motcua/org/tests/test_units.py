from __future__ import annotations

import pytest

from motcua.org.choices import UnitLevel
from motcua.org.models import AdministrativeUnit
from motcua.org.services import units_load_from_package

pytestmark = pytest.mark.django_db


def test_units_load_the_2025_two_tier_list_once():
    created, updated = units_load_from_package()
    assert AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE).count() == 34
    assert AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE).count() == 3321
    assert created == 34 + 3321
    assert updated == 0

    again = units_load_from_package()
    assert again == (0, 0)
    lao_cai = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code="15")
    assert lao_cai.name == "Lào Cai"
    assert lao_cai.children.count() == 99
    assert lao_cai.children.filter(name="Phường Sa Pa", code="03006").exists()
