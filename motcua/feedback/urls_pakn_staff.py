from django.urls import path

from . import views_pakn_staff as views

app_name = "feedback_staff"

urlpatterns = [
    path("", views.feedback_list, name="list"),
    path("nhap/", views.feedback_key_in, name="key_in"),
    path("<str:code>/", views.feedback_detail, name="detail"),
    path("<str:code>/<slug:action>/", views.feedback_action, name="action"),
]
