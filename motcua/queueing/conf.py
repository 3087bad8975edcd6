"""Queue settings (services.md §3) with the spec's defaults; `settings.MOTCUA_QUEUE` overrides any key."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Front class: priority tickets and checked-in appointments; after this many front-class calls in
    # a row a counter calls a normal ticket that has waited longer than STARVATION_MINUTES.
    "FRONT_STREAK": 3,
    "STARVATION_MINUTES": 30,
    "RECALL_MAX": 3,
    "NO_SHOW_RESTORE_MINUTES": 30,
    # Extra priority categories beyond the spec's, as (key, label) pairs (to confirm).
    "EXTRA_PRIORITIES": [],
    "TARGET_WAIT_MINUTES": 15,
    # Used for the estimated wait until a group has served enough tickets today to measure it.
    "DEFAULT_SERVICE_MINUTES": 10,
    "ESTIMATE_SAMPLE": 20,
    # Appointments: check-in from 15 min before to 15 min after the slot gives a front-class ticket.
    "CHECKIN_EARLY_MINUTES": 15,
    "CHECKIN_LATE_MINUTES": 15,
    "SLOT_MINUTES": 30,
    "BOOKING_DAYS": 14,
    # Display board: server-sent events for at most this long per connection, then the browser
    # reconnects (a sync worker is never held for ever); polling every POLL_SECONDS as the fallback.
    "BOARD_SSE": True,
    "SSE_STREAM_SECONDS": 25,
    "SSE_CHECK_SECONDS": 1.0,
    "POLL_SECONDS": 3,
    "RECENT_CALLS": 8,
    # Rating tablet: a finished service can be rated on the counter's tablet for this long.
    "RATING_WINDOW_MINUTES": 10,
    # Voice call-out: a folder of pre-recorded clips under static/ (none shipped), else the browser's
    # vi-VN speech voice when present.
    "VOICE_CLIPS_URL": "",
    # Appointment phone numbers are erased this many days after the appointment (documents-and-codes.md §8).
    "PHONE_RETENTION_DAYS": 90,
}


def queue_setting(key: str) -> Any:
    return getattr(settings, "MOTCUA_QUEUE", {}).get(key, DEFAULTS[key])
