"""pyHanko's synchronous API runs its own event loop (`asyncio.run`), which fails when the calling
thread already has one running (an ASGI server, or Playwright's sync API in the browser tests).
`off_loop` calls such a function in a short-lived worker thread in that case, directly otherwise."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def off_loop(call: Callable[[], T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pyhanko") as pool:
        return pool.submit(call).result()
