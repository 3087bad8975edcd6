"""Placeholder: replaced by the report pages."""

from django.http import Http404, HttpRequest, HttpResponse


def _missing(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


period_report_view = cell_list = period_export = export_list = export_download = _missing
evaluation_board = evaluation_export = index766_view = index766_export = dashboard = transparency = _missing
