from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .views import NotFoundView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("v1/", include("motcua.api.v1")),
    # The postal operator's partner API (services.md §2), outside v1 as the spec names it.
    path("postal/", include("motcua.postal.api.urls")),
    # Any other address under /api/ is a JSON 404, with or without a trailing slash (never the HTML
    # page's slash-appending redirect).
    re_path(r"^[\s\S]*\Z", NotFoundView.as_view(), name="api-not-found"),
]
