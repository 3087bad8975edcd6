from django.urls import path

from . import views_counter, views_devices

app_name = "queue_staff"

urlpatterns = [
    path("", views_counter.counter_list, name="counters"),
    path("thiet-bi/", views_devices.devices, name="devices"),
    path("thiet-bi/<int:device_id>/thu-hoi/", views_devices.device_revoke_view, name="device_revoke"),
    path("phieu-danh-gia/", views_devices.paper_rating, name="paper_rating"),
    path("<int:counter_id>/", views_counter.counter_screen, name="counter"),
    path("<int:counter_id>/<slug:action>/", views_counter.counter_action, name="action"),
]
