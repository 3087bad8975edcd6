from rest_framework.pagination import CursorPagination as BaseCursorPagination


class CursorPagination(BaseCursorPagination):
    """Cursor pages: no COUNT over the whole table, stable under inserts."""

    ordering = "pk"
    page_size_query_param = "page_size"
    max_page_size = 200
