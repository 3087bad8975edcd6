"""A daemon thread that sweeps the outbox every N seconds (embedded default, `runserver` only)."""

from __future__ import annotations

import logging
import threading
import time

from django.db import close_old_connections

logger = logging.getLogger(__name__)
_started = threading.Event()


def sweep_once(*, fresh_connection: bool = True) -> int:
    """One sweep; errors are logged, never raised (the loop must keep running).

    A long-running loop drops broken or expired database connections around each sweep, as a
    request would (`fresh_connection`); a single sweep in a command keeps the caller's connection.
    """
    from .delivery import deliver_due

    if fresh_connection:
        close_old_connections()
    try:
        return deliver_due()
    except Exception:
        logger.exception("Outbox sweep failed")
        return 0
    finally:
        if fresh_connection:
            close_old_connections()


def sweeper_start(seconds: float) -> threading.Thread | None:
    """Start the sweeper once per process; returns the thread, or None if it was already running."""
    if _started.is_set():
        return None
    _started.set()

    def loop() -> None:
        while True:
            time.sleep(seconds)
            sweep_once()

    thread = threading.Thread(target=loop, name="outbox-sweeper", daemon=True)
    thread.start()
    logger.info("Outbox sweeper started (every %s s)", seconds)
    return thread
