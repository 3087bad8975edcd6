"""The display board: the number at each counter, the latest calls and who waits per group.

Live by server-sent events: a stream lasts SSE_STREAM_SECONDS and then closes, the browser's
EventSource reconnects (after a server restart too), so no worker or thread is held for ever. The
board's script falls back to polling the fragment every POLL_SECONDS while the stream is down; the
fragment answers 204 when nothing changed. Change is detected from the database (one indexed query
per check), so every server process agrees without shared memory.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from motcua.org.models import Desk

from .conf import queue_setting
from .selectors import board_state, board_version
from .views_kiosk import floor_screen

PARTIAL = "queueing/partials/board_content.html"
KEEPALIVE_SECONDS = 10


def _context(desk: Desk) -> dict[str, object]:
    return {"desk": desk, "board": board_state(desk)}


@require_GET
@floor_screen("board")
def board(request: HttpRequest, desk: Desk) -> HttpResponse:
    context = _context(desk)
    context.update(
        sse=bool(queue_setting("BOARD_SSE")),
        poll_seconds=int(queue_setting("POLL_SECONDS")),
        voice_clips=str(queue_setting("VOICE_CLIPS_URL")),
        voice=request.GET.get("doc") == "1",
    )
    return render(request, "queueing/board.html", context)


@require_GET
@floor_screen("board")
def board_content(request: HttpRequest, desk: Desk) -> HttpResponse:
    """The fragment for polling: 204 when the version the board holds is still current."""
    if request.GET.get("v") and request.GET["v"] == board_version(desk):
        return HttpResponse(status=204)
    return render(request, PARTIAL, _context(desk))


def _event(version: str, html: str) -> str:
    data = "\n".join(f"data: {line}" for line in html.splitlines() or [""])
    return f"id: {version}\nevent: board\n{data}\n\n"


def _stream(desk: Desk, last: str) -> Iterator[str]:
    yield "retry: 2000\n\n"
    deadline = time.monotonic() + float(queue_setting("SSE_STREAM_SECONDS"))
    pause = float(queue_setting("SSE_CHECK_SECONDS"))
    quiet_since = time.monotonic()
    try:
        while time.monotonic() < deadline:
            version = board_version(desk)
            if version != last:
                last = version
                quiet_since = time.monotonic()
                yield _event(version, render_to_string(PARTIAL, _context(desk)))
            elif time.monotonic() - quiet_since > KEEPALIVE_SECONDS:
                quiet_since = time.monotonic()
                yield ": still here\n\n"
            time.sleep(pause)
    finally:
        close_old_connections()


@require_GET
@floor_screen("board")
def board_events(request: HttpRequest, desk: Desk) -> StreamingHttpResponse:
    last = request.headers.get("Last-Event-ID") or request.GET.get("v", "")
    response = StreamingHttpResponse(_stream(desk, last[:80]), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response
