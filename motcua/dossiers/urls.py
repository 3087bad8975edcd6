"""Staff dossier screens, mounted at `can-bo/ho-so/` (Vietnamese paths, English names)."""

from django.urls import path

from . import views

app_name = "dossiers"
urlpatterns = [
    path("", views.queues, name="queues"),
    path("tim/", views.search, name="search"),
    path("tiep-nhan/", views.intake, name="intake"),
    path("tiep-nhan/kiem-tra-giay-to/", views.id_check_view, name="id_check"),
    path("tiep-nhan/<int:version_id>/", views.intake_form, name="intake_form"),
    path("tiep-nhan/ket-qua/<int:pk>/", views.attempt, name="attempt"),
    path("tiep-nhan/ket-qua/<int:pk>/phieu/<int:form_id>/", views.attempt_form_download, name="attempt_pdf"),
    path("so-theo-doi/", views.register, name="register"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/bieu-mau/<int:form_id>/", views.form_download, name="form_pdf"),
    path("<str:code>/phieu-kiem-soat/", views.control_sheet, name="control_sheet"),
    path("<str:code>/tep/<int:attachment_id>/", views.attachment, name="attachment"),
    path("<str:code>/kho/<int:item_id>/", views.store_document, name="store_document"),
    path("<str:code>/<slug:action>/", views.action, name="action"),
]
