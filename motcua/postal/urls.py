"""Postal staff screens and the applicant's pickup order, mounted at `buu-chinh/`."""

from django.urls import URLPattern, URLResolver, path

from . import views_postal as staff
from . import views_public as public

app_name = "postal"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff.home, name="home"),
    path("dat-lay-ho-so/<str:code>/", public.order_start, name="order_start"),
    path("don/<str:code>/da-dat/", public.order_done, name="order_done"),
    path("don/<str:code>/", staff.order_detail, name="order"),
    path("don/<str:code>/thu-gom/", staff.order_collect, name="order_collect"),
    path("don/<str:code>/phieu-gui.pdf", staff.order_slip, name="order_slip"),
    path("don/<str:code>/huy/", staff.order_cancel, name="order_cancel"),
    path("don/<str:code>/nhan-ket-qua/", staff.result_pick_up, name="result_pick_up"),
    path("don/<str:code>/su-kien/", staff.delivery_event, name="delivery_event"),
    path("bien-ban/", staff.handover_create, name="handover_create"),
    path("bien-ban/<int:pk>/", staff.handover_detail, name="handover"),
    path("bien-ban/<int:pk>/pdf/", staff.handover_pdf, name="handover_pdf"),
    path("bien-ban/<int:pk>/mau-01/<int:form_id>/", staff.handover_receipt, name="handover_receipt"),
]
