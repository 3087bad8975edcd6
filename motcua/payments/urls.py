"""Online payment, public and citizen side (namespace `payments`, mounted at /thanh-toan/)."""

from django.urls import URLPattern, URLResolver, path

from . import views
from .sandbox import views as sandbox

app_name = "payments"
urlpatterns: list[URLPattern | URLResolver] = [
    path("ipn/<slug:gateway>/", views.ipn, name="ipn"),
    path("ket-qua/<slug:gateway>/", views.gateway_return, name="return"),
    path("ho-so/<int:pk>/", views.pay, name="pay"),
    path("bien-lai/<str:txn_ref>/", views.receipt, name="receipt"),
    # The built-in test gateway (404 unless MOTCUA_PAYMENTS["SANDBOX_ENABLED"]).
    path("sandbox/pay/", sandbox.pay, name="sandbox_pay"),
    path("sandbox/api/", sandbox.api, name="sandbox_api"),
]
