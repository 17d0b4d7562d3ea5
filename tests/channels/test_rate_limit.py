"""Token buckets of the channels' flood limits: in memory on an injected clock (no sleeping), and shared by
several Rasa instances in the real Redis (127.0.0.1:6379, a database of its own)."""

from __future__ import annotations

import asyncio
import os
import uuid

import pytest

from bot.channels.rate_limit import CUSTOMER_FACTOR, ChannelLimits, SharedChannelLimits, TokenBucketLimiter

REDIS_URL = "redis://127.0.0.1:6379/6"  # away from the default 0 a developer's own Rasa would use


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_passes_then_the_sustained_rate():
    clock = Clock()
    limiter = TokenBucketLimiter(burst=20, per_second=1, clock=clock)
    assert all(limiter.try_acquire("c") for _ in range(20))
    assert not limiter.try_acquire("c")
    assert limiter.retry_after("c") == pytest.approx(1)
    clock.now += 0.5
    assert not limiter.try_acquire("c")
    clock.now += 0.5
    assert limiter.try_acquire("c") and not limiter.try_acquire("c")
    clock.now += 3600
    assert sum(limiter.try_acquire("c") for _ in range(50)) == 20  # refills to the burst, not beyond


def test_keys_are_independent():
    limiter = TokenBucketLimiter(burst=2, per_second=1, clock=Clock())
    assert limiter.try_acquire("a") and limiter.try_acquire("a") and not limiter.try_acquire("a")
    assert limiter.try_acquire("b")


def test_the_default_limits_let_a_burst_of_twenty_through(monkeypatch):
    monkeypatch.delenv("CHANNEL_RATE_BURST", raising=False)
    monkeypatch.delenv("CHANNEL_RATE_PER_SECOND", raising=False)
    monkeypatch.delenv("CHANNEL_RATE_REDIS_URL", raising=False)
    limits = ChannelLimits.from_env()
    assert type(limits) is ChannelLimits
    assert all(asyncio.run(limits.admit("C1001:burst", "C1001")) is None for _ in range(20))


def test_a_customer_cannot_flood_by_spreading_over_conversations():
    clock = Clock()
    limits = ChannelLimits(burst=2, per_second=1, clock=clock)
    admitted = sum(limits.admit_here(f"C1:{n}", "C1") is None for n in range(100))
    assert admitted == 2 * CUSTOMER_FACTOR
    assert limits.admit_here("C1:new", "C1") == 1  # whole seconds to wait
    assert limits.admit_here("C2:chat", "C2") is None
    assert limits.admit_here("anon:abc") is None


def test_a_refused_message_does_not_use_up_a_token():
    clock = Clock()
    limits = ChannelLimits(burst=1, per_second=0.5, clock=clock)
    assert limits.admit_here("c", "C1") is None
    assert limits.admit_here("c", "C1") == 2
    clock.now += 2
    assert limits.admit_here("c", "C1") is None


def test_memory_stays_bounded(monkeypatch):
    monkeypatch.setattr("bot.channels.rate_limit.MAX_BUCKETS", 10)
    clock = Clock()
    limiter = TokenBucketLimiter(burst=1, per_second=1, clock=clock)
    for n in range(10):
        limiter.try_acquire(f"k{n}")
    clock.now += 5  # all refilled
    limiter.try_acquire("new")
    assert len(limiter._buckets) == 1


def redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis at {REDIS_URL} is needed in CI: {error}")
        pytest.skip(f"Redis at {REDIS_URL} is not reachable: {error}")


def instances(count: int, burst: float, per_second: float) -> list[SharedChannelLimits]:
    return [SharedChannelLimits(REDIS_URL, burst, per_second) for _ in range(count)]


def test_instances_share_the_buckets_in_redis(monkeypatch):
    redis_or_skip()
    monkeypatch.setenv("CHANNEL_RATE_REDIS_URL", REDIS_URL)
    assert isinstance(ChannelLimits.from_env(), SharedChannelLimits)
    conversation, customer = f"C9:{uuid.uuid4().hex}", f"C{uuid.uuid4().hex}"

    async def spread() -> list[int | None]:
        first, second = instances(2, burst=3, per_second=0.01)
        return [await (first if n % 2 else second).admit(conversation, customer) for n in range(6)]

    results = asyncio.run(spread())
    assert results[:3] == [None, None, None]  # the burst, counted once over both instances
    assert all(wait is not None and wait >= 1 for wait in results[3:])


def test_a_customer_spreading_over_conversations_and_instances_is_limited():
    redis_or_skip()
    customer = f"C{uuid.uuid4().hex}"

    async def spread() -> int:
        limits = instances(3, burst=1, per_second=0.01)
        return sum([await limits[n % 3].admit(f"{customer}:{n}", customer) is None for n in range(40)])

    assert asyncio.run(spread()) == CUSTOMER_FACTOR


def test_tokens_come_back_at_the_sustained_rate():
    redis_or_skip()
    conversation = uuid.uuid4().hex

    async def refill() -> list[int | None]:
        (limits,) = instances(1, burst=1, per_second=20)
        first, refused = await limits.admit(conversation), await limits.admit(conversation)
        await asyncio.sleep(0.1)  # two tokens' worth at 20 per second, capped at the burst of one
        return [first, refused, await limits.admit(conversation), await limits.admit(conversation)]

    assert asyncio.run(refill()) == [None, 1, None, 1]


def test_without_redis_each_instance_limits_on_its_own():
    async def admit_all() -> list[int | None]:
        limits = SharedChannelLimits("redis://127.0.0.1:1/0", burst=2, per_second=0.01)
        return [await limits.admit("c") for _ in range(3)]

    assert asyncio.run(admit_all()) == [None, None, 100]  # 1 token at 0.01 per second
