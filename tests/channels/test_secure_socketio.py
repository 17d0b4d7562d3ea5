"""The secure socket.io channel over a real socket.io connection (bot env).

A small Sanic app with only this channel runs in a subprocess (serve_channel.py); the tests connect
with python-socketio's client the way the widget does.
"""

from __future__ import annotations

import asyncio
import time

import pytest
import socketio
from channel_helpers import SECRET, TEST_BURST, customer_token
from rasa.shared.core.events import BotUttered, UserUttered

from bot.channels.rate_limit import REFUSAL_TEXT
from bot.channels.secure_socketio import history_messages, session_id_for, verify_customer_token


class Widget:
    """A socket.io client that records everything the server emits."""

    def __init__(self) -> None:
        self.client = socketio.AsyncClient(reconnection=False)
        self.events: list[tuple[str, object]] = []
        self.client.on("*", self._record)

    async def _record(self, event, data=None):
        self.events.append((event, data))

    def received(self, event: str) -> list:
        return [data for name, data in self.events if name == event]

    async def wait_for(self, event: str, count: int = 1, timeout: float = 10) -> list:
        deadline = time.monotonic() + timeout
        while len(self.received(event)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"no {event!r} within {timeout} s; got {self.events}")
            await asyncio.sleep(0.05)
        return self.received(event)

    async def connect(self, url: str, token: str | None) -> None:
        # Long-polling: engineio's websocket client needs a newer aiohttp than Rasa pins; the server
        # handlers are the same for both transports (the browser tests use the websocket).
        await self.client.connect(url, auth={"token": token} if token else None, transports=["polling"])


def run(coro):
    return asyncio.run(coro)


def test_tokens_are_checked_for_signature_role_and_expiry():
    assert verify_customer_token(customer_token("C1001"), SECRET)["sub"] == "C1001"
    assert verify_customer_token(customer_token("C1001", secret="other-secret-of-at-least-32-bytes!!!"), SECRET) is None
    assert verify_customer_token(customer_token("agent", role="agent"), SECRET) is None
    assert verify_customer_token(customer_token("C1001", seconds=-5), SECRET) is None
    assert verify_customer_token(None, SECRET) is None


def test_connection_without_a_valid_customer_token_is_refused(server_url):
    async def scenario():
        for token in (
            None,
            "not-a-jwt",
            customer_token("C1001", secret="forged-secret-of-at-least-32-bytes!!"),
            customer_token("x", role="agent"),
        ):
            widget = Widget()
            with pytest.raises(socketio.exceptions.ConnectionError):
                await widget.connect(server_url, token)

    run(scenario())


def test_messages_carry_the_verified_identity_and_history_survives_a_reconnect(server_url):
    async def scenario():
        first = Widget()
        await first.connect(server_url, customer_token("C1001"))
        await first.client.emit("session_request", {"session_id": None})
        assert (await first.wait_for("session_confirm"))[0] == session_id_for("C1001")
        # The client tries to pass another identity in its metadata: the token's wins.
        await first.client.emit(
            "user_uttered",
            {
                "message": "hallo",
                "session_id": "web-C1001",
                "customData": {"customer_token": "forged", "customer_number": "C1002"},
            },
        )
        replies = await first.wait_for("bot_uttered")
        assert replies[0] == {"text": "echo: hallo as C1001 (token)"}
        typing = await first.wait_for("typing", count=2)
        assert typing == [{"on": True}, {"on": False}]
        await first.client.disconnect()

        reloaded = Widget()
        await reloaded.connect(server_url, customer_token("C1001"))
        await reloaded.client.emit("session_request", {"session_id": "web-C1001"})
        history = (await reloaded.wait_for("history"))[0]
        assert [(m["sender"], m["text"]) for m in history] == [
            ("customer", "hallo"),
            ("bot", "echo: hallo as C1001"),
        ]
        await reloaded.client.disconnect()

    run(scenario())


def test_a_second_tab_sees_the_customer_message_and_the_reply(server_url):
    async def scenario():
        tab_a, tab_b = Widget(), Widget()
        for tab in (tab_a, tab_b):
            await tab.connect(server_url, customer_token("C1003"))
            await tab.client.emit("session_request", {})
            await tab.wait_for("session_confirm")
        await tab_a.client.emit("user_uttered", {"message": "photo", "session_id": "web-C1003"})
        assert (await tab_b.wait_for("user_echo"))[0] == {"text": "photo"}
        assert (await tab_b.wait_for("bot_uttered", count=2))[1] == {"custom": {"type": "photo_upload", "id": 7}}
        assert tab_a.received("user_echo") == []
        for tab in (tab_a, tab_b):
            await tab.client.disconnect()

    run(scenario())


