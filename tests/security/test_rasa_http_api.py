"""Rasa's HTTP API on the real stack: nothing but the channels and the hello page without the token."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.e2e

CONVERSATION = "C1001:security-probe"
EVENT = [{"event": "slot", "name": "handoff_active", "value": True}]
# Every route of rasa.server.create_app that touches conversations, the model or the domain.
PROTECTED = [
    ("GET", "/status", None),
    ("GET", f"/conversations/{CONVERSATION}/tracker", None),
    ("POST", f"/conversations/{CONVERSATION}/tracker/events", EVENT),
    ("PUT", f"/conversations/{CONVERSATION}/tracker/events", EVENT),
    ("GET", f"/conversations/{CONVERSATION}/story", None),
    ("POST", f"/conversations/{CONVERSATION}/execute", {"name": "utter_greet"}),
    ("POST", f"/conversations/{CONVERSATION}/trigger_intent", {"name": "greet"}),
    ("POST", f"/conversations/{CONVERSATION}/predict", None),
    ("POST", f"/conversations/{CONVERSATION}/messages", {"text": "hallo", "sender": "user"}),
    ("POST", "/model/train", {}),
    ("POST", "/model/test/stories", None),
    ("POST", "/model/test/intents", None),
    ("POST", "/model/predict", []),
    ("POST", "/model/parse", {"text": "hallo"}),
    ("PUT", "/model", {"model_file": "/etc/passwd"}),
    ("DELETE", "/model", None),
    ("GET", "/domain", None),
]
WRONG = [{}, {"token": ""}, {"token": "wrong"}, {"token": "dev-rasa-token-x"}]


def request(stack, method: str, path: str, body, params: dict, headers: dict | None = None) -> httpx.Response:
    return httpx.request(method, f"{stack.rasa_url}{path}", json=body, params=params, headers=headers or {}, timeout=30)


@pytest.mark.parametrize(("method", "path", "body"), PROTECTED, ids=[f"{m} {p}" for m, p, _ in PROTECTED])
def test_sensitive_endpoints_refuse_callers_without_the_token(stack, method, path, body):
    for params in WRONG:
        assert request(stack, method, path, body, params).status_code == 401, params
    # The token belongs in ?token=; a bearer header with it is not Rasa's JWT auth either.
    bearer = {"Authorization": f"Bearer {stack.stack.env['RASA_AUTH_TOKEN']}"}
    assert request(stack, method, path, body, {}, bearer).status_code == 401
    # A customer JWT is no key to Rasa's API.
    assert request(stack, method, path, body, {"token": stack.token("C1001")}).status_code == 401


def test_refused_calls_changed_nothing_and_the_token_opens_the_api(stack):
    token = {"token": stack.stack.env["RASA_AUTH_TOKEN"]}
    status = httpx.get(f"{stack.rasa_url}/status", params=token, timeout=10).json()
    assert status["model_file"]  # DELETE /model and PUT /model were refused
    tracker = httpx.get(f"{stack.rasa_url}/conversations/{CONVERSATION}/tracker", params=token, timeout=10).json()
    assert not any(e.get("event") == "slot" and e.get("name") == "handoff_active" for e in tracker["events"])
    parsed = httpx.post(f"{stack.rasa_url}/model/parse", params=token, json={"text": "hallo"}, timeout=30)
    assert parsed.status_code == 200 and parsed.json()["intent"]["name"]


def test_only_the_channels_and_the_hello_page_are_public(stack):
    assert httpx.get(f"{stack.rasa_url}/", timeout=10).text.startswith("Hello from Rasa")
    assert httpx.get(f"{stack.rasa_url}/version", timeout=10).json()["version"]  # Rasa's, by design
    assert httpx.get(f"{stack.rasa_url}/webhooks/rest/", timeout=10).json() == {"status": "ok"}
    assert httpx.get(f"{stack.rasa_url}/webhooks/socketio/", timeout=10).json() == {"status": "ok"}
    handshake = httpx.get(f"{stack.rasa_url}/socket.io/", params={"EIO": "4", "transport": "polling"}, timeout=10)
    assert handshake.status_code == 200 and '"sid"' in handshake.text


def test_cors_star_grants_nothing_because_no_credential_is_ambient(stack):
    """`--cors '*'` lets any page read Rasa's answers, which only matters if the browser adds a
    credential by itself. Rasa and the socket.io server set no cookie; the API token travels in the
    query and the customer JWT in the socket.io auth/REST metadata, which a foreign page does not have."""
    origin = {"Origin": "https://evil.example"}
    sender = {"sender": "c" * 32, "message": "hallo"}
    responses = [
        httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", json=sender, headers=origin, timeout=60),
        httpx.get(f"{stack.rasa_url}/socket.io/", params={"EIO": "4", "transport": "polling"}, headers=origin),
        httpx.get(f"{stack.rasa_url}/status", headers=origin, timeout=10),
    ]
    assert all("set-cookie" not in r.headers for r in responses)
    assert responses[2].status_code == 401
