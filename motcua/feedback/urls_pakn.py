from django.urls import path

from . import views_pakn_public as views

app_name = "feedback_public"

urlpatterns = [
    path("", views.answers, name="answers"),
    path("gui/", views.submit, name="submit"),
    path("<str:code>/", views.follow, name="follow"),
    path("<str:code>/bo-sung/", views.supplement, name="supplement"),
    path("<str:code>/binh-chon/", views.vote, name="vote"),
]
