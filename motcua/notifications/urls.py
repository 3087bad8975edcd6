"""Staff resend screen, mounted at `can-bo/thong-bao/`."""

from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.outbox_list, name="list"),
    path("gui-lai/", views.outbox_resend_view, name="resend"),
    path("<int:pk>/nguoi-nhan/", views.outbox_recipient, name="recipient"),
]
