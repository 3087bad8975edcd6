"""motcua.core.cache.FaultTolerantRedisCache against a real redis-server that dies or hangs: Django's
RedisCache raises (killed) or blocks without limit (hung); ours answers as an empty cache, in
milliseconds once its breaker is open, and uses Redis again when it is back. No database needed."""

from __future__ import annotations

import signal
import time

import pytest
from django.core.cache.backends.redis import RedisCache

from motcua.core.cache import FaultTolerantRedisCache

from .conftest import RedisServer


def pipeline_counts(cache: RedisCache) -> list[int]:
    """What motcua.portal.lookup does for its limits: SET NX EX + INCR, pipelined on the raw client."""
    key = cache.make_and_validate_key("counter")
    pipe = cache._cache.get_client(key, write=True).pipeline(transaction=False)  # type: ignore[attr-defined]
    pipe.set(key, 0, ex=60, nx=True)
    pipe.incr(key)
    return [int(n) for n in pipe.execute()[1::2]]


def test_killed_redis_is_an_empty_cache_then_used_again(redis_server: RedisServer) -> None:
    plain = RedisCache(redis_server.url, {})
    tolerant = FaultTolerantRedisCache(redis_server.url, {"OPTIONS": {"RETRY_AFTER": 0.5}})
    tolerant.set("k", "v", 30)
    assert tolerant.get("k") == "v" and pipeline_counts(tolerant) == [1]

    redis_server.kill()

    with pytest.raises(Exception):  # noqa: B017, PT011 - redis' ConnectionError: what a request would get
        plain.get("k")
    began = time.perf_counter()
    assert tolerant.get("k", "default") == "default"
    assert tolerant.add("k", 1, 30) is False
    assert tolerant.set("k", "w", 30) is None and tolerant.delete("k") is False
    assert tolerant.get_many(["k", "j"]) == {} and tolerant.has_key("k") is False
    with pytest.raises(ValueError):
        tolerant.incr("k")  # a missing key, as Django documents it
    assert tolerant.get_or_set("g", 7, 30) == 7
    assert pipeline_counts(tolerant) == [0]  # counted nothing: the lookup limits are open meanwhile
    assert time.perf_counter() - began < 0.5

    redis_server.start()
    time.sleep(0.6)  # past RETRY_AFTER: the breaker lets the next call try Redis again
    tolerant.set("k", "back", 30)
    assert tolerant.get("k") == "back" and pipeline_counts(tolerant) == [1]


def test_hung_redis_costs_one_short_timeout_then_nothing(redis_server: RedisServer) -> None:
    tolerant = FaultTolerantRedisCache(redis_server.url, {})
    tolerant.set("k", "v", 30)
    assert redis_server.proc is not None
    redis_server.proc.send_signal(signal.SIGSTOP)
    try:
        began = time.perf_counter()
        assert tolerant.get("k") is None  # the 0.25 s socket timeout, then the breaker opens
        first = time.perf_counter() - began
        began = time.perf_counter()
        for _ in range(100):
            assert tolerant.get("k") is None
            assert pipeline_counts(tolerant) == [0]
        rest = time.perf_counter() - began
        assert first < 1.5 and rest < 0.2, (first, rest)
    finally:
        redis_server.kill()
