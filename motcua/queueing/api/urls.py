from django.urls import path

from . import views

urlpatterns = [
    path("queue/desks/<str:desk_code>/groups/", views.GroupsView.as_view(), name="api-queue-groups"),
    path("queue/desks/<str:desk_code>/tickets/", views.TicketIssueView.as_view(), name="api-queue-issue"),
    path("queue/desks/<str:desk_code>/checkin/", views.CheckinView.as_view(), name="api-queue-checkin"),
    path("queue/desks/<str:desk_code>/board/", views.BoardView.as_view(), name="api-queue-board"),
    path("queue/desks/<str:desk_code>/slots/", views.SlotsView.as_view(), name="api-queue-slots"),
    path(
        "queue/desks/<str:desk_code>/counters/<int:number>/ratings/",
        views.TabletRatingView.as_view(),
        name="api-queue-rating",
    ),
    path(
        "queue/desks/<str:desk_code>/counters/<int:number>/<slug:action>/",
        views.CounterActionView.as_view(),
        name="api-queue-counter",
    ),
    path("queue/tickets/<str:token>/", views.TicketStatusView.as_view(), name="api-queue-ticket"),
    path("queue/appointments/", views.AppointmentBookView.as_view(), name="api-queue-book"),
    path("queue/appointments/cancel/", views.AppointmentCancelView.as_view(), name="api-queue-cancel"),
]
