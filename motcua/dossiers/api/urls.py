from django.urls import path

from . import me, views
from .actions import ACTION_VIEWS

urlpatterns = [
    path("dossiers/", views.DossierListCreateView.as_view(), name="api-dossier-list"),
    path("dossiers/<str:code>/", views.DossierDetailView.as_view(), name="api-dossier-detail"),
    path("dossiers/<str:code>/forms/<int:id>/pdf", views.DossierFormPdfView.as_view(), name="api-dossier-form-pdf"),
    path(
        "dossiers/<str:code>/control-sheet.pdf",
        views.DossierControlSheetView.as_view(),
        name="api-dossier-control-sheet",
    ),
    *(
        path(f"dossiers/<str:code>/{name}/", view.as_view(), name=f"api-dossier-{name}")
        for name, view in ACTION_VIEWS.items()
    ),
    path("intake-attempts/", views.IntakeAttemptCreateView.as_view(), name="api-intake-attempt-list"),
    path("me/dossiers/", me.MyDossierListView.as_view(), name="api-me-dossier-list"),
    path("me/dossiers/<int:id>/", me.MyDossierDetailView.as_view(), name="api-me-dossier-detail"),
]
