"""`/xac-thuc/`: public verification of results; the staff revocation posts here too."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "esign"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.verify, name="verify"),
    path("thu-hoi/<int:pk>/", views.revoke, name="revoke"),
]
