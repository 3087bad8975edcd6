"""The public transparency page (/minh-bach/): each agency's on-time rate."""

from django.urls import path

from . import views_public

app_name = "transparency"

urlpatterns = [path("", views_public.transparency, name="home")]
