from django.urls import URLPattern, URLResolver, path

from .views import PublicVerifyView

urlpatterns: list[URLPattern | URLResolver] = [
    path("public/verify/", PublicVerifyView.as_view(), name="api-public-verify"),
]
