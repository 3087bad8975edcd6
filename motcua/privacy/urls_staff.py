from django.urls import path

from . import views

app_name = "privacy_staff"
urlpatterns = [
    path("", views.staff_list, name="list"),
    path("<str:code>/", views.staff_detail, name="detail"),
    path("<str:code>/tra-loi/", views.staff_answer, name="answer"),
]
