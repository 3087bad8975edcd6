from django.urls import path

from . import views

urlpatterns = [
    path("feedback/", views.FeedbackCollection.as_view(), name="api-feedback"),
    path("feedback/<str:code>/", views.FeedbackPublicView.as_view(), name="api-feedback-public"),
    path("feedback/<str:code>/<slug:action>/", views.FeedbackActionView.as_view(), name="api-feedback-action"),
]
