"""Catalog search that ignores Vietnamese diacritics, on SQLite and PostgreSQL alike.

Each version keeps `search_text`: the folded code, name and field. A query matches when every
folded term is in it, so "dang ky khai sinh", "khai sinh", "Đăng ký khai sinh" and "1.001193" all
find birth registration.
"""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.core.text import fold, search_terms

from .models import ProcedureVersion


def build_search_text(version: ProcedureVersion) -> str:
    parts = [version.procedure.code, version.name, version.field.name if version.field_id else ""]
    return f" {version.procedure.code} {fold(' '.join(parts))} "


def refresh_search_text(version: ProcedureVersion) -> None:
    version.search_text = build_search_text(version)
    ProcedureVersion.objects.filter(pk=version.pk).update(search_text=version.search_text)


def filter_by_query(queryset: QuerySet[ProcedureVersion], query: str) -> QuerySet[ProcedureVersion]:
    for term in search_terms(query):
        queryset = queryset.filter(search_text__contains=term)
    return queryset