def test_another_customers_session_cannot_be_joined_or_written(server_url):
    async def scenario():
        owner = Widget()
        await owner.connect(server_url, customer_token("C1001"))
        await owner.client.emit("session_request", {})
        await owner.wait_for("session_confirm")

        intruder = Widget()
        await intruder.connect(server_url, customer_token("C1002"))
        await intruder.client.emit("session_request", {"session_id": "web-C1001"})
        refused = await intruder.wait_for("session_refused")
        assert "hoort niet bij uw account" in refused[0]["reason"]
        assert intruder.received("session_confirm") == [] and intruder.received("history") == []

        writer = Widget()
        await writer.connect(server_url, customer_token("C1002"))
        await writer.client.emit("session_request", {})
        assert (await writer.wait_for("session_confirm"))[0] == "web-C1002"
        await writer.client.emit("user_uttered", {"message": "inbreken", "session_id": "web-C1001"})
        await writer.wait_for("session_refused")
        await asyncio.sleep(0.5)
        assert owner.received("bot_uttered") == [] and owner.received("user_echo") == []
        await owner.client.disconnect()

    run(scenario())


def test_history_shows_agent_messages_buttons_and_button_titles():
    events = [
        UserUttered("/affirm", metadata={"display_text": "Ja", "customer_token": "secret"}),
        BotUttered("Kies", data={"buttons": [{"title": "Ja", "payload": "/affirm"}]}),
        BotUttered("Ik ben Anna", data={"custom": {"type": "agent_message", "agent_name": "Anna"}}),
        BotUttered(None, data={"custom": {"type": "photo_upload", "damage_file_id": 3}}),
    ]
    history = history_messages(events)
    assert history[0] == {"sender": "customer", "text": "Ja", "timestamp": events[0].timestamp}
    assert history[1]["quick_replies"] == [{"title": "Ja", "payload": "/affirm"}]
    assert history[2]["sender"] == "agent" and history[2]["agent_name"] == "Anna"
    assert history[3]["custom"]["type"] == "photo_upload"
    assert "secret" not in str(history)


def test_a_message_flood_is_refused_politely_while_other_customers_are_answered(server_url):
    async def scenario():
        flooder, other = Widget(), Widget()
        for widget, customer in ((flooder, "C2001"), (other, "C2002")):
            await widget.connect(server_url, customer_token(customer))
            await widget.client.emit("session_request", {})
            await widget.wait_for("session_confirm")
        sent = TEST_BURST + 4
        for number in range(sent):
            await flooder.client.emit("user_uttered", {"message": f"bericht {number}", "session_id": "web-C2001"})
        replies = await flooder.wait_for("bot_uttered", count=sent)
        answered = [r["text"] for r in replies if r["text"].startswith("echo:")]
        refused = [r for r in replies if r == {"text": REFUSAL_TEXT}]
        assert len(answered) == TEST_BURST and len(refused) == sent - TEST_BURST
        assert "opnieuw" in REFUSAL_TEXT  # the customer is told to send it again, not silently dropped
        assert flooder.received("session_refused") == []  # still connected: a flood is not a breach

        await other.client.emit("user_uttered", {"message": "ik ook", "session_id": "web-C2002"})
        assert (await other.wait_for("bot_uttered"))[0] == {"text": "echo: ik ook as C2002 (token)"}
        for widget in (flooder, other):
            await widget.client.disconnect()

    run(scenario())


def test_the_channel_logs_no_message_text_or_token(server_url, server_log):
    secret_text = "BE68 5390 0754 7034 is mijn rekeningnummer"
    token = customer_token("C2003")

    async def scenario():
        widget = Widget()
        await widget.connect(server_url, token)
        await widget.client.emit("session_request", {"session_id": "web-C1001"})  # refused: logged?
        await widget.wait_for("session_refused")
        again = Widget()
        await again.connect(server_url, token)
        await again.client.emit("session_request", {})
        await again.wait_for("session_confirm")
        await again.client.emit("user_uttered", {"message": secret_text, "session_id": "web-C2003"})
        await again.wait_for("bot_uttered")
        await again.client.disconnect()

    run(scenario())
    log = server_log.read_text(errors="replace")
    assert "5390 0754" not in log and "BE68539007547034" not in log
    assert token not in log and token.split(".")[2] not in log
