from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_second_factor

app_name = "staff"
urlpatterns = [
    path("dang-nhap/", auth_views.LoginView.as_view(template_name="org/login.html"), name="login"),
    path("xac-thuc-hai-buoc/", views_second_factor.verify, name="second_factor"),
    path("xac-thuc-hai-buoc/thiet-lap/", views_second_factor.setup, name="second_factor_setup"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("nhan-su/", views.staff_list, name="staff_list"),
    path("quay/", views.desk_list, name="desk_list"),
    path("quay/<int:pk>/", views.desk_detail, name="desk_detail"),
]
