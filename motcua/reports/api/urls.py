from django.urls import path

from . import views_evaluation, views_period

urlpatterns = [
    path("reports/period/", views_period.PeriodReportView.as_view(), name="api-report-period"),
    path("reports/period/cell/", views_period.PeriodCellView.as_view(), name="api-report-cell"),
    path("reports/evaluation/", views_evaluation.EvaluationView.as_view(), name="api-report-evaluation"),
    path("reports/index766/", views_evaluation.Index766View.as_view(), name="api-report-index766"),
]
