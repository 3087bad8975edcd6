"""A Redis cache that a Redis outage cannot turn into failed requests.

The cache holds nothing that must survive: lookup and verification counters, a few memoised
documents. When Redis is down or hangs, `FaultTolerantRedisCache` logs a warning and answers as an
empty cache that stores nothing: `get` → the default, `add` → False, `set`/`delete` → no-op,
`incr` → ValueError (a missing key, as Django documents), `get_many` → {}. Counters therefore
count nothing while Redis is away (the lookup limits are open during an outage: the trade-off is
stated in docs and in the fault tests, tests/faults/test_redis_down.py).

So that an outage costs milliseconds and not seconds per request:
- short socket timeouts (`socket_connect_timeout` and `socket_timeout`, 0.25 s unless OPTIONS set them)
  and no client-side retries (redis-py would otherwise back off and retry each command);
- a small circuit breaker: after a failure every call is answered as a miss without touching the
  network for RETRY_AFTER seconds (OPTIONS["RETRY_AFTER"], default 5), then one call tries again.
One warning is logged each time the breaker opens.

Pipelines taken from the raw client (`cache._cache.get_client().pipeline()`, used by
motcua.portal.lookup for its counters) behave the same way: on failure `execute()` answers each
queued command as a miss (0 for INCR/DECR/EXISTS/DEL, None for the rest).

Settings: CACHES = {"default": {"BACKEND": "motcua.core.cache.FaultTolerantRedisCache", "LOCATION": REDIS_URL}}
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import Redis
from redis.backoff import NoBackoff
from redis.client import Pipeline
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
DEFAULT_SOCKET_TIMEOUT = 0.25
DEFAULT_RETRY_AFTER = 5.0

T = TypeVar("T")


class Breaker:
    """Open after a failure: calls are answered locally until `retry_after` seconds have passed."""

    def __init__(self, retry_after: float, location: str) -> None:
        self.retry_after = retry_after
        self.location = location
        self.down_until = 0.0
        self._lock = threading.Lock()

    def is_open(self) -> bool:
        return time.monotonic() < self.down_until

    def trip(self, error: BaseException, operation: str) -> None:
        with self._lock:
            was_open = self.is_open()
            self.down_until = time.monotonic() + self.retry_after
        if not was_open:
            logger.warning(
                "Redis cache unavailable (%s in %s: %s); answering as an empty cache for %.0f s",
                type(error).__name__,
                operation,
                error,
                self.retry_after,
            )

    def close(self) -> None:
        if self.down_until:
            with self._lock:
                self.down_until = 0.0


def _miss(command: tuple[Any, ...]) -> Any:
    name = str(command[0]).upper() if command else ""
    if name.startswith(("INCR", "DECR")) or name in ("EXISTS", "DEL", "UNLINK"):
        return 0
    return None


class FaultTolerantPipeline(Pipeline):
    breaker: Breaker

    def execute(self, raise_on_error: bool = True) -> list[Any]:
        commands = [args for args, _options in self.command_stack]
        if self.breaker.is_open():
            self.reset()
            return [_miss(c) for c in commands]
        try:
            result = super().execute(raise_on_error)
        except UNAVAILABLE as error:
            self.reset()
            self.breaker.trip(error, "pipeline")
            return [_miss(c) for c in commands]
        self.breaker.close()
        return result


class FaultTolerantRedis(Redis):
    breaker: Breaker

    def pipeline(self, transaction: bool = True, shard_hint: Any = None) -> Pipeline:
        pipe = FaultTolerantPipeline(self.connection_pool, self.response_callbacks, transaction, shard_hint)
        pipe.breaker = self.breaker
        return pipe


class FaultTolerantRedisCacheClient(RedisCacheClient):
    def __init__(self, servers: list[str], retry_after: float = DEFAULT_RETRY_AFTER, **options: Any) -> None:
        options.setdefault("socket_connect_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(servers, **options)
        self.breaker = Breaker(float(retry_after), servers[0] if servers else "")

    def get_client(self, key: Any = None, *, write: bool = False) -> FaultTolerantRedis:
        client = FaultTolerantRedis(connection_pool=self._get_connection_pool(write))  # type: ignore[attr-defined]
        client.breaker = self.breaker
        return client


class FaultTolerantRedisCache(RedisCache):
    """django.core.cache.backends.redis.RedisCache that degrades to an empty cache when Redis fails."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = FaultTolerantRedisCacheClient
        options: dict[str, Any] = dict(params.get("OPTIONS", {}))
        options["retry_after"] = options.pop("RETRY_AFTER", DEFAULT_RETRY_AFTER)
        self._options = options

    @property
    def breaker(self) -> Breaker:
        client: FaultTolerantRedisCacheClient = self._cache  # type: ignore[attr-defined]
        return client.breaker

    def _guard(self, operation: str, call: Callable[[], T], fallback: Callable[[], T]) -> T:
        breaker = self.breaker
        if breaker.is_open():
            return fallback()
        try:
            result = call()
        except UNAVAILABLE as error:
            breaker.trip(error, operation)
            return fallback()
        breaker.close()
        return result

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._guard("add", lambda: super(FaultTolerantRedisCache, self).add(key, value, timeout, version), bool)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._guard(
            "get", lambda: super(FaultTolerantRedisCache, self).get(key, default, version), lambda: default
        )

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._guard("set", lambda: super(FaultTolerantRedisCache, self).set(key, value, timeout, version), lambda: None)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._guard("touch", lambda: super(FaultTolerantRedisCache, self).touch(key, timeout, version), bool)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._guard("delete", lambda: super(FaultTolerantRedisCache, self).delete(key, version), bool)

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return self._guard("get_many", lambda: super(FaultTolerantRedisCache, self).get_many(keys, version), dict)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._guard("has_key", lambda: super(FaultTolerantRedisCache, self).has_key(key, version), bool)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        def missing() -> int:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")

        return self._guard("incr", lambda: super(FaultTolerantRedisCache, self).incr(key, delta, version), missing)

    def set_many(self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        return self._guard(
            "set_many",
            lambda: super(FaultTolerantRedisCache, self).set_many(data, timeout, version),
            lambda: list(data),
        )

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._guard(
            "delete_many", lambda: super(FaultTolerantRedisCache, self).delete_many(keys, version), lambda: None
        )

    def clear(self) -> None:
        self._guard("clear", lambda: super(FaultTolerantRedisCache, self).clear(), lambda: None)
