"""Embedded default for `make demo`: SQLite file, debug on, local files."""

from .base import *  # noqa: F403

DEBUG = True

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - keeps WhiteNoise quiet before collectstatic
