"""Staff money screens, mounted at `can-bo/thanh-toan/` (Vietnamese paths, English names)."""

from django.urls import path

from . import views_staff, views_staff_reconcile, views_staff_refunds

app_name = "payments_staff"
urlpatterns = [
    path("", views_staff.payment_list, name="list"),
    path("hoan-tien/", views_staff_refunds.refund_list, name="refunds"),
    path("hoan-tien/<int:pk>/thuc-hien/", views_staff_refunds.refund_execute_view, name="refund_execute"),
    path("doi-soat/", views_staff_reconcile.reconciliation_report_view, name="reconciliation"),
    path("bien-lai/<int:pk>/", views_staff.receipt_download, name="receipt"),
    path("ho-so/<str:code>/thu-phi/", views_staff.payment_record, name="record"),
    path("ho-so/<str:code>/mien/<int:line_id>/", views_staff.fee_exempt, name="exempt"),
]
