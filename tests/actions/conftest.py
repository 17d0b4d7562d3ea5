"""Fixtures for action unit tests: trackers, a dispatcher, the domain, and a fake contract API.

The API is faked at the transport level (``httpx.MockTransport``): the real ``ApiClient`` builds
and sends every request, the fake answers like the contract in docs/api-contract.md.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `pytest tests/actions` from the repo root without an installed package
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402
from rasa_sdk import Tracker  # noqa: E402
from rasa_sdk.executor import CollectingDispatcher  # noqa: E402

from actions import api_client  # noqa: E402

TOKEN = "customer-jwt"

ME = {
    "customer_number": "C1001",
    "name": "Jan Peeters",
    "email": "jan@example.be",
    "phone": "+32470123456",
    "contracts": [
        {
            "contract_number": "PL-100001",
            "product": "be_private_lease",
            "vehicle": {"make": "Volkswagen", "model": "ID.3", "license_plate": "1-ABC-123"},
        }
    ],
}


class FakeApi:
    """Routes ``(method, path)`` to canned responses and records every request it received."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Callable[[httpx.Request], httpx.Response] | list[httpx.Response]] = {}
        self.requests: list[httpx.Request] = []
        self.on("GET", "/me", 200, ME)
        self.on("GET", "/chat-hours", 200, {"open": True, "next_open_text": None})
        self.on("POST", "/knowledge/questions", 201, {"id": 41})  # the FAQ records every searched question

    def on(self, method: str, path: str, status: int, body: Any) -> None:
        self.routes[(method, path)] = lambda request: httpx.Response(status, json=body)

    def handle(self, method: str, path: str, handler: Callable[[httpx.Request], httpx.Response]) -> None:
        self.routes[(method, path)] = handler

    def down(self, method: str, path: str) -> None:
        def fail(request: httpx.Request) -> httpx.Response:
            raise httpx.ConnectError("connection refused", request=request)

        self.routes[(method, path)] = fail

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        route = self.routes.get((request.method, request.url.path))
        if route is None:
            return httpx.Response(404, json={"detail": "Niet gevonden."})
        return route(request)

    def sent(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and r.url.path == path]

    @staticmethod
    def body(request: httpx.Request) -> dict[str, Any]:
        return json.loads(request.content)


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> FakeApi:
    fake = FakeApi()
    monkeypatch.setattr(api_client, "TRANSPORT", httpx.MockTransport(fake))
    monkeypatch.setenv("API_URL", "http://api.test")
    monkeypatch.setenv("SERVICE_TOKEN", "service-secret")
    return fake


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    merged: dict[str, Any] = {"forms": {}, "slots": {}}
    for path in sorted((ROOT / "bot" / "domain").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        merged["forms"].update(data.get("forms") or {})
        merged["slots"].update(data.get("slots") or {})
    return merged


def make_tracker(
    slots: dict[str, Any] | None = None,
    *,
    text: str = "",
    intent: str = "inform",
    token: str | None = TOKEN,
    entities: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
    typed: dict[str, Any] | None = None,
    channel: str | None = None,
) -> Tracker:
    """``typed``: slots extracted from the latest message (what the form validation looks at); ``channel``: the
    input channel of the latest user message (``socketio`` is the widget)."""
    metadata = {"customer_token": token} if token else {}
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.99},
        "entities": entities or [],
        "metadata": metadata,
    }
    history = (
        events
        if events is not None
        else [
            {
                "event": "user",
                "text": text,
                "timestamp": 1_763_800_000.0,
                "metadata": metadata,
                "parse_data": latest,
                "input_channel": channel,
            }
        ]
    )
    history += [{"event": "slot", "name": name, "value": value} for name, value in (typed or {}).items()]
    return Tracker(
        sender_id="conv-1",
        slots={**(slots or {}), **(typed or {})},
        latest_message=latest,
        events=history,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


@pytest.fixture
def tracker_factory() -> Callable[..., Tracker]:
    return make_tracker
