"""Cursor pages: no COUNT over the whole table, stable under inserts.

Each list orders by its own key; `ordered_by("code")` makes the pagination class for it. The first
ordering field should be unique (or nearly): ties are paged by an offset inside the cursor.
"""

from __future__ import annotations

from rest_framework.pagination import Cursor
from rest_framework.pagination import CursorPagination as BaseCursorPagination
from rest_framework.request import Request

from .errors import InvalidCursor


class CursorPagination(BaseCursorPagination):
    ordering = "pk"
    page_size_query_param = "page_size"
    max_page_size = 200

    def decode_cursor(self, request: Request) -> Cursor | None:
        """A tampered cursor is a client error (400 invalid_cursor), not a missing page (404)."""
        try:
            return super().decode_cursor(request)
        except Exception as exc:
            raise InvalidCursor() from exc


def ordered_by(*fields: str) -> type[CursorPagination]:
    """A cursor pagination class ordering by `fields` (the first one positions the cursor)."""
    return type("CursorPagination", (CursorPagination,), {"ordering": fields})
