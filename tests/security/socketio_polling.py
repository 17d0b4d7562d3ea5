"""A minimal socket.io client over HTTP long-polling for the real-stack tests (the app env has no
socket.io client): the Engine.IO 4 / Socket.IO 5 text protocol, `0{handshake}`, `40{auth}` connect,
`42[event, data]` events, records separated by \\x1e.
"""

from __future__ import annotations

import json
import time

import httpx


class PollingSocket:
    """One socket.io connection; every event the server sends is kept in `events`."""

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

    def wait_for_count(self, event: str, matches, count: int, timeout: float = 30) -> list:
        """The data of the first `count` `event`s whose data `matches`, polling until they are in."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [data for name, data in self.events if name == event and matches(data)]
            if len(found) >= count:
                return found
            self.poll()
        raise AssertionError(f"fewer than {count} matching {event!r}; got {self.events}")
