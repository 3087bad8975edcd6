"""/metrics in the Prometheus text format: business gauges computed on each scrape.

Computing on scrape from the shared database and Redis keeps the figures right with any number of
gunicorn processes (no per-process counters to merge). Each gauge is one indexed query. Request
rates and latencies come from the access log or the reverse proxy. Access: a bearer token
(`MOTCUA_METRICS_TOKEN`) or a client address in `MOTCUA_METRICS_ALLOWED_IPS`.
"""

from __future__ import annotations

import datetime as dt
import hmac

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Gauge, generate_latest

from motcua.dossiers.choices import OPEN_STATES


def _allowed(request: HttpRequest) -> bool:
    token = getattr(settings, "MOTCUA_METRICS_TOKEN", "")
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and given and hmac.compare_digest(given, token):
        return True
    return request.META.get("REMOTE_ADDR", "") in getattr(settings, "MOTCUA_METRICS_ALLOWED_IPS", ["127.0.0.1"])


def registry() -> CollectorRegistry:
    from motcua.dossiers.models import Dossier
    from motcua.notifications.models import OutboxMessage

    reg = CollectorRegistry()
    today = timezone.localdate()
    received = Gauge("motcua_dossiers_received_today", "Dossiers accepted today", ["channel"], registry=reg)
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    for channel, n in (
        Dossier.objects.filter(received_at__gte=start).values_list("channel").annotate(n=Count("pk")).order_by()
    ):
        received.labels(channel=channel).set(n)
    open_q = Dossier.objects.filter(state__in=OPEN_STATES)
    Gauge("motcua_dossiers_open", "Open dossiers", registry=reg).set(open_q.count())
    Gauge("motcua_dossiers_overdue", "Open dossiers past their due date", registry=reg).set(
        open_q.filter(due_date__lt=today).count()
    )
    outbox = Gauge("motcua_outbox_messages", "Notification outbox rows by status", ["status"], registry=reg)
    for status, n in OutboxMessage.objects.values_list("status").annotate(n=Count("pk")).order_by():
        outbox.labels(status=status).set(n)
    queue = Gauge("motcua_celery_queue_length", "Tasks waiting in the Celery queue (Redis)", registry=reg)
    queue.set(_celery_queue_length())
    return reg


def _celery_queue_length() -> float:
    url = getattr(settings, "CELERY_BROKER_URL", "")
    if not url.startswith("redis"):
        return 0
    import redis

    try:
        return float(redis.Redis.from_url(url, socket_timeout=1).llen("celery"))
    except redis.RedisError:
        return -1


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        return HttpResponse("forbidden\n", status=403, content_type="text/plain")
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
