"""Version 1 of the REST API: each app contributes its routes here."""

from django.urls import include, path

urlpatterns = [
    path("", include("motcua.org.api.urls")),
    path("", include("motcua.catalog.api.urls")),
    path("", include("motcua.dossiers.api.urls")),
]
