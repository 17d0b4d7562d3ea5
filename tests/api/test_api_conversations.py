"""Agent messages and notices delivered into the customer's conversation (Rasa's HTTP API),
conversation days, CSAT ratings, the statistics, the demo login and the served pages."""

import json
from collections.abc import Iterator

import httpx
import pytest
from api_helpers import SERVICE, assert_problem, customer_headers, freeze, production
from fastapi.testclient import TestClient
from test_api_handoffs import HANDOFF, agent_headers

from api.config import get_settings
from api.conversations.rasa import RasaConversations
from api.deps import get_rasa
from api.main import app


class FakeRasa:
    """Rasa's `POST /conversations/{id}/tracker/events` as a transport: records what the API sends."""

    def __init__(self) -> None:
        self.calls: list[tuple[httpx.URL, list[dict]]] = []
        self.up = True

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if not self.up:
            raise httpx.ConnectError("refused", request=request)
        self.calls.append((request.url, json.loads(request.content)))
        return httpx.Response(200, json={"sender_id": "x"})


@pytest.fixture
def rasa() -> Iterator[FakeRasa]:
    fake = FakeRasa()
    app.dependency_overrides[get_rasa] = lambda: RasaConversations(get_settings(), httpx.MockTransport(fake))
    yield fake
    app.dependency_overrides.pop(get_rasa, None)


def test_agent_messages_and_notices_reach_the_conversation(client: TestClient, rasa: FakeRasa) -> None:
    freeze(client, "2026-11-23T10:15:00+01:00")
    handoff = client.post("/handoffs", headers=SERVICE, json=HANDOFF | {"conversation_id": "web-C1001"}).json()
    agent = agent_headers(client)
    base = f"/agent/handoffs/{handoff['id']}"

    assert client.post(f"{base}/assign", headers=agent).json()["delivered_to_customer"] is True
    sent = client.post(f"{base}/messages", headers=agent | {"Idempotency-Key": "m-1"}, json={"text": "Dag Jan"})
    assert sent.status_code == 201 and sent.json()["delivered_to_customer"] is True
    replay = client.post(f"{base}/messages", headers=agent | {"Idempotency-Key": "m-1"}, json={"text": "Dag Jan"})
    assert replay.status_code == 201 and replay.headers["Idempotent-Replayed"] == "true"
    assert client.post(f"{base}/release", headers=agent).json()["delivered_to_customer"] is True

    assert len(rasa.calls) == 3  # the replay was not delivered twice
    url, _ = rasa.calls[0]
    assert url.path == "/conversations/web-C1001/tracker/events"
    assert url.params["output_channel"] == "latest" and url.params["execute_side_effects"] == "true"
    assert url.params["token"] == get_settings().rasa_auth_token
    kinds = [events[-1]["data"]["custom"]["type"] for _, events in rasa.calls]
    assert kinds == ["agent_joined", "agent_message", "agent_left"]
    assert rasa.calls[1][1] == [
        {"event": "bot", "text": "Dag Jan", "data": {"custom": {"type": "agent_message", "agent_name": "Els Janssens"}}}
    ]
    # Hand-back resumes the bot: the relay slots are cleared in the same call.
    assert {"event": "slot", "name": "handoff_active", "value": False} in rasa.calls[2][1]


def test_an_unreachable_rasa_loses_nothing(client: TestClient, rasa: FakeRasa) -> None:
    freeze(client, "2026-11-23T10:15:00+01:00")
    handoff = client.post("/handoffs", headers=SERVICE, json=HANDOFF).json()
    agent = agent_headers(client)
    rasa.up = False
    client.post(f"/agent/handoffs/{handoff['id']}/assign", headers=agent)
    sent = client.post(f"/agent/handoffs/{handoff['id']}/messages", headers=agent, json={"text": "Bent u er nog?"})
    assert sent.status_code == 201 and sent.json()["delivered_to_customer"] is False
    assert sent.json()["transcript"][-1]["text"] == "Bent u er nog?"
    closed = client.post(f"/agent/handoffs/{handoff['id']}/close", headers=agent, json={"note": ""})
    assert closed.json()["status"] == "closed" and closed.json()["delivered_to_customer"] is False


def test_conversation_days_ratings_and_statistics(client: TestClient, rasa: FakeRasa) -> None:
    freeze(client, "2026-11-23T10:15:00+01:00")
    jan, sanne = customer_headers("C1001"), customer_headers("C1002")
    for _ in range(2):  # reload, second tab: still one conversation that day
        assert client.post("/me/conversations", headers=jan, json={"conversation_id": "web-C1001"}).status_code == 200
    client.post("/me/conversations", headers=sanne, json={"conversation_id": "web-C1002"})
    client.post("/handoffs", headers=SERVICE, json=HANDOFF | {"conversation_id": "web-C1001"})
    freeze(client, "2026-11-24T09:30:00+01:00")
    client.post("/me/conversations", headers=jan, json={"conversation_id": "web-C1001"})

    rating = client.post(
        "/me/ratings", headers=jan, json={"conversation_id": "web-C1001", "score": 5, "comment": "Top"}
    )
    assert rating.status_code == 201 and rating.json()["score"] == 5
    client.post("/me/ratings", headers=sanne, json={"conversation_id": "web-C1002", "score": 2})
    assert_problem(client.post("/me/ratings", headers=jan, json={"conversation_id": "web-C1001", "score": 6}), 422)
    assert_problem(client.post("/me/ratings", json={"conversation_id": "web-C1001", "score": 4}), 401)

    stats = client.get("/agent/stats?days=3", headers=agent_headers(client)).json()
    assert [(d["day"], d["conversations"], d["handoffs"]) for d in stats["days"]] == [
        ("2026-11-22", 0, 0),
        ("2026-11-23", 2, 1),
        ("2026-11-24", 1, 0),
    ]
    assert stats["conversations"] == 3 and stats["handoffs"] == 1
    assert stats["handoff_rate"] == 0.333 and stats["containment_rate"] == 0.667
    assert stats["csat"] == {
        "count": 2,
        "average": 3.5,
        "satisfied_pct": 0.5,
        "distribution": {"1": 0, "2": 1, "3": 0, "4": 0, "5": 1},
    }
    assert_problem(client.get("/agent/stats", headers=jan), 403)


def test_demo_login_chat_config_and_pages(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    customers = client.get("/dev/customers").json()
    assert [c["customer_number"] for c in customers] == ["C1001", "C1002", "C1003"]
    token = client.post("/dev/customer-token", json={"customer_number": "C1002"}).json()
    me = client.get("/me", headers={"Authorization": f"Bearer {token['access_token']}"}).json()
    assert me["customer_number"] == "C1002" and token["name"] == me["name"]
    assert_problem(client.post("/dev/customer-token", json={"customer_number": "C9999"}), 404)
    assert client.get("/chat-config").json() == {"rasa_url": "http://testserver:5005", "dev_login": True}
    assert client.get("/", follow_redirects=False).headers["location"] == "/web/"
    assert "Mijn klantenzone" in client.get("/web/").text
    assert "Medewerkersconsole" in client.get("/web/console.html").text

    with production(monkeypatch):
        assert_problem(client.post("/dev/customer-token", json={"customer_number": "C1001"}), 404)
        assert client.get("/chat-config").json()["dev_login"] is False
