"""Sliding-window rate limits: failed identity checks (so guessing contract number + plate gets slow
quickly) and the creations that are cheap to flood (photos, callback requests, handoffs).

The counters live in this process's memory: one API process (the Procfile runs one). Several API
processes behind a balancer would each count on their own, so the budgets would multiply.
"""

import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import TypeVar

from starlette.responses import Response

from api.config import Settings
from api.errors import ProblemError

HOUR = 3600
AnyResponse = TypeVar("AnyResponse", bound=Response)


class WindowLimiter:
    """At most `max_events` per key within the last `window_seconds`."""

    def __init__(self, max_events: int, window_seconds: float) -> None:
        self.max_events = max_events
        self.window_seconds = window_seconds
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
        """Seconds until another event is allowed, or None when none of the keys is blocked."""
        now = time.monotonic()
        with self._lock:
            waits = [
                self.window_seconds - (now - events[0])
                for events in (self._recent(key, now) for key in keys)
                if len(events) >= self.max_events
            ]
        return max(1, int(max(waits))) if waits else None

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


@dataclass(frozen=True)
class RateLimits:
    verify: WindowLimiter  # failed /auth/verify per source and per contract; failed agent logins
    uploads: WindowLimiter  # damage photos per customer
    callbacks: WindowLimiter  # callback requests per conversation
    handoffs: WindowLimiter  # new handoffs per conversation

    @classmethod
    def from_settings(cls, settings: Settings) -> "RateLimits":
        return cls(
            verify=WindowLimiter(settings.verify_max_failures, settings.verify_window_minutes * 60),
            uploads=WindowLimiter(settings.upload_limit_per_hour, HOUR),
            callbacks=WindowLimiter(settings.callback_limit_per_hour, HOUR),
            handoffs=WindowLimiter(settings.handoff_limit_per_hour, HOUR),
        )
