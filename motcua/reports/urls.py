"""Staff report pages under /can-bo/bao-cao/ (reports.md §2, §4-7)."""

from django.urls import path

from . import views_dashboard, views_evaluation, views_period, views_queue

app_name = "reports"

urlpatterns = [
    path("", views_dashboard.dashboard, name="dashboard"),
    path("ky/", views_period.period_report_view, name="period"),
    path("ky/danh-sach/", views_period.cell_list, name="cell"),
    path("ky/xuat/<str:fmt>/", views_period.period_export, name="export"),
    path("ky/chot/", views_period.period_freeze, name="freeze"),
    path("tep/", views_period.export_list, name="exports"),
    path("tep/<int:pk>/", views_period.export_download, name="export_download"),
    path("danh-gia/", views_evaluation.evaluation_board, name="evaluation"),
    path("danh-gia/xuat/<str:fmt>/", views_evaluation.evaluation_export, name="evaluation_export"),
    path("chi-so-766/", views_evaluation.index766_view, name="index766"),
    path("chi-so-766/xuat/<str:fmt>/", views_evaluation.index766_export, name="index766_export"),
    path("hang-doi/", views_queue.queue_view, name="queue"),
    path("hang-doi/xuat/<str:fmt>/", views_queue.queue_export, name="queue_export"),
    path("khong-hai-long/", views_queue.not_satisfied, name="not_satisfied"),
]
