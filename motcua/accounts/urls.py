from django.contrib.auth.views import LogoutView
from django.urls import path

from . import oidc, views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("sua/", views.profile_edit, name="profile_edit"),
    path("dang-ky/", views.register, name="register"),
    path("dang-nhap/", views.CitizenLoginView.as_view(), name="login"),
    path("dang-xuat/", LogoutView.as_view(next_page="portal:home"), name="logout"),
    path("quen-mat-khau/", views.password_reset, name="password_reset"),
    path("quen-mat-khau/da-gui/", views.password_reset_sent, name="password_reset_sent"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.CitizenPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    # Answer 404 unless OpenID Connect is configured (read per request, see oidc.py).
    path("oidc/dang-nhap/", oidc.OidcLoginView.as_view(), name="oidc_login"),
    path("oidc/callback/", oidc.OidcCallbackView.as_view(), name="oidc_callback"),
]
