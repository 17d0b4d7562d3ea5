"""Message-flood limits of the input channels: token buckets per conversation and per customer.

A conversation may send ``CHANNEL_RATE_BURST`` messages at once (default 30, so a burst of 20 always
passes), then ``CHANNEL_RATE_PER_SECOND`` (default 1) sustained. A logged-in customer's conversations
together get ten times that, so one token cannot flood by spreading over many REST senders, while
several conversations of one customer (tabs, benchmarks) still pass. A refused message is not
processed: the channel tells the client to retry (REST 429, socket.io a polite bot message).

One Rasa instance keeps the buckets in its memory. Several instances share them in Redis when
``CHANNEL_RATE_REDIS_URL`` is set (``redis://host:6379/2``): one Lua script per message checks and takes
the tokens of both buckets atomically, on Redis's clock, so a client spreading its messages over the
instances gets the same limits as on one. Should Redis fail, each instance falls back to its own buckets
(logged): a flood limit must not turn away every customer.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

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
    """The limits a channel applies: one limiter per conversation, a wider one per customer (in memory)."""

    def __init__(self, burst: float, per_second: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.burst = burst
        self.per_second = per_second
        self.conversations = TokenBucketLimiter(burst, per_second, clock)
        self.customers = TokenBucketLimiter(burst * CUSTOMER_FACTOR, per_second * CUSTOMER_FACTOR, clock)

    @classmethod
    def from_env(cls) -> ChannelLimits:
        burst = float(os.environ.get("CHANNEL_RATE_BURST") or 30)
        per_second = float(os.environ.get("CHANNEL_RATE_PER_SECOND") or 1)
        url = os.environ.get("CHANNEL_RATE_REDIS_URL", "").strip()
        return SharedChannelLimits(url, burst, per_second) if url else cls(burst, per_second)

    async def admit(self, conversation_id: str, customer: str | None = None) -> int | None:
        """None when the message may be processed, else the whole seconds the client should wait."""
        return self.admit_here(conversation_id, customer)

    def admit_here(self, conversation_id: str, customer: str | None = None) -> int | None:
        """`admit` on this process's own buckets."""
        waits = [self.conversations.retry_after(conversation_id)]
        if customer:
            waits.append(self.customers.retry_after(customer))
        if max(waits) > 0:
            return max(1, math.ceil(max(waits)))
        self.conversations.try_acquire(conversation_id)
        if customer:
            self.customers.try_acquire(customer)
        return None


# KEYS: the buckets a message counts against; ARGV: burst and rate per key. Returns the seconds to wait
# (as a string: Lua numbers become integers in replies); 0 means admitted and one token taken from each.
TAKE_TOKENS = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local tokens, wait = {}, 0
for i, key in ipairs(KEYS) do
  local burst, rate = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local state = redis.call('HMGET', key, 'tokens', 'updated')
  local held = tonumber(state[1]) or burst
  local updated = tonumber(state[2]) or now
  held = math.min(burst, held + math.max(0, now - updated) * rate)
  tokens[i] = held
  if held < 1 then wait = math.max(wait, (1 - held) / rate) end
end
for i, key in ipairs(KEYS) do
  local burst, rate = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local held = tokens[i]
  if wait == 0 then held = held - 1 end
  redis.call('HSET', key, 'tokens', tostring(held), 'updated', tostring(now))
  redis.call('PEXPIRE', key, math.ceil(burst / rate * 1000) + 1000)
end
return tostring(wait)
"""


class SharedChannelLimits(ChannelLimits):
    """The same buckets in Redis, shared by every Rasa instance (python-socketio's Redis client is there)."""

    KEY_PREFIX = "leaseassistant:channel-rate:"

    def __init__(self, url: str, burst: float, per_second: float, redis_client: Any = None) -> None:
        super().__init__(burst, per_second)
        if redis_client is None:
            from redis import asyncio as aioredis

            redis_client = aioredis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self.redis = redis_client
        self.script = self.redis.register_script(TAKE_TOKENS)
        self.warned_at = -math.inf

    async def admit(self, conversation_id: str, customer: str | None = None) -> int | None:
        keys = [f"{self.KEY_PREFIX}conversation:{conversation_id}"]
        limits = [self.burst, self.per_second]
        if customer:
            keys.append(f"{self.KEY_PREFIX}customer:{customer}")
            limits += [self.burst * CUSTOMER_FACTOR, self.per_second * CUSTOMER_FACTOR]
        try:
            wait = float(await self.script(keys=keys, args=limits))
        except Exception as error:  # noqa: BLE001 - any Redis failure: limit here rather than refuse all
            if time.monotonic() - self.warned_at > 60:  # once a minute, not once a message
                self.warned_at = time.monotonic()
                logger.warning("Shared flood limits unavailable (%s): this instance's own limits apply", error)
            return self.admit_here(conversation_id, customer)
        return max(1, math.ceil(wait)) if wait > 0 else None
