"""Takes Rasa's events off the pika event broker's queue into `conversation_events` (ANALYTICS_AMQP_URL).

In production the statistics should not query the database Rasa's tracker store is writing to;
Rasa's `pika` event broker (bot/event_broker.py) publishes every event as JSON (the event dict plus
`sender_id`) to a durable queue instead. Each API process runs one consumer thread: several
processes share the queue as competing consumers. A message is acknowledged only after its row is
committed (at least once: a crash between the two stores it twice, which the figures tolerate).
RabbitMQ going away is retried with a growing pause, so the API never depends on it being up.
"""

import json
import logging
import threading
import time
from typing import Any

import pika
from pika.adapters.blocking_connection import BlockingChannel
from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from api.analytics.models import ConversationEvent

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
BATCH_SECONDS = 0.25  # the longest an event waits for its commit (and the latency of a stop)
FIRST_RETRY_SECONDS = 0.25
LONGEST_RETRY_SECONDS = 30.0


def _name(value: Any) -> str | None:
    """A name column's value that every database stores (PostgreSQL refuses NUL and longer than the column)."""
    return value.replace("\x00", "")[:255] if isinstance(value, str) else None


def event_row(body: bytes) -> dict[str, Any] | None:
    """The `conversation_events` row of a message, as Rasa's tracker store writes it; None if it is no event.

    Whatever the message holds, the row must be storable: a message the database refuses would come
    back after every reconnect and hold up the queue."""
    try:
        event = json.loads(body)
    except ValueError:
        return None
    if not isinstance(event, dict) or not _name(event.get("sender_id")) or not _name(event.get("event")):
        return None
    sender_id = _name(event.pop("sender_id"))
    parse_data = event.get("parse_data")
    intent = parse_data.get("intent") if isinstance(parse_data, dict) else None
    timestamp = event.get("timestamp")
    return {
        "sender_id": sender_id,
        "type_name": _name(event["event"]),
        "timestamp": float(timestamp) if isinstance(timestamp, int | float) else None,
        "intent_name": _name(intent.get("name")) if isinstance(intent, dict) else None,
        "action_name": _name(event.get("name")),
        "data": json.dumps(event),
    }


class EventConsumer:
    def __init__(self, url: str, queue: str, sessions: sessionmaker[Session]) -> None:
        self.url, self.queue, self.sessions = url, queue, sessions
        self._stopping = threading.Event()
        self._pause = FIRST_RETRY_SECONDS
        self._thread = threading.Thread(target=self._run, name="analytics-event-consumer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._consume()
            except Exception as error:  # noqa: BLE001 - RabbitMQ or the database went away: retry, never die
                logger.warning(
                    "Analytics event consumer: %s; retrying in %.2f s", error.__class__.__name__, self._pause
                )
                self._stopping.wait(self._pause)
                self._pause = min(self._pause * 2, LONGEST_RETRY_SECONDS)

    def _consume(self) -> None:
        connection = pika.BlockingConnection(pika.URLParameters(self.url))
        try:
            channel = connection.channel()
            channel.queue_declare(self.queue, durable=True)  # as Rasa's pika broker declares it
            channel.basic_qos(prefetch_count=BATCH_SIZE)
            logger.info("Analytics event consumer reading queue %s", self.queue)
            self._pause = FIRST_RETRY_SECONDS  # connected: the next outage starts from a short pause again
            self._drain(channel)
        finally:
            if connection.is_open:
                connection.close()

    def _drain(self, channel: BlockingChannel) -> None:
        rows: list[dict[str, Any]] = []
        last_tag = 0
        since = 0.0  # when the batch's first message came
        for method, _properties, body in channel.consume(self.queue, inactivity_timeout=BATCH_SECONDS):
            if method is not None:
                if not last_tag:
                    since = time.monotonic()
                row = event_row(body)
                if row is None:
                    logger.warning("Analytics event consumer dropped message %d: not a Rasa event", method.delivery_tag)
                else:
                    rows.append(row)
                last_tag = method.delivery_tag
            if last_tag and (method is None or len(rows) >= BATCH_SIZE or time.monotonic() - since >= BATCH_SECONDS):
                self._store(rows)
                channel.basic_ack(last_tag, multiple=True)
                rows, last_tag = [], 0
            if self._stopping.is_set() and not last_tag:
                channel.cancel()
                return

    def _store(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        with self.sessions() as session:
            session.execute(insert(ConversationEvent), rows)
            session.commit()
