from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("dossiers/<str:code>/fees/", views.DossierFeesView.as_view(), name="api-dossier-fees"),
    path("dossiers/<str:code>/payments/", views.DossierPaymentCreateView.as_view(), name="api-dossier-payments"),
    path("payments/reconciliation/", views.ReconciliationView.as_view(), name="api-payments-reconciliation"),
]
