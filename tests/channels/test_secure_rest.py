"""The secure REST channel over real HTTP (bot env): conversations bound to the verified customer.

The channel runs in the channel test server (serve_channel.py) next to the socket.io channel; its
bot is an echo that says whose token the message carried.
"""

from __future__ import annotations

import secrets

import httpx
import pytest
from channel_helpers import SECRET, TEST_BURST, customer_token

from bot.channels.rate_limit import REFUSAL_TEXT
from bot.channels.secure_rest import ANONYMOUS_SENDER_MIN_LENGTH, conversation_id_for


def post(server_url: str, sender, message="hallo", metadata=None) -> httpx.Response:
    body = {"sender": sender, "message": message}
    if metadata is not None:
        body["metadata"] = metadata
    return httpx.post(f"{server_url}/webhooks/rest/webhook", json=body, timeout=10)


def user_messages(server_url: str, conversation_id: str) -> list[dict]:
    return httpx.get(f"{server_url}/test/tracker/{conversation_id}", timeout=10).json()


def test_conversation_ids_are_namespaced_by_who_the_caller_proved_to_be():
    anonymous = "a" * ANONYMOUS_SENDER_MIN_LENGTH
    assert conversation_id_for("chat-1", "C1001") == "C1001:chat-1"
    assert conversation_id_for(anonymous, None) == f"anon:{anonymous}"
    assert conversation_id_for("chat-1", None) is None  # guessable without a token
    for bad in (None, "", 17, "a/b", "C1001:chat", "x" * 129, "web-C1001 "):
        assert conversation_id_for(bad, "C1002") is None


def test_a_token_holder_gets_their_own_conversation_and_identity(server_url):
    token = customer_token("C3001")
    response = post(server_url, "chat-1", metadata={"customer_token": token, "customer_number": "C9999"})
    assert response.status_code == 200
    assert response.json() == [{"recipient_id": "C3001:chat-1", "text": "echo: hallo as C3001 (token)"}]
    [stored] = user_messages(server_url, "C3001:chat-1")
    assert stored["metadata"] == {"customer_token": token, "customer_number": "C3001"}


def test_another_customers_token_never_reaches_their_conversation(server_url):
    owner, intruder = customer_token("C3002"), customer_token("C3003")
    assert post(server_url, "shared-name", "van de eigenaar", {"customer_token": owner}).status_code == 200
    # Same client sender id, another customer's token: a conversation of its own.
    reply = post(server_url, "shared-name", "inbraak", {"customer_token": intruder})
    assert reply.json()[0]["recipient_id"] == "C3003:shared-name"
    # The owner's full conversation id as sender: refused, it is not a sender id.
    assert post(server_url, "C3002:shared-name", "inbraak", {"customer_token": intruder}).status_code == 400
    # Without a token the owner's conversation is out of reach too.
    assert post(server_url, "C3002:shared-name", "inbraak").status_code == 400
    assert [m["text"] for m in user_messages(server_url, "C3002:shared-name")] == ["van de eigenaar"]
    conversations = httpx.get(f"{server_url}/test/conversations", timeout=10).json()
    assert [c for c in conversations if "C3002" in c] == ["C3002:shared-name"]


@pytest.mark.parametrize(
    "token",
    [
        "not-a-jwt",
        customer_token("C3004", secret="forged-secret-of-at-least-32-bytes!!"),
        customer_token("C3004", seconds=-10),
        customer_token("agent", role="agent"),
        "",
    ],
)
def test_an_invalid_or_expired_token_is_refused_not_ignored(server_url, token):
    response = post(server_url, "chat-1", metadata={"customer_token": token})
    assert response.status_code == 401
    assert "Meld u opnieuw aan" in response.json()[0]["text"]
    assert not any(c.startswith("C3004:") for c in httpx.get(f"{server_url}/test/conversations").json())


def test_without_a_token_the_sender_must_be_unguessable_and_gets_no_identity(server_url):
    assert post(server_url, "e2e-1234").status_code == 400
    assert "gespreks-id" in post(server_url, "e2e-1234").json()[0]["text"]
    sender = secrets.token_hex(16)
    response = post(server_url, sender, metadata={"customer_number": "C1001", "display_text": "Hallo"})
    assert response.json()[0]["text"] == "echo: hallo as anonymous"
    [stored] = user_messages(server_url, f"anon:{sender}")
    assert stored["metadata"] == {"display_text": "Hallo"}


def test_malformed_requests_get_a_dutch_400(server_url):
    url = f"{server_url}/webhooks/rest/webhook"
    sender = secrets.token_hex(16)
    for response in (
        httpx.post(url, content=b"{not json", headers={"Content-Type": "application/json"}),
        httpx.post(url, json=["a list"]),
        httpx.post(url, json={"sender": sender}),
        httpx.post(url, json={"sender": sender, "message": {"text": "hallo"}}),
    ):
        assert response.status_code == 400 and response.json()[0]["text"]


def test_a_flood_gets_429_with_a_dutch_retry_message_and_others_stay_answered(server_url):
    token = customer_token("C3005")
    statuses = [post(server_url, "flood", f"bericht {n}", {"customer_token": token}) for n in range(TEST_BURST + 3)]
    assert [r.status_code for r in statuses] == [200] * TEST_BURST + [429] * 3
    refused = statuses[-1]
    assert refused.json()[0]["text"] == REFUSAL_TEXT and int(refused.headers["Retry-After"]) >= 1
    # Refused messages were not processed.
    assert len(user_messages(server_url, "C3005:flood")) == TEST_BURST
    # The same customer's other conversation, another customer and an anonymous visitor are answered.
    assert post(server_url, "other-tab", "hoi", {"customer_token": token}).status_code == 200
    other = post(server_url, "chat", "hoi", {"customer_token": customer_token("C3006")})
    assert other.json()[0]["text"] == "echo: hoi as C3006 (token)"
    assert post(server_url, secrets.token_hex(16), "hoi").status_code == 200


def test_the_rest_channel_logs_no_message_text_or_token(server_url, server_log):
    token = customer_token("C3007")
    post(server_url, "privacy", "mijn IBAN is BE68 5390 0754 7034", {"customer_token": token})
    post(server_url, "privacy", "BE68539007547034", {"customer_token": token + "x"})  # refused: 401
    log = server_log.read_text(errors="replace")
    assert "5390 0754" not in log and "BE68539007547034" not in log
    assert token.split(".")[2] not in log and SECRET not in log
