from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from motcua.core.health import readyz
from motcua.core.metrics import metrics
from motcua.core.views import healthz

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("motcua.api.urls")),
    path("can-bo/ho-so/", include("motcua.dossiers.urls")),
    path("can-bo/thong-bao/", include("motcua.notifications.urls")),
    path("can-bo/thanh-toan/", include("motcua.payments.urls_staff")),
    path("can-bo/buu-chinh/", include("motcua.postal.urls_staff")),
    path("can-bo/bao-cao/", include("motcua.reports.urls")),
    path("can-bo/hang-doi/", include("motcua.queueing.urls_staff")),
    path("can-bo/phan-anh/", include("motcua.feedback.urls_pakn_staff")),
    path("can-bo/du-lieu-ca-nhan/", include("motcua.privacy.urls_staff")),
    path("can-bo/", include("motcua.org.urls")),
    path("thanh-toan/", include("motcua.payments.urls")),
    path("buu-chinh/", include("motcua.postal.urls")),
    path("xac-thuc/", include("motcua.esign.urls")),
    path("minh-bach/", include("motcua.reports.urls_public")),
    path("phan-anh-kien-nghi/", include("motcua.feedback.urls_pakn")),
    path("", include("motcua.queueing.urls")),
    path("tai-khoan/", include("motcua.accounts.urls")),
    path("ca-nhan/du-lieu-ca-nhan/", include("motcua.privacy.urls")),
    path("ca-nhan/", include("motcua.portal.citizen.urls")),
    path("", include("motcua.catalog.urls")),
    path("", include("motcua.portal.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
