"""Session binding of the widget channel on the real Rasa server (socket.io over HTTP long-polling).

The app env has no socket.io client, so this speaks the Engine.IO 4 / Socket.IO 5 text protocol
directly: `0{handshake}`, `40{auth}` connect, `42[event, data]` events, records separated by \\x1e.
"""

from __future__ import annotations

import json
import time

import httpx
import pytest

pytestmark = pytest.mark.e2e


class PollingSocket:
    def __init__(self, rasa_url: str) -> None:
        self.url = f"{rasa_url}/socket.io/"
        self.client = httpx.Client(timeout=30)
        opened = self.client.get(self.url, params={"EIO": "4", "transport": "polling"}).text
        self.sid = json.loads(opened[opened.index("{") :])["sid"]
        self.events: list[tuple[str, object]] = []

    def _params(self) -> dict[str, str]:
        return {"EIO": "4", "transport": "polling", "sid": self.sid}

    def send(self, packet: str) -> None:
        self.client.post(self.url, params=self._params(), content=packet.encode()).raise_for_status()

    def poll(self) -> list[str]:
        """One long-poll; events are recorded, pings answered, the other packets returned."""
        others = []
        for record in self.client.get(self.url, params=self._params()).text.split("\x1e"):
            if record.startswith("42"):
                event, *data = json.loads(record[2:])
                self.events.append((event, data[0] if data else None))
            elif record == "2":
                self.send("3")
            else:
                others.append(record)
        return others

    def connect(self, token: str) -> bool:
        """Socket.IO connect with `auth: {token}`: True when accepted (40), False when refused (44)."""
        self.send("40" + json.dumps({"token": token}))
        while True:
            for record in self.poll():
                if record.startswith("40"):
                    return True
                if record.startswith("44"):
                    return False

    def emit(self, event: str, data: dict) -> None:
        self.send("42" + json.dumps([event, data]))

    def wait_for(self, event: str, timeout: float = 30) -> object:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, data in self.events:
                if name == event:
                    return data
            self.poll()
        raise AssertionError(f"no {event!r}; got {self.events}")


def test_customer_b_cannot_join_or_write_customer_a_s_session(stack):
    owner = PollingSocket(stack.rasa_url)
    assert owner.connect(stack.token("C1001"))
    owner.emit("session_request", {"session_id": None})
    assert owner.wait_for("session_confirm") == "web-C1001"

    intruder = PollingSocket(stack.rasa_url)
    assert intruder.connect(stack.token("C1002"))
    intruder.emit("session_request", {"session_id": "web-C1001"})
    refused = intruder.wait_for("session_refused")
    assert "hoort niet bij uw account" in refused["reason"]
    assert not any(name in ("session_confirm", "history") for name, _ in intruder.events)


def test_a_connection_without_a_customer_token_is_refused(stack):
    for token in ("", "not-a-jwt", stack.token("C1001")[:-3] + "abc"):
        assert not PollingSocket(stack.rasa_url).connect(token)
