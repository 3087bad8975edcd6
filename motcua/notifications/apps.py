import os
import sys

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    label = "notifications"

    def ready(self) -> None:
        # The embedded default has no Celery worker: `runserver` sweeps the outbox in a thread
        # (only in the reloader's child process, RUN_MAIN, so there is one sweeper).
        from .conf import notify

        seconds = float(notify("INPROCESS_SWEEP_SECONDS") or 0)
        if seconds > 0 and os.environ.get("RUN_MAIN") == "true" and "runserver" in sys.argv:
            from .sweeper import sweeper_start

            sweeper_start(seconds)
