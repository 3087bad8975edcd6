"""Embedded default for `make demo`: SQLite file, debug on, local files."""

from .base import *  # noqa: F403

DEBUG = True
