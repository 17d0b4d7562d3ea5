"""Rasa's event broker from the environment: none by default, RabbitMQ (real, 127.0.0.1:5672) when set."""

from __future__ import annotations

import asyncio
import json
import os
import uuid

import pytest

from bot.event_broker import EnvironmentEventBroker, pika_settings

AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/%2F"


def test_no_url_no_broker(monkeypatch):
    monkeypatch.delenv("RASA_EVENT_BROKER_URL", raising=False)
    assert asyncio.run(EnvironmentEventBroker.from_endpoint_config(None)) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "amqp://rasa:s%40cret@mq.internal:5673/leases",
            {"host": "amqp://mq.internal:5673/leases", "username": "rasa", "password": "s@cret", "port": 5673},
        ),
        ("amqp://127.0.0.1", {"host": "amqp://127.0.0.1:5672", "username": "guest", "password": "guest", "port": 5672}),
        ("amqps://u:p@mq", {"host": "amqps://mq:5671", "username": "u", "password": "p", "port": 5671}),
    ],
)
def test_the_url_becomes_pika_settings_without_the_password_in_the_host(url, expected):
    settings = pika_settings(url, "rasa_events")
    assert {key: settings[key] for key in expected} == expected
    assert settings["queues"] == ["rasa_events"]


@pytest.mark.parametrize("url", ["redis://127.0.0.1", "127.0.0.1:5672", "amqp://"])
def test_a_wrong_url_is_refused_with_an_example(url):
    with pytest.raises(ValueError, match="amqp://user:password@host:5672/vhost"):
        pika_settings(url, "q")


def test_events_reach_the_queue_in_rabbitmq(monkeypatch):
    import aio_pika
    import rasa.shared.core.events  # noqa: F401 - loaded in a real Rasa server; the broker uses it

    queue = f"test_rasa_events_{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("RASA_EVENT_BROKER_URL", AMQP_URL)
    monkeypatch.setenv("RASA_EVENT_BROKER_QUEUE", queue)

    async def publish_and_read() -> dict:
        try:
            connection = await aio_pika.connect_robust(AMQP_URL, timeout=3)
        except Exception as error:  # noqa: BLE001 - RabbitMQ missing: skip here, fail in CI
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(f"RabbitMQ at 127.0.0.1:5672 is needed in CI: {error}")
            pytest.skip(f"RabbitMQ at 127.0.0.1:5672 is not reachable: {error}")
        broker = await EnvironmentEventBroker.from_endpoint_config(None)
        assert broker is not None
        try:
            broker.publish({"event": "user", "sender_id": "web-C1001", "text": "hallo", "timestamp": 1.0})
            channel = await connection.channel()
            declared = await channel.declare_queue(queue, durable=True)
            for _ in range(50):
                message = await declared.get(fail=False)
                if message is not None:
                    await message.ack()
                    return json.loads(message.body)
                await asyncio.sleep(0.1)
            raise AssertionError("no event arrived in the queue")
        finally:
            await broker.close()
            await channel.queue_delete(queue)
            await connection.close()

    assert asyncio.run(publish_and_read()) == {
        "event": "user",
        "sender_id": "web-C1001",
        "text": "hallo",
        "timestamp": 1.0,
    }
