"""gunicorn settings for motcua (`gunicorn -c config/gunicorn_conf.py config.wsgi`).

Threaded workers (gthread): requests are short (the heavy work, PDFs and mail, runs in Celery), but
the display boards hold a server-sent-events stream for up to 25 s each; with GUNICORN_THREADS
threads per worker (default 4) a board holds one thread, not a whole worker
(docs/decisions/0008-office-floor.md). WEB_CONCURRENCY workers (default 2 × cores + 1 capped at 8;
benchmarks show no gain past 2 per core). preload_app is off so a deploy can restart workers one by
one (HUP). GUNICORN_WORKER_CLASS=sync restores sync workers (then set MOTCUA_QUEUE_BOARD_SSE=0).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))  # recycles a worker before it grows (M1)
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
access_log_format = (
    'remote=%({x-forwarded-for}i)s method=%(m)s path="%(U)s" status=%(s)s bytes=%(B)s ms=%(M)s ua="%(a)s"'
)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
