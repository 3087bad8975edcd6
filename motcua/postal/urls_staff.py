"""The desk's postal screens, mounted at `can-bo/buu-chinh/`."""

from django.urls import URLPattern, URLResolver, path

from . import views_desk as desk

app_name = "postal_staff"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", desk.home, name="home"),
    path("bien-ban/<int:pk>/", desk.handover_detail, name="handover"),
    path("bien-ban/<int:pk>/pdf/", desk.handover_pdf, name="handover_pdf"),
]
