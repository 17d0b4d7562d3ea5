"""The secure socket.io channel over a real socket.io connection (bot env).

A small Sanic app with only this channel runs in a subprocess (serve_channel.py); the tests connect
with python-socketio's client the way the widget does.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
from pathlib import Path

import jwt
import pytest
import socketio
from rasa.shared.core.events import BotUttered, UserUttered

from channels.secure_socketio import history_messages, session_id_for, verify_customer_token

HERE = Path(__file__).resolve().parent
SECRET = "channel-test-secret-of-at-least-32-bytes"


def customer_token(customer: str, role: str = "customer", seconds: int = 600, secret: str = SECRET) -> str:
    now = int(time.time())
    return jwt.encode({"sub": customer, "role": role, "iat": now, "exp": now + seconds}, secret, algorithm="HS256")


@pytest.fixture(scope="module")
def server_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, str(HERE / "serve_channel.py"), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("channel test server did not start")
    yield url
    process.terminate()
    process.wait(timeout=10)


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
