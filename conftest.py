"""Project-wide pytest fixtures."""

from __future__ import annotations

import pytest

# Granted results are signed (motcua.esign): one test certificate authority per session, and
# MOTCUA_ESIGN pointed at it for every test.
from motcua.esign.testing import esign_pki, esign_settings  # noqa: F401


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def vietnamese(settings):
    """The product default language (the test settings use English so assertions read the source strings)."""
    settings.LANGUAGE_CODE = "vi"
    from django.utils import translation

    with translation.override("vi"):
        yield
