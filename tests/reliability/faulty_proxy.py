"""A TCP proxy in front of the API that loses chosen replies *after* the API has committed.

It forwards each HTTP request (one per connection: it asks the API to close after answering) and,
for a request chosen with `lose_next`, throws the API's reply away: `drop` closes the client's
connection (the client sees it cut without an answer), `stall` keeps it open and silent until the
client gives up (the client's read timeout). Everything else passes through unchanged.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field

MODES = ("drop", "stall")


@dataclass
class LostReply:
    method: str
    path: str
    mode: str
    status_line: str


@dataclass
class FaultyProxy:
    upstream_port: int
    port: int = 0
    lost: list[LostReply] = field(default_factory=list)
    _plan: list[tuple[str, str, str]] = field(default_factory=list)
    _loop: asyncio.AbstractEventLoop | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def lose_next(self, method: str, path: str, mode: str = "drop") -> None:
        """Lose the reply to the next `method path` request (once)."""
        assert mode in MODES, mode
        with self._lock:
            self._plan.append((method, path, mode))

    def _take(self, method: str, path: str) -> str | None:
        with self._lock:
            for planned in self._plan:
                if planned[:2] == (method, path):
                    self._plan.remove(planned)
                    return planned[2]
        return None

    def start(self) -> FaultyProxy:
        ready = threading.Event()

        def serve() -> None:
            self._loop = asyncio.new_event_loop()
            server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
            self.port = server.sockets[0].getsockname()[1]
            ready.set()
            self._loop.run_forever()
            server.close()
            self._loop.run_until_complete(server.wait_closed())
            self._loop.close()

        self._thread = threading.Thread(target=serve, daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, target, _version = lines[0].split(" ", 2)
            headers = [line for line in lines[1:] if line and not line.lower().startswith("connection:")]
            length = next((int(h.split(":", 1)[1]) for h in headers if h.lower().startswith("content-length:")), 0)
            body = await reader.readexactly(length)
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, OSError):
            writer.close()
            return
        request = "\r\n".join([lines[0], *headers, "Connection: close", "", ""]).encode("latin-1") + body
        upstream_writer.write(request)
        await upstream_writer.drain()
        reply = await upstream_reader.read()  # the API closes after its answer
        upstream_writer.close()
        path = target.split("?", 1)[0]
        mode = self._take(method, path)
        if mode is not None:
            status_line = reply.split(b"\r\n", 1)[0].decode("latin-1")
            self.lost.append(LostReply(method, path, mode, status_line))
            if mode == "stall":
                await reader.read()  # until the client gives up and closes
        else:
            writer.write(reply)
            await writer.drain()
        writer.close()
