from django.urls import path

from . import views

urlpatterns = [
    path("units/", views.UnitListView.as_view(), name="api-unit-list"),
    path("units/<str:code>/", views.UnitDetailView.as_view(), name="api-unit-detail"),
    path("agencies/", views.AgencyListView.as_view(), name="api-agency-list"),
    path("agencies/<str:code>/", views.AgencyDetailView.as_view(), name="api-agency-detail"),
    path("staff/", views.StaffListView.as_view(), name="api-staff-list"),
    path("desks/", views.DeskListView.as_view(), name="api-desk-list"),
    path("desks/<int:id>/", views.DeskDetailView.as_view(), name="api-desk-detail"),
]
