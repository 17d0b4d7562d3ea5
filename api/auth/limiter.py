"""Sliding-window rate limits: failed identity checks (so guessing contract number + plate gets slow
quickly) and the creations that are cheap to flood (photos, callback requests, handoffs).

By default the counters live in this process's memory: right for one API process (the Procfile runs
one). With RATE_LIMIT_REDIS_URL they live in Redis, shared by every API process behind a balancer.
"""

import logging
import math
import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections import deque
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.responses import Response

from api.config import Settings
from api.errors import ProblemError

logger = logging.getLogger(__name__)

HOUR = 3600
AnyResponse = TypeVar("AnyResponse", bound=Response)


class Limiter(ABC):
    """At most `max_events` per key within the last `window_seconds`."""

    def __init__(self, max_events: int, window_seconds: float) -> None:
        self.max_events = max_events
        self.window_seconds = window_seconds

    @abstractmethod
    def retry_after(self, *keys: str) -> int | None:
        """Seconds until another event is allowed, or None when none of the keys is blocked."""

    @abstractmethod
    def record(self, *keys: str) -> None: ...

    @abstractmethod
    def reset(self, *keys: str) -> None: ...

    def _wait(self, oldest_ages: list[float]) -> int | None:
        waits = [self.window_seconds - age for age in oldest_ages]
        return max(1, int(max(waits))) if waits else None

    def check(self, *keys: str, detail: str) -> None:
        """Raise 429 with Retry-After when a key is over its budget; `detail` may use {minutes}."""
        wait = self.retry_after(*keys)
        if wait:
            raise ProblemError(
                429, detail.format(minutes=wait // 60 + 1), slug="rate-limited", headers={"Retry-After": str(wait)}
            )

    def record_creation(self, response: AnyResponse, *keys: str) -> AnyResponse:
        """Count a response that created something (201, not an idempotent replay)."""
        if response.status_code == 201 and "Idempotent-Replayed" not in response.headers:
            self.record(*keys)
        return response


class WindowLimiter(Limiter):
    """The windows in this process's memory."""

    def __init__(self, max_events: int, window_seconds: float) -> None:
        super().__init__(max_events, window_seconds)
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        events = self._events.get(key, deque())
        while events and now - events[0] > self.window_seconds:
            events.popleft()
        if not events:
            self._events.pop(key, None)  # memory stays bounded by the keys active within the window
        return events

    def retry_after(self, *keys: str) -> int | None:
        now = time.monotonic()
        with self._lock:
            recent = [self._recent(key, now) for key in keys]
            return self._wait([now - events[0] for events in recent if len(events) >= self.max_events])

    def record(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._events[key] = self._recent(key, now)
                self._events[key].append(now)

    def reset(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._events.pop(key, None)


class RedisWindowLimiter(Limiter):
    """The windows as Redis sorted sets (member per event, scored by its time), expiring with the window.

    Redis unreachable: the limit is not applied and a warning logged, so an outage of the counters
    never locks customers out; the identity check itself still needs the right plate.
    """

    def __init__(self, client: Any, name: str, max_events: int, window_seconds: float) -> None:
        import redis  # optional dependency: only with RATE_LIMIT_REDIS_URL

        super().__init__(max_events, window_seconds)
        self._client, self._prefix, self._unreachable = client, f"lease-api:limit:{name}:", redis.RedisError

    def retry_after(self, *keys: str) -> int | None:
        now = time.time()
        try:
            with self._client.pipeline() as pipe:
                for key in keys:
                    pipe.zremrangebyscore(self._prefix + key, 0, now - self.window_seconds)
                    pipe.zcard(self._prefix + key)
                    pipe.zrange(self._prefix + key, 0, 0, withscores=True)
                results = pipe.execute()
        except self._unreachable:
            logger.warning("Rate limit %s not checked: Redis unreachable", self._prefix)
            return None
        counts, oldest = results[1::3], results[2::3]
        return self._wait(
            [now - first[0][1] for count, first in zip(counts, oldest, strict=True) if count >= self.max_events]
        )

    def record(self, *keys: str) -> None:
        now = time.time()
        try:
            with self._client.pipeline() as pipe:
                for key in keys:
                    pipe.zadd(self._prefix + key, {uuid.uuid4().hex: now})
                    pipe.expire(self._prefix + key, math.ceil(self.window_seconds))
                pipe.execute()
        except self._unreachable:
            logger.warning("Rate limit %s not counted: Redis unreachable", self._prefix)

    def reset(self, *keys: str) -> None:
        try:
            self._client.delete(*(self._prefix + key for key in keys))
        except self._unreachable:
            logger.warning("Rate limit %s not reset: Redis unreachable", self._prefix)


@dataclass(frozen=True)
class RateLimits:
    verify: Limiter  # failed /auth/verify per source and per contract; failed agent logins
    uploads: Limiter  # damage photos per customer
    callbacks: Limiter  # callback requests per conversation
    handoffs: Limiter  # new handoffs per conversation

    @classmethod
    def from_settings(cls, settings: Settings) -> "RateLimits":
        budgets = {
            "verify": (settings.verify_max_failures, settings.verify_window_minutes * 60),
            "uploads": (settings.upload_limit_per_hour, HOUR),
            "callbacks": (settings.callback_limit_per_hour, HOUR),
            "handoffs": (settings.handoff_limit_per_hour, HOUR),
        }
        if not settings.rate_limit_redis_url:
            return cls(**{name: WindowLimiter(*budget) for name, budget in budgets.items()})
        import redis

        client = redis.Redis.from_url(settings.rate_limit_redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)
        return cls(**{name: RedisWindowLimiter(client, name, *budget) for name, budget in budgets.items()})
