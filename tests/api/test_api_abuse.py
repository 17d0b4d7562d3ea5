"""Rate limits: guessing contract number + plate is bounded per source and per contract, floods of
photos, callback requests and handoffs are refused politely, and other customers are not affected."""

import io
import os
from collections.abc import Iterator

import pytest
from api_helpers import SERVICE, assert_problem, customer_headers, freeze
from fastapi.testclient import TestClient

from api.auth.limiter import RateLimits, RedisWindowLimiter, WindowLimiter
from api.config import Settings, get_settings
from api.main import app

JAN_OK = {"contract_number": "PL-100001", "license_plate": "1-ABC-123"}
SANNE_OK = {"contract_number": "ZL-200001", "license_plate": "K-123-BB"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _from_conversation(conversation_id: str) -> dict[str, str]:
    """How the bot calls /auth/verify for a channel customer: its service token vouches for the conversation."""
    return SERVICE | {"X-Conversation-Id": conversation_id}


def _wrong_plate(contract_number: str) -> dict[str, str]:
    return {"contract_number": contract_number, "license_plate": "9-ZZZ-999"}


def _assert_limited(response) -> dict:
    body = assert_problem(response, 429)
    assert body["type"].endswith("/rate-limited")
    assert "minuten" in body["detail"] or "contact" in body["detail"]
    assert int(response.headers["Retry-After"]) > 0
    return body


def test_guessing_one_contract_is_bounded_whatever_the_source(client: TestClient) -> None:
    budget = get_settings().verify_max_failures
    for attempt in range(budget):
        response = client.post(
            "/auth/verify", json=_wrong_plate("PL-100001"), headers=_from_conversation(f"c-{attempt}")
        )
        assert_problem(response, 401)
    # A new source with the right plate: the contract itself is locked for the window.
    body = _assert_limited(client.post("/auth/verify", json=JAN_OK, headers=_from_conversation("fresh")))
    assert body["detail"].startswith("Te veel mislukte pogingen.")
    # Another customer's verification is not affected.
    assert client.post("/auth/verify", json=SANNE_OK, headers=_from_conversation("sanne")).status_code == 200


def test_guessing_many_contracts_from_one_source_is_bounded(client: TestClient) -> None:
    budget = get_settings().verify_max_failures
    for number in range(budget):
        assert_problem(client.post("/auth/verify", json=_wrong_plate(f"PL-9{number:05d}")), 401)
    _assert_limited(client.post("/auth/verify", json=JAN_OK))
    # Channel customers the bot vouches for are other sources: they still get in.
    assert client.post("/auth/verify", json=JAN_OK, headers=_from_conversation("telegram-1")).status_code == 200


def test_a_conversation_header_without_the_service_token_is_ignored(client: TestClient) -> None:
    """Otherwise a guesser would name a new conversation for every attempt."""
    budget = get_settings().verify_max_failures
    for number in range(budget):
        headers = {"X-Conversation-Id": f"rotating-{number}", "Authorization": "Bearer wrong"}
        assert_problem(client.post("/auth/verify", json=_wrong_plate(f"PL-8{number:05d}"), headers=headers), 401)
    _assert_limited(client.post("/auth/verify", json=SANNE_OK, headers={"X-Conversation-Id": "another"}))


def test_a_success_clears_the_contracts_failures(client: TestClient) -> None:
    budget = get_settings().verify_max_failures
    for attempt in range(budget - 1):
        client.post("/auth/verify", json=_wrong_plate("PL-100001"), headers=_from_conversation(f"typo-{attempt}"))
    assert client.post("/auth/verify", json=JAN_OK, headers=_from_conversation("typo-0")).status_code == 200
    assert_problem(client.post("/auth/verify", json=_wrong_plate("PL-100001"), headers=_from_conversation("x")), 401)


def _small_budgets(uploads: int = 60, callbacks: int = 5, handoffs: int = 10) -> None:
    settings = get_settings()
    app.state.rate_limits = RateLimits(
        verify=WindowLimiter(settings.verify_max_failures, 900),
        uploads=WindowLimiter(uploads, 3600),
        callbacks=WindowLimiter(callbacks, 3600),
        handoffs=WindowLimiter(handoffs, 3600),
    )


def _damage_file(client: TestClient, headers: dict[str, str], contract_number: str, plate: str) -> int:
    response = client.post(
        "/me/damage-files",
        headers=headers,
        json={
            "contract_number": contract_number,
            "license_plate": plate,
            "occurred_on": "2026-11-20",
            "location": "Gent",
            "description": "Kras",
            "damage_kind": "vandalism",
            "other_party_involved": False,
        },
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_photo_uploads_per_customer_are_limited(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")
    _small_budgets(uploads=2)
    jan, sanne = customer_headers("C1001"), customer_headers("C1002")
    damage = _damage_file(client, jan, "PL-100001", "1-ABC-123")

    def upload(headers: dict[str, str], damage_id: int, content: bytes, key: str | None = None):
        extra = {"Idempotency-Key": key} if key else {}
        file = {"file": ("foto.png", io.BytesIO(content), "image/png")}
        return client.post(f"/me/damage-files/{damage_id}/photos", headers=headers | extra, files=file)

    assert upload(jan, damage, PNG, key="p-1").status_code == 201
    replay = upload(jan, damage, PNG, key="p-1")
    assert replay.status_code == 201 and replay.headers["Idempotent-Replayed"] == "true"  # not counted
    assert upload(jan, damage, PNG + b"\x01").status_code == 201
    body = _assert_limited(upload(jan, damage, PNG + b"\x02"))
    assert "foto" in body["detail"]
    assert len(client.get(f"/me/damage-files/{damage}", headers=jan).json()["photos"]) == 2
    # Sanne's budget is her own.
    assert upload(sanne, _damage_file(client, sanne, "ZL-200001", "K-123-BB"), PNG).status_code == 201


def test_callback_requests_per_conversation_are_limited(client: TestClient) -> None:
    freeze(client, "2026-11-21T20:00:00+01:00")
    _small_budgets(callbacks=2)
    body = {"conversation_id": "flood", "name": "Test", "phone": "0470 12 34 56", "preferred_time": "ma", "topic": "x"}
    for _ in range(2):
        assert client.post("/callbacks", headers=SERVICE, json=body).status_code == 201
    _assert_limited(client.post("/callbacks", headers=SERVICE, json=body))
    assert client.post("/callbacks", headers=SERVICE, json=body | {"conversation_id": "calm"}).status_code == 201


def test_new_handoffs_per_conversation_are_limited(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")
    _small_budgets(handoffs=2)
    agent_token = client.post("/agent/login", json={"username": "agent", "password": "agent"}).json()["access_token"]
    agent = {"Authorization": f"Bearer {agent_token}"}
    body = {"conversation_id": "flood", "channel": "rest", "reason": "mens"}
    for _ in range(2):
        created = client.post("/handoffs", headers=SERVICE, json=body)
        assert created.status_code == 201, created.text
        assert client.post("/handoffs", headers=SERVICE, json=body).status_code == 200  # the open one: not counted
        closed = client.post(f"/agent/handoffs/{created.json()['id']}/close", headers=agent, json={"note": ""})
        assert closed.status_code == 200, closed.text
    _assert_limited(client.post("/handoffs", headers=SERVICE, json=body))
    assert client.post("/handoffs", headers=SERVICE, json=body | {"conversation_id": "calm"}).status_code == 201


# --- The Redis variant (RATE_LIMIT_REDIS_URL): one budget for several API processes ---------------

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis at {REDIS_URL} is unreachable ({exc.__class__.__name__})")

    def clear() -> None:
        for key in client.scan_iter("lease-api:limit:*"):
            client.delete(key)

    clear()
    yield get_settings().model_copy(update={"rate_limit_redis_url": REDIS_URL})
    clear()


def test_two_api_processes_share_the_budget_through_redis(client: TestClient, redis_settings: Settings) -> None:
    first, second = RateLimits.from_settings(redis_settings), RateLimits.from_settings(redis_settings)
    assert isinstance(first.verify, RedisWindowLimiter)
    budget = redis_settings.verify_max_failures
    for _ in range(budget - 1):
        first.verify.record("contract:PL-100001")
    assert second.verify.retry_after("contract:PL-100001") is None
    second.verify.record("contract:PL-100001")
    wait = first.verify.retry_after("client:x", "contract:PL-100001")
    assert wait is not None and 0 < wait <= redis_settings.verify_window_minutes * 60
    assert first.verify.retry_after("contract:ZL-200001") is None  # other contracts are not affected
    first.verify.reset("contract:PL-100001")
    assert second.verify.retry_after("contract:PL-100001") is None

    # Through the API: failures counted by one process lock the contract for the other.
    app.state.rate_limits = first
    for attempt in range(budget):
        headers = _from_conversation(f"r-{attempt}")
        assert_problem(client.post("/auth/verify", json=_wrong_plate("PL-100001"), headers=headers), 401)
    app.state.rate_limits = second
    _assert_limited(client.post("/auth/verify", json=JAN_OK, headers=_from_conversation("other")))
    assert client.post("/auth/verify", json=SANNE_OK).status_code == 200


def test_an_unreachable_redis_does_not_lock_anyone_out(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    pytest.importorskip("redis")
    settings = get_settings().model_copy(update={"rate_limit_redis_url": "redis://127.0.0.1:9/0"})
    app.state.rate_limits = RateLimits.from_settings(settings)
    for _ in range(settings.verify_max_failures + 1):
        assert_problem(client.post("/auth/verify", json=_wrong_plate("PL-100001")), 401)
    assert client.post("/auth/verify", json=JAN_OK).status_code == 200
    assert "Redis unreachable" in caplog.text
