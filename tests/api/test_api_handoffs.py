"""Handoffs from the bot to agents, the agent console, and callbacks."""

from api_helpers import SERVICE, assert_problem, freeze
from fastapi.testclient import TestClient

HANDOFF = {
    "conversation_id": "conv-42",
    "customer_number": "C1001",
    "channel": "web",
    "reason": "wil een mens spreken",
    "transcript": [
        {"sender": "customer", "text": "Mijn nieuw IBAN is BE71 0961 2345 6769", "timestamp": "2026-11-23T09:10:00Z"},
        {"sender": "bot", "text": "Ik verbind u door.", "timestamp": "2026-11-23T09:10:02Z"},
    ],
    "slots": {"iban": "BE71096123456769", "topic": "iban"},
}


def agent_headers(client: TestClient) -> dict[str, str]:
    token = client.post("/agent/login", json={"username": "agent", "password": "agent"}).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def test_handoff_lifecycle(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:15:00+01:00")
    created = client.post("/handoffs", headers=SERVICE, json=HANDOFF)
    assert created.status_code == 201, created.text
    handoff = created.json()
    assert handoff["status"] == "queued" and handoff["customer_number"] == "C1001"
    again = client.post("/handoffs", headers=SERVICE, json=HANDOFF)
    assert again.status_code == 200 and again.json()["id"] == handoff["id"]
    assert client.get("/handoffs/by-conversation/conv-42", headers=SERVICE).json()["id"] == handoff["id"]

    agent = agent_headers(client)
    freeze(client, "2026-11-23T10:20:00+01:00")
    queue = client.get("/agent/handoffs?status=queued", headers=agent).json()
    assert [item["id"] for item in queue] == [handoff["id"]]
    assert queue[0]["waiting_seconds"] == 300 and queue[0]["customer"]["name"] == "Jan Peeters"

    detail = client.get(f"/agent/handoffs/{handoff['id']}", headers=agent).json()
    assert "BE** **** **** 6769" in detail["transcript"][0]["text"]
    assert "0961" not in str(detail["transcript"]) and "0961" not in str(detail["slots"])
    assert detail["contracts"][0]["contract_number"] == "PL-100001"

    message_url = f"/agent/handoffs/{handoff['id']}/messages"
    assert_problem(client.post(message_url, headers=agent, json={"text": "Hallo"}), 409)  # not assigned yet
    assert client.post(f"/agent/handoffs/{handoff['id']}/assign", headers=agent).json()["status"] == "assigned"
    assert client.post(message_url, headers=agent, json={"text": "Hallo, ik ben Els."}).status_code == 201
    client.post(f"/handoffs/{handoff['id']}/messages", headers=SERVICE, json={"text": "Dag Els"})
    seen_by_bot = client.get("/handoffs/by-conversation/conv-42", headers=SERVICE).json()
    assert [line["sender"] for line in seen_by_bot["transcript"][-2:]] == ["agent", "customer"]
    assert seen_by_bot["agent_name"] == "Els Janssens"

    closed = client.post(f"/agent/handoffs/{handoff['id']}/close", headers=agent, json={"note": "IBAN aangepast"})
    assert closed.json()["status"] == "closed"
    assert_problem(client.get("/handoffs/by-conversation/conv-42", headers=SERVICE), 404)
    assert client.post("/handoffs", headers=SERVICE, json=HANDOFF).status_code == 201  # a new one may open


def test_release_hands_back_to_the_bot(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:15:00+01:00")
    handoff_id = client.post("/handoffs", headers=SERVICE, json=HANDOFF).json()["id"]
    agent = agent_headers(client)
    client.post(f"/agent/handoffs/{handoff_id}/assign", headers=agent)
    assert client.post(f"/agent/handoffs/{handoff_id}/release", headers=agent).json()["status"] == "released"
    assert_problem(client.get("/handoffs/by-conversation/conv-42", headers=SERVICE), 404)
    assert_problem(client.post(f"/agent/handoffs/{handoff_id}/assign", headers=agent), 409)


def test_unknown_customer_and_bad_service_token(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:15:00+01:00")
    assert_problem(client.post("/handoffs", headers=SERVICE, json=HANDOFF | {"customer_number": "C9999"}), 422)
    assert_problem(client.post("/handoffs", headers={"Authorization": "Bearer wrong"}, json=HANDOFF), 401)
    assert_problem(client.post("/handoffs", headers=SERVICE, json=HANDOFF | {"priority": "high"}), 422)


def test_callbacks(client: TestClient) -> None:
    freeze(client, "2026-11-21T20:00:00+01:00")
    body = {
        "conversation_id": "conv-7",
        "customer_number": "C1002",
        "name": "Sanne de Vries",
        "phone": "06 12 34 56 78",
        "preferred_time": "maandag in de voormiddag",
        "topic": "kilometerbundel",
    }
    created = client.post("/callbacks", headers=SERVICE | {"Idempotency-Key": "cb-1"}, json=body)
    assert created.status_code == 201, created.text
    callback = created.json()
    assert callback["reference"].startswith("TB-2026-") and callback["phone"] == "+31612345678"
    assert client.post("/callbacks", headers=SERVICE | {"Idempotency-Key": "cb-1"}, json=body).json() == callback
    assert_problem(client.post("/callbacks", headers=SERVICE, json=body | {"phone": "12"}), 422)
    listed = client.get("/agent/callbacks", headers=agent_headers(client)).json()
    assert [item["id"] for item in listed] == [callback["id"]]


def test_agent_login_failures_are_rate_limited(client: TestClient) -> None:
    for _ in range(5):
        assert_problem(client.post("/agent/login", json={"username": "agent", "password": "fout"}), 401)
    assert_problem(client.post("/agent/login", json={"username": "agent", "password": "agent"}), 429)
