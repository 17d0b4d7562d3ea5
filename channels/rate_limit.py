"""Message-flood limits of the input channels: token buckets per conversation and per customer.

A conversation may send ``CHANNEL_RATE_BURST`` messages at once (default 30, so a burst of 20 always
passes), then ``CHANNEL_RATE_PER_SECOND`` (default 1) sustained. A logged-in customer's conversations
together get ten times that, so one token cannot flood by spreading over many REST senders, while
several conversations of one customer (tabs, benchmarks) still pass. A refused message is not
processed: the channel tells the client to retry (REST 429, socket.io a polite bot message).

The buckets live in the Rasa process: with several Rasa instances each enforces its own limits.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

REFUSAL_TEXT = (
    "U stuurt veel berichten kort na elkaar. Wacht even en stuur uw bericht dan opnieuw; het is niet verwerkt."
)
CUSTOMER_FACTOR = 10
MAX_BUCKETS = 10_000


@dataclass
class Bucket:
    tokens: float
    updated: float


class TokenBucketLimiter:
    """Token buckets by key; a message passes only if every bucket it counts against has a token."""

    def __init__(self, burst: float, per_second: float, clock: Callable[[], float] = time.monotonic) -> None:
        if burst < 1 or per_second <= 0:
            raise ValueError("burst must be >= 1 and per_second > 0")
        self.burst = burst
        self.per_second = per_second
        self.clock = clock
        self._buckets: dict[str, Bucket] = {}

    def _bucket(self, key: str, now: float) -> Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= MAX_BUCKETS:
                self._forget_full(now)
            bucket = self._buckets[key] = Bucket(self.burst, now)
        else:
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.per_second)
            bucket.updated = now
        return bucket

    def _forget_full(self, now: float) -> None:
        """Buckets that have refilled completely hold no information: drop them to bound memory."""
        for key, bucket in list(self._buckets.items()):
            if bucket.tokens + (now - bucket.updated) * self.per_second >= self.burst:
                del self._buckets[key]

    def retry_after(self, key: str) -> float:
        """Seconds until `key` has a token again (0 when it has one now)."""
        bucket = self._bucket(key, self.clock())
        return max(0.0, (1 - bucket.tokens) / self.per_second)

    def try_acquire(self, key: str) -> bool:
        bucket = self._bucket(key, self.clock())
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True


class ChannelLimits:
    """The limits a channel applies: one limiter per conversation, a wider one per customer."""

    def __init__(self, burst: float, per_second: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.conversations = TokenBucketLimiter(burst, per_second, clock)
        self.customers = TokenBucketLimiter(burst * CUSTOMER_FACTOR, per_second * CUSTOMER_FACTOR, clock)

    @classmethod
    def from_env(cls) -> ChannelLimits:
        return cls(
            float(os.environ.get("CHANNEL_RATE_BURST") or 30),
            float(os.environ.get("CHANNEL_RATE_PER_SECOND") or 1),
        )

    def admit(self, conversation_id: str, customer: str | None = None) -> int | None:
        """None when the message may be processed, else the whole seconds the client should wait."""
        waits = [self.conversations.retry_after(conversation_id)]
        if customer:
            waits.append(self.customers.retry_after(customer))
        if max(waits) > 0:
            return max(1, math.ceil(max(waits)))
        self.conversations.try_acquire(conversation_id)
        if customer:
            self.customers.try_acquire(customer)
        return None
