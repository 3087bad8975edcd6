"""Accounts fixtures: citizens made through the real registration service."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.accounts.services import citizen_register
from motcua.org.models import User

PASSWORD = "Lua-nep-Bat-Xat-2026"
CCCD = "001190012345"  # Hà Nội, female, born 1990
CCCD_2 = "010089001234"  # Lào Cai, male, born 1989
ENTERPRISE = "5300123456"


def register(**overrides: Any) -> User:
    data: dict[str, Any] = {
        "kind": "person",
        "full_name": "Lò Thị Mai",
        "email": "mai@example.vn",
        "phone": "0912 345 678",
        "password": PASSWORD,
        "id_type": "cccd",
        "id_number": CCCD,
    }
    data.update(overrides)
    return citizen_register(**data)


@pytest.fixture
def citizen(db: Any) -> User:
    return register()


@pytest.fixture
def phone_only(db: Any) -> User:
    return register(full_name="Vàng A Páo", email="", phone="0987654321", id_number=CCCD_2)
