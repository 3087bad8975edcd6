"""Public floor screens (bound devices or staff), following a ticket, booking an appointment."""

from django.urls import path

from . import views_board, views_kiosk, views_public, views_tablet

app_name = "queue_public"

urlpatterns = [
    path("quay/ve/<str:token>/", views_public.ticket, name="ticket"),
    path("quay/<str:desk_code>/lay-so/", views_kiosk.kiosk, name="kiosk"),
    path("quay/<str:desk_code>/lay-so/cap/", views_kiosk.kiosk_issue, name="kiosk_issue"),
    path("quay/<str:desk_code>/lay-so/lich-hen/", views_kiosk.kiosk_checkin, name="kiosk_checkin"),
    path("quay/<str:desk_code>/lay-so/ve/<str:token>/", views_kiosk.kiosk_ticket, name="kiosk_ticket"),
    path("quay/<str:desk_code>/bang/", views_board.board, name="board"),
    path("quay/<str:desk_code>/bang/noi-dung/", views_board.board_content, name="board_content"),
    path("quay/<str:desk_code>/bang/su-kien/", views_board.board_events, name="board_events"),
    path("quay/<str:desk_code>/danh-gia/<int:number>/", views_tablet.tablet, name="tablet"),
    path("quay/<str:desk_code>/danh-gia/<int:number>/trang-thai/", views_tablet.tablet_state, name="tablet_state"),
    path("quay/<str:desk_code>/danh-gia/<int:number>/gui/", views_tablet.tablet_rate, name="tablet_rate"),
    path("lich-hen/", views_public.booking_start, name="booking"),
    path("lich-hen/dat/", views_public.booking_make, name="booking_make"),
    path("lich-hen/<str:token>/", views_public.appointment, name="appointment"),
]
