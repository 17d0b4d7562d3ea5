"""Message floods on the real stack: refused politely, nothing processed, other customers answered."""

from __future__ import annotations

import asyncio
import secrets
import time

import httpx
import pytest

from tests.e2e.chat import texts
from tests.security.socketio_polling import PollingSocket

pytestmark = pytest.mark.e2e


async def send(client: httpx.AsyncClient, sender: str, text: str, token: str) -> httpx.Response:
    body = {"sender": sender, "message": text, "metadata": {"customer_token": token}}
    return await client.post("/webhooks/rest/webhook", json=body)


def test_a_burst_of_twenty_is_answered_in_order(stack):
    token, sender = stack.token("C1003"), f"burst-{secrets.token_hex(4)}"

    async def burst() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=stack.rasa_url, timeout=120) as client:
            # A plain greeting: what "hallo 7" means is the NLU's business, not this test's (it is a number too).
            return [await send(client, sender, "hallo", token) for _ in range(20)]

    responses = asyncio.run(burst())
    assert [r.status_code for r in responses] == [200] * 20
    assert all(r.json() for r in responses)


def test_one_customer_floods_another_is_still_answered(stack):
    flooder, other = stack.token("C1002"), stack.token("C1001")
    flood_sender = f"flood-{secrets.token_hex(4)}"
    burst = int(stack.stack.env.get("CHANNEL_RATE_BURST") or 30)

    async def scenario() -> tuple[list[httpx.Response], httpx.Response, float]:
        async with httpx.AsyncClient(base_url=stack.rasa_url, timeout=180) as client:
            flood = [asyncio.create_task(send(client, flood_sender, "hallo", flooder)) for _ in range(burst + 15)]
            await asyncio.sleep(0.2)  # the flood is in, the other customer arrives while it is queued
            started = time.monotonic()
            answer = await send(client, f"calm-{secrets.token_hex(4)}", "wat is mijn kilometerbundel?", other)
            took = time.monotonic() - started
            return await asyncio.gather(*flood), answer, took

    flood, answer, took = asyncio.run(scenario())
    refused = [r for r in flood if r.status_code == 429]
    assert len(refused) >= 10 and {r.status_code for r in flood} == {200, 429}
    assert all("opnieuw" in texts(r.json()) and int(r.headers["Retry-After"]) >= 1 for r in refused)
    assert answer.status_code == 200 and "15.000 km per jaar" in texts(answer.json())
    assert took < 30  # generous: the flood is refused at the door, it does not queue ahead of others


def test_a_socketio_flood_gets_a_polite_refusal_and_others_are_answered(stack):
    burst = int(stack.stack.env.get("CHANNEL_RATE_BURST") or 30)
    flooder, other = PollingSocket(stack.rasa_url), PollingSocket(stack.rasa_url)
    for socket, customer in ((flooder, "C1003"), (other, "C1001")):
        assert socket.connect(stack.token(customer))
        socket.emit("session_request", {})
        socket.wait_for("session_confirm")
    for _ in range(burst + 8):
        flooder.emit("user_uttered", {"message": "hallo", "session_id": "web-C1003"})
    refusals = flooder.wait_for_count("bot_uttered", lambda data: "opnieuw" in str(data), count=3, timeout=120)
    assert all(data == {"text": refusals[0]["text"]} for data in refusals)
    other.emit("user_uttered", {"message": "wat is mijn kilometerbundel?", "session_id": "web-C1001"})
    assert other.wait_for_count("bot_uttered", lambda data: "15.000 km per jaar" in str(data), count=1, timeout=120)
