"""The REST channel of the real stack: a message can only act as the customer whose token it carries."""

from __future__ import annotations

import secrets

import httpx
import pytest

from tests.e2e.chat import texts

pytestmark = pytest.mark.e2e


def post(stack, sender, text: str, token: str | None = None) -> httpx.Response:
    body: dict = {"sender": sender, "message": text}
    if token is not None:
        body["metadata"] = {"customer_token": token, "customer_number": "C1001"}
    return httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", json=body, timeout=60)


def user_turns(stack, conversation_id: str) -> list[dict]:
    tracker = httpx.get(
        f"{stack.rasa_url}/conversations/{conversation_id}/tracker",
        params={"token": stack.stack.env["RASA_AUTH_TOKEN"]},
        timeout=10,
    ).json()
    return [e for e in tracker["events"] if e["event"] == "user"]


def test_another_customers_token_lands_in_its_own_conversation(stack):
    sender = f"shared-{secrets.token_hex(4)}"
    owner, intruder = stack.token("C1001"), stack.token("C1002")
    assert "15.000 km per jaar" in texts(post(stack, sender, "wat is mijn kilometerbundel?", owner).json())
    # Customer B uses the same client sender id and claims C1001 in the metadata: B's own conversation.
    intruding = post(stack, sender, "wat is mijn kilometerbundel?", intruder)
    assert intruding.status_code == 200 and intruding.json()[0]["recipient_id"] == f"C1002:{sender}"
    # B addressing A's conversation id directly, with or without a token, is refused.
    assert post(stack, f"C1001:{sender}", "hallo", intruder).status_code == 400
    assert post(stack, f"C1001:{sender}", "hallo").status_code == 400
    owners = user_turns(stack, f"C1001:{sender}")
    assert len(owners) == 1 and owners[0]["metadata"]["customer_number"] == "C1001"
    assert all(e["metadata"]["customer_number"] == "C1002" for e in user_turns(stack, f"C1002:{sender}"))


def test_an_expired_or_forged_token_is_refused(stack):
    forged = stack.token("C1001")[:-4] + "AAAA"
    response = post(stack, "chat", "wat is mijn kilometerbundel?", forged)
    assert response.status_code == 401 and "Meld u opnieuw aan" in texts(response.json())


def test_without_a_token_a_guessable_conversation_id_is_refused(stack):
    for sender in ("1", "e2e-1234", "web-C1001", "C1001:x"):
        assert post(stack, sender, "hallo").status_code == 400
    sender = secrets.token_hex(16)
    reply = post(stack, sender, "wat is mijn kilometerbundel?")
    assert reply.status_code == 200 and "contractnummer" in texts(reply.json())  # the bot verifies first
    assert len(user_turns(stack, f"anon:{sender}")) == 1
