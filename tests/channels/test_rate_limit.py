"""Token buckets of the channels' flood limits, on an injected clock (no sleeping)."""

from __future__ import annotations

import pytest

from channels.rate_limit import CUSTOMER_FACTOR, ChannelLimits, TokenBucketLimiter


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
    limits = ChannelLimits.from_env()
    assert all(limits.admit("C1001:burst", "C1001") is None for _ in range(20))


def test_a_customer_cannot_flood_by_spreading_over_conversations():
    clock = Clock()
    limits = ChannelLimits(burst=2, per_second=1, clock=clock)
    admitted = sum(limits.admit(f"C1:{n}", "C1") is None for n in range(100))
    assert admitted == 2 * CUSTOMER_FACTOR
    assert limits.admit("C1:new", "C1") == 1  # whole seconds to wait
    assert limits.admit("C2:chat", "C2") is None
    assert limits.admit("anon:abc") is None


def test_a_refused_message_does_not_use_up_a_token():
    clock = Clock()
    limits = ChannelLimits(burst=1, per_second=0.5, clock=clock)
    assert limits.admit("c", "C1") is None
    assert limits.admit("c", "C1") == 2
    clock.now += 2
    assert limits.admit("c", "C1") is None


def test_memory_stays_bounded(monkeypatch):
    monkeypatch.setattr("channels.rate_limit.MAX_BUCKETS", 10)
    clock = Clock()
    limiter = TokenBucketLimiter(burst=1, per_second=1, clock=clock)
    for n in range(10):
        limiter.try_acquire(f"k{n}")
    clock.now += 5  # all refilled
    limiter.try_acquire("new")
    assert len(limiter._buckets) == 1
