"""Rasa's event broker, chosen by the environment: RabbitMQ when ``RASA_EVENT_BROKER_URL`` is set, else none.

``endpoints.yml`` cannot be conditional (Rasa expands ``${VAR}`` and refuses an unset one), yet the embedded
default must need no service. So ``event_broker: type: bot.event_broker.EnvironmentEventBroker`` always, and
this class returns Rasa's own pika broker for ``amqp://user:password@host:port/vhost`` (production; the API
consumes the queue for the console's analytics) or no broker at all: the analytics then read the SQL tracker
store itself, which holds the same events. Queue: ``RASA_EVENT_BROKER_QUEUE`` (default ``rasa_events``).
"""

from __future__ import annotations

import os
from asyncio import AbstractEventLoop
from typing import Any
from urllib.parse import unquote, urlsplit

from rasa.core.brokers.broker import EventBroker
from rasa.core.brokers.pika import PikaEventBroker
from rasa.utils.endpoints import EndpointConfig

DEFAULT_QUEUE = "rasa_events"


def pika_settings(url: str, queue: str) -> dict[str, Any]:
    """PikaEventBroker's arguments for an AMQP URL (credentials in the URL, defaults guest/guest, 5672)."""
    parts = urlsplit(url)
    if parts.scheme not in ("amqp", "amqps") or not parts.hostname:
        raise ValueError("RASA_EVENT_BROKER_URL must look like amqp://user:password@host:5672/vhost")
    port = parts.port or (5671 if parts.scheme == "amqps" else 5672)
    return {
        # Without the credentials: Rasa logs the host and puts username and password back in itself.
        "host": f"{parts.scheme}://{parts.hostname}:{port}{parts.path}",
        "username": unquote(parts.username or "guest"),
        "password": unquote(parts.password or "guest"),
        "port": port,
        "queues": [queue],
        # Fail a start with a clear error within a minute rather than Rasa's default 20 x 5 s.
        "connection_attempts": 6,
        "retry_delay_in_seconds": 5,
    }


class EnvironmentEventBroker(EventBroker):
    """Never instantiated: ``from_endpoint_config`` hands back Rasa's pika broker or None."""

    @classmethod
    async def from_endpoint_config(
        cls, broker_config: EndpointConfig | None, event_loop: AbstractEventLoop | None = None
    ) -> EventBroker | None:
        url = os.environ.get("RASA_EVENT_BROKER_URL", "").strip()
        if not url:
            return None
        queue = os.environ.get("RASA_EVENT_BROKER_QUEUE", "").strip() or DEFAULT_QUEUE
        broker = PikaEventBroker(**pika_settings(url, queue), event_loop=event_loop)
        await broker.connect()
        return broker
