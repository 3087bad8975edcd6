"""Placeholder: replaced by the report API."""

from rest_framework.views import APIView


class _Missing(APIView):
    pass


PeriodReportView = PeriodCellView = EvaluationView = Index766View = _Missing
