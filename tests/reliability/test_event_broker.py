"""Production analytics: Rasa publishes its events to RabbitMQ (127.0.0.1:5672, bot/event_broker.py) and an
API process with ANALYTICS_AMQP_URL consumes them; a conversation over the REST channel shows in its figures."""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Iterator

import pytest
from reliability_helpers import say, skip_or_fail
from stack import Stack

from tests.conftest import RunningStack

AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/%2F"


def rabbitmq_unavailable_reason() -> str | None:
    try:
        with socket.create_connection(("127.0.0.1", 5672), timeout=2):
            return None
    except OSError as error:
        return f"RabbitMQ at 127.0.0.1:5672 is not reachable ({error})"


@pytest.fixture(scope="module")
def broker_pair(stack, tmp_path_factory) -> Iterator[tuple[str, RunningStack]]:
    """A Rasa instance publishing to a queue of its own, and an API process consuming it."""
    reason = rabbitmq_unavailable_reason()
    if reason:
        skip_or_fail(reason)
    queue = f"rasa_events_test_{uuid.uuid4().hex[:8]}"
    api = Stack(
        tmp_path_factory.mktemp("analytics-api"),
        {"ANALYTICS_AMQP_URL": AMQP_URL, "ANALYTICS_AMQP_QUEUE": queue},
    )
    api.start(services=("api",))
    try:
        (rasa,) = stack.stack.start_rasa_instances(
            ["rasa-mq"], extra_env={"RASA_EVENT_BROKER_URL": AMQP_URL, "RASA_EVENT_BROKER_QUEUE": queue}
        )
        try:
            yield rasa, RunningStack(api)
        finally:
            stack.stack.stop_service("rasa-mq")
    finally:
        api.stop()


def test_a_conversation_reaches_the_console_through_rabbitmq(stack, broker_pair):
    rasa, api = broker_pair
    assert api.analytics_today()["source"] == "event_broker"
    token = stack.token("C1001")
    sender = f"mq-{uuid.uuid4().hex[:8]}"
    say(rasa, sender, "ik wil mijn kilometerstand doorgeven", token)
    say(rasa, sender, "stop", token)
    deadline = time.monotonic() + 30
    while True:
        seen = api.analytics_today()
        mileage = next((flow for flow in seen["flows"] if flow["flow"] == "mileage_form"), None)
        if mileage and mileage["cancelled"] == 1 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert seen["conversations"] == 1
    assert mileage is not None and (mileage["started"], mileage["cancelled"]) == (1, 1)
