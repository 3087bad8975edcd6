"""Celery tasks of the payments app (eager in-process without REDIS_URL). Beat runs `expire_sweep`
every 5 minutes and `reconcile_yesterday` at 01:00 (config/settings/base.py)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.error
import urllib.request
from urllib.parse import urlencode

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(name="motcua.payments.tasks.expire_sweep", ignore_result=True)
def expire_sweep() -> dict[str, int]:
    from .services.gateway_flow import payment_expire_sweep

    return payment_expire_sweep()


@shared_task(name="motcua.payments.tasks.reconcile_yesterday", ignore_result=True)
def reconcile_yesterday() -> int:
    from .services.reconcile import reconcile_day

    lines = reconcile_day(day=timezone.localdate() - dt.timedelta(days=1))
    return len(lines)


@shared_task(name="motcua.payments.tasks.sandbox_ipn_send", ignore_result=True)
def sandbox_ipn_send(url: str, params: dict[str, str], times: int = 1) -> list[str]:
    """The sandbox gateway calling the merchant's IPN URL (a real HTTP GET), `times` times; returns the
    RspCode of each answer ("" when the call failed: a real gateway would retry later)."""
    answers: list[str] = []
    joiner = "&" if "?" in url else "?"
    for _attempt in range(max(1, times)):
        try:
            with urllib.request.urlopen(f"{url}{joiner}{urlencode(params)}", timeout=15) as response:  # noqa: S310
                answers.append(str(json.loads(response.read().decode("utf-8")).get("RspCode", "")))
        except (urllib.error.URLError, OSError, ValueError) as error:
            logger.warning("sandbox: IPN to %s failed: %s", url, error)
            answers.append("")
    logger.info("sandbox: IPN %s answered %s", params.get("vnp_TxnRef"), answers)
    return answers
