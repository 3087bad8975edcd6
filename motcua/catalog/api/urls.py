from django.urls import path

from . import views

urlpatterns = [
    path("fields/", views.FieldListView.as_view(), name="api-field-list"),
    path("procedures/", views.ProcedureListView.as_view(), name="api-procedure-list"),
    path("procedures/<str:code>/", views.ProcedureDetailView.as_view(), name="api-procedure-detail"),
]
