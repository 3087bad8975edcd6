"""The applicant's pages under /ca-nhan/ (namespace `citizen`). Drafts have no code: dossiers are
addressed by id, always among the signed-in user's own."""

from django.urls import path
from django.views.generic import RedirectView

from . import views_dossier, views_draft, views_files

app_name = "citizen"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="citizen:dossiers"), name="home"),
    path("ho-so/", views_dossier.dossiers, name="dossiers"),
    path("nop/<int:version_id>/", views_draft.start, name="start"),
    path("ho-so/<int:pk>/", views_dossier.detail, name="detail"),
    path("ho-so/<int:pk>/sua/", views_draft.edit, name="edit"),
    path("ho-so/<int:pk>/xoa-nhap/", views_draft.discard, name="discard"),
    path("ho-so/<int:pk>/bo-sung/", views_dossier.supplement, name="supplement"),
    path("ho-so/<int:pk>/rut/", views_dossier.withdraw, name="withdraw"),
    path("ho-so/<int:pk>/danh-gia/", views_dossier.rate, name="rate"),
    path("ho-so/<int:pk>/tep/<int:attachment_id>/", views_files.download, name="download"),
    path("ho-so/<int:pk>/mau/<int:form_id>/", views_files.form_pdf, name="form_pdf"),
    path("kho-du-lieu/", views_files.store, name="store"),
    path("kho-du-lieu/<int:item_id>/", views_files.store_download, name="store_download"),
    path("kho-du-lieu/<int:item_id>/xoa/", views_files.store_delete, name="store_delete"),
]
