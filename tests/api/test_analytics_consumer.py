"""The event-broker source: Rasa's events published to RabbitMQ, consumed into `conversation_events`.

Against the real RabbitMQ (TEST_AMQP_URL, default the local guest account), each test on a queue of
its own. RabbitMQ missing: skipped locally with the reason, a failure when CI=true.
"""

import contextlib
import json
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pika
import pytest
from analytics_helpers import MORNING, conversation, damage_completed, slot, user
from api_helpers import skip_or_fail
from fastapi.testclient import TestClient
from pika.exceptions import AMQPError
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session, sessionmaker
from test_api_handoffs import agent_headers

from api.analytics.consumer import EventConsumer, event_row
from api.analytics.models import ConversationEvent
from api.db import get_sessionmaker
from api.main import app

AMQP_URL = os.environ.get("TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
THREAD_NAME = "analytics-event-consumer"
TWO_DAYS_EARLIER = MORNING - timedelta(days=2)


@pytest.fixture
def queue() -> Iterator[str]:
    """A fresh queue name; the queue is deleted afterwards."""
    try:
        pika.BlockingConnection(pika.URLParameters(f"{AMQP_URL}?connection_attempts=1&socket_timeout=3")).close()
    except AMQPError as exc:
        skip_or_fail(f"RabbitMQ at {AMQP_URL} is unreachable ({exc.__class__.__name__})")
    name = f"test_rasa_events_{uuid.uuid4().hex[:10]}"
    yield name
    with pika.BlockingConnection(pika.URLParameters(AMQP_URL)) as connection:
        connection.channel().queue_delete(name)


def publish(queue: str, events: list[tuple[str, dict]], *raw: bytes) -> None:
    """As Rasa's pika broker does: the event plus `sender_id`, JSON, persistent, to a durable queue."""
    with pika.BlockingConnection(pika.URLParameters(AMQP_URL)) as connection:
        channel = connection.channel()
        channel.queue_declare(queue, durable=True)
        bodies = [json.dumps({"sender_id": sender_id, **event}).encode() for sender_id, event in events]
        for body in [*bodies, *raw]:
            channel.basic_publish("", queue, body, pika.BasicProperties(delivery_mode=2))


def waiting_messages(queue: str) -> int:
    with pika.BlockingConnection(pika.URLParameters(AMQP_URL)) as connection:
        return connection.channel().queue_declare(queue, durable=True).method.message_count


def stored_rows(sessions: sessionmaker[Session] | None = None) -> int:
    """Rows in `conversation_events` of `sessions`' database, by default the API's."""
    with (sessions or get_sessionmaker())() as session:
        return session.scalar(select(func.count()).select_from(ConversationEvent)) or 0


@pytest.fixture
def events_database(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    """A database with only `conversation_events`: the consumer's own behaviour, tested once rather than per backend."""
    engine = create_engine(f"sqlite:///{tmp_path}/events.db")
    ConversationEvent.__table__.create(engine)
    yield sessionmaker(bind=engine)
    engine.dispose()


def wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def consumer_threads() -> int:
    return sum(thread.name == THREAD_NAME for thread in threading.enumerate())


def test_events_are_stored_as_rasa_would_and_acknowledged(
    client: TestClient, queue: str, analytics_sources: Callable
) -> None:
    events = [
        *damage_completed("web-C1001"),
        *damage_completed("web-C1002")[:8],  # stops after the first question
        *conversation("telegram-7", user("hallo"), slot("outcome", "faq:declined"), start=TWO_DAYS_EARLIER),
    ]
    publish(queue, events, b"not json", b'{"event": "user"}')  # the last one has no sender_id
    consumer = EventConsumer(AMQP_URL, queue, get_sessionmaker())
    consumer.start()
    try:
        wait_for(lambda: stored_rows() == len(events))
    finally:
        consumer.stop()
    assert consumer_threads() == 0
    # Everything acknowledged, the two messages that are no event included (nothing is redelivered).
    assert waiting_messages(queue) == 0
    with get_sessionmaker()() as session:
        rows = session.scalars(select(ConversationEvent).order_by(ConversationEvent.id)).all()
    first_user = next(row for row in rows if row.type_name == "user")
    assert (first_user.sender_id, first_user.intent_name) == ("web-C1001", "report_damage")
    assert json.loads(first_user.data) == events[3][1]  # Rasa's `data`: the event without sender_id
    outcome = rows[-1]
    assert (outcome.type_name, outcome.action_name, outcome.timestamp) == (
        "slot",
        "outcome",
        events[-1][1]["timestamp"],
    )

    # The analytics read this table when the broker is configured (the tracker store is ignored then).
    analytics_sources(amqp=AMQP_URL, tracker_store="sqlite:////nonexistent/rasa.db")
    response = client.get("/agent/analytics?from=2026-11-23&to=2026-11-23", headers=agent_headers(client))
    body = response.json()
    assert body["source"] == "event_broker"
    assert body["conversations"] == 2  # telegram-7 spoke on another day
    [damage] = body["flows"]
    assert (damage["started"], damage["completed"], damage["abandoned"]) == (2, 1, 1)
    assert damage["funnel"][0] == {"slot": "damage_date", "asked": 2, "gave_up": 1}


def test_a_message_is_acknowledged_only_once_it_is_committed(
    queue: str, events_database: sessionmaker[Session], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    publish(queue, [("web-C1001", {**user("hallo"), "timestamp": 1795424400.0})])
    # A database without the table: storing fails, the message must stay in the queue.
    caplog.set_level(logging.WARNING, logger="api.analytics.consumer")
    broken = create_engine(f"sqlite:///{tmp_path}/no-tables.db")
    failing = EventConsumer(AMQP_URL, queue, sessionmaker(bind=broken))
    failing.start()
    wait_for(lambda: any("OperationalError; retrying" in record.getMessage() for record in caplog.records))
    failing.stop()
    broken.dispose()
    assert waiting_messages(queue) == 1
    working = EventConsumer(AMQP_URL, queue, events_database)
    working.start()
    try:
        wait_for(lambda: stored_rows(events_database) == 1)
    finally:
        working.stop()
    assert waiting_messages(queue) == 0


class Proxy:
    """A TCP relay to RabbitMQ that can be started late and can cut every connection: RabbitMQ going away."""

    def __init__(self, port: int, target: tuple[str, int]) -> None:
        self.port, self.target = port, target
        self.sockets: list[socket.socket] = []
        self.server: socket.socket | None = None

    def start(self) -> None:
        self.server = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        assert self.server
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            end.close()

    def cut(self) -> None:
        for end in self.sockets:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
        self.sockets.clear()

    def close(self) -> None:
        if self.server:
            self.server.close()
        self.cut()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_consumer_waits_for_rabbitmq_and_reconnects_when_it_goes_away(
    queue: str, events_database: sessionmaker[Session], caplog: pytest.LogCaptureFixture
) -> None:
    parsed = pika.URLParameters(AMQP_URL)
    proxy = Proxy(_free_port(), (parsed.host, parsed.port))
    url = f"amqp://guest:guest@127.0.0.1:{proxy.port}/%2F"
    consumer = EventConsumer(url, queue, events_database)
    caplog.set_level(logging.WARNING, logger="api.analytics.consumer")
    consumer.start()  # nothing listens yet: it retries with a growing pause
    try:
        wait_for(lambda: any("AMQPConnectionError; retrying" in record.getMessage() for record in caplog.records))
        proxy.start()
        publish(queue, [("web-C1001", {**user("hallo"), "timestamp": 1795424400.0})])
        wait_for(lambda: stored_rows(events_database) == 1)
        proxy.cut()
        publish(queue, [("web-C1001", {**user("nog eens"), "timestamp": 1795424460.0})])
        wait_for(lambda: stored_rows(events_database) == 2)
    finally:
        consumer.stop()
        proxy.close()
    assert consumer_threads() == 0


def test_the_api_runs_the_consumer_only_when_the_broker_is_configured(
    client: TestClient, queue: str, analytics_sources: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("api.main.warm_up", lambda: True)  # the knowledge index is not this test's business
    analytics_sources()
    with TestClient(app):
        assert consumer_threads() == 0
    monkeypatch.setenv("ANALYTICS_AMQP_QUEUE", queue)
    analytics_sources(amqp=AMQP_URL)
    with TestClient(app):
        assert consumer_threads() == 1
        publish(queue, [("web-C1001", {**user("hallo"), "timestamp": 1795424400.0})])
        wait_for(lambda: stored_rows() == 1)
    assert consumer_threads() == 0, "stopped at shutdown"


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        b"[1, 2]",
        b'{"event": "user"}',
        b'{"sender_id": 7, "event": "user"}',
        b'{"sender_id": "x"}',
    ],
)
def test_a_message_that_is_no_rasa_event_is_dropped(body: bytes) -> None:
    assert event_row(body) is None


def test_a_malformed_event_still_gives_a_row_every_database_stores() -> None:
    """Else the database refuses it on every redelivery and it holds up the queue."""
    body = {"sender_id": "web\x00" + "x" * 300, "event": "user", "parse_data": [1], "name": 5, "timestamp": "late"}
    row = event_row(json.dumps(body).encode())
    assert row is not None
    assert row["sender_id"] == "web" + "x" * 252
    assert (row["intent_name"], row["action_name"], row["timestamp"]) == (None, None, None)
    assert json.loads(row["data"]) == {"event": "user", "parse_data": [1], "name": 5, "timestamp": "late"}
