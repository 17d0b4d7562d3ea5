"""What the channel tests and their test server share: the JWT secret, tokens and the flood limits."""

from __future__ import annotations

import time

import jwt

SECRET = "channel-test-secret-of-at-least-32-bytes"
# Low limits so floods are cheap to provoke: 5 messages at once, then one per 5 s per conversation
# (a customer's conversations together: 50, then two per second).
TEST_BURST = 5
TEST_RATE_PER_SECOND = 0.2


def customer_token(customer: str, role: str = "customer", seconds: int = 600, secret: str = SECRET) -> str:
    now = int(time.time())
    return jwt.encode({"sub": customer, "role": role, "iat": now, "exp": now + seconds}, secret, algorithm="HS256")
