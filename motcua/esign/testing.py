"""Test support: a certificate authority made once per test session in a temporary folder, and
MOTCUA_ESIGN pointed at it for every test that loads these fixtures.

Any test package whose tests issue granted results (they are signed) imports both fixtures into its
conftest::

    from motcua.esign.testing import esign_pki, esign_settings  # noqa: F401 - fixtures
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from .pki import DemoPki, demo_pki_ensure

PASSWORD = "motcua-test"
VALID_FROM = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
ORG = "Sở Tư pháp tỉnh Lào Cai"


@pytest.fixture(scope="session")
def esign_pki(tmp_path_factory: pytest.TempPathFactory) -> DemoPki:
    # Valid for every date the tests travel to (time_machine), e.g. March 2026.
    return demo_pki_ensure(tmp_path_factory.mktemp("pki"), password=PASSWORD, org=ORG, valid_from=VALID_FROM, years=30)


def esign_conf(pki: DemoPki, **extra: Any) -> dict[str, Any]:
    return {
        "SIGNER": "local_pkcs12",
        "PKCS12_PATH": str(pki.pkcs12),
        "PKCS12_PASSWORD": PASSWORD,
        "TRUST_ROOTS": [str(pki.ca_pem)],
        "AGENCIES": {},
        "VERIFY_LIMITS": {"PER_MINUTE": 30, "PER_DAY": 300},
        **extra,
    }


@pytest.fixture(autouse=True)
def esign_settings(settings: Any, esign_pki: DemoPki) -> Iterator[dict[str, Any]]:
    settings.MOTCUA_ESIGN = esign_conf(esign_pki)
    yield settings.MOTCUA_ESIGN
