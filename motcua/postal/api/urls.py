"""The partner API of the postal operator, at /api/postal/ (services.md §2)."""

from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("orders/", views.OrderListView.as_view(), name="api-postal-orders"),
    path("orders/<str:code>/", views.OrderDetailView.as_view(), name="api-postal-order"),
    path("orders/<str:code>/collected/", views.OrderCollectedView.as_view(), name="api-postal-order-collected"),
    path("orders/<str:code>/slip.pdf", views.OrderSlipView.as_view(), name="api-postal-order-slip"),
    path("handovers/", views.HandoverListView.as_view(), name="api-postal-handovers"),
    path("handovers/<int:pk>/", views.HandoverDetailView.as_view(), name="api-postal-handover"),
    path("handovers/<int:pk>/pdf", views.HandoverPdfView.as_view(), name="api-postal-handover-pdf"),
    path(
        "handovers/<int:pk>/receipts/<int:form_id>/pdf",
        views.HandoverReceiptView.as_view(),
        name="api-postal-handover-receipt",
    ),
    path("results/", views.ResultListView.as_view(), name="api-postal-results"),
    path("results/<str:code>/picked-up/", views.ResultPickedUpView.as_view(), name="api-postal-result-picked-up"),
    path(
        "results/<str:code>/delivery-events/",
        views.ResultDeliveryEventView.as_view(),
        name="api-postal-result-events",
    ),
]
