"""Version 1 of the REST API: each app contributes its routes here."""

from django.urls import include, path

from motcua.portal.api import PublicLookupView

urlpatterns = [
    path("", include("motcua.org.api.urls")),
    path("", include("motcua.catalog.api.urls")),
    path("", include("motcua.dossiers.api.urls")),
    path("", include("motcua.payments.api.urls")),
    path("", include("motcua.esign.api.urls")),
    path("", include("motcua.reports.api.urls")),
    path("", include("motcua.queueing.api.urls")),
    path("", include("motcua.feedback.api.urls")),
    path("public/lookup/", PublicLookupView.as_view(), name="api-public-lookup"),
]
