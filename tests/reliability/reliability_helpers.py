"""Helpers of the reliability tests: talking to Rasa over REST, reading trackers and logs, and the
PostgreSQL and Redis the tests need (a missing one skips locally and fails in CI)."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg
import pytest

POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS = ("127.0.0.1", 6379)


def say(rasa_url: str, sender: str, text: str, token: str | None, timeout: float = 60) -> list[dict]:
    """One customer message over the REST channel of the Rasa server at `rasa_url`; the bot's replies."""
    body: dict = {"sender": sender, "message": text}
    if token:
        body["metadata"] = {"customer_token": token}
    response = httpx.post(f"{rasa_url}/webhooks/rest/webhook", json=body, timeout=timeout)
    response.raise_for_status()
    return response.json()


def texts(replies: list[dict]) -> str:
    return "\n".join(reply.get("text") or "" for reply in replies)


def tracker_events(rasa_url: str, rasa_token: str, sender: str, customer: str) -> list[dict]:
    """The conversation's events; the REST channel scopes the conversation id to the customer whose
    token came with the messages (`<customer>:<sender>`, bot/channels/secure_rest.py)."""
    response = httpx.get(
        f"{rasa_url}/conversations/{customer}:{sender}/tracker", params={"token": rasa_token}, timeout=30
    )
    response.raise_for_status()
    return response.json().get("events") or []


def current_slots(rasa_url: str, rasa_token: str, sender: str, customer: str) -> dict:
    slots: dict = {}
    for event in tracker_events(rasa_url, rasa_token, sender, customer):
        if event.get("event") == "slot":
            slots[event["name"]] = event.get("value")
    return slots


def lock_errors(log: Path) -> list[str]:
    """Lines of a Rasa log that say a conversation lock could not be taken or was lost."""
    pattern = re.compile(r"LockError|Could not acquire lock|Error while acquiring lock", re.IGNORECASE)
    return [line for line in log.read_text(errors="replace").splitlines() if pattern.search(line)]


def redis_unavailable_reason() -> str | None:
    try:
        with socket.create_connection(REDIS, timeout=2) as connection:
            connection.sendall(b"PING\r\n")
            if connection.recv(16).startswith(b"+PONG"):
                return None
            return "Redis at 127.0.0.1:6379 did not answer PING"
    except OSError as error:
        return f"Redis at 127.0.0.1:6379 is not reachable ({error})"


def postgres_unavailable_reason() -> str | None:
    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=3):
            return None
    except psycopg.Error as error:
        return f"PostgreSQL at 127.0.0.1:5432 is not reachable ({str(error).strip()})"


def skip_or_fail(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI needs it for the reliability tests.")
    pytest.skip(reason)


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for one test module, dropped afterwards; yields its name."""
    reason = postgres_unavailable_reason()
    if reason:
        skip_or_fail(reason)
    name = f"reliability_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def say_all_at_once(rasa_urls: list[str], sender: str, lines: list[str], token: str | None) -> list[list[dict]]:
    """Every line POSTed at the same instant (line i to rasa_urls[i % len]); the replies, by line."""

    async def burst() -> list[list[dict]]:
        limits = httpx.Limits(max_connections=len(lines), max_keepalive_connections=0)
        async with httpx.AsyncClient(timeout=120, limits=limits) as client:
            go = asyncio.Event()

            async def send(index: int, line: str) -> list[dict]:
                body: dict = {"sender": sender, "message": line}
                if token:
                    body["metadata"] = {"customer_token": token}
                await go.wait()
                url = rasa_urls[index % len(rasa_urls)]
                response = await client.post(f"{url}/webhooks/rest/webhook", json=body)
                response.raise_for_status()
                return response.json()

            tasks = [asyncio.create_task(send(index, line)) for index, line in enumerate(lines)]
            await asyncio.sleep(0.2)
            go.set()
            return await asyncio.gather(*tasks)

    return asyncio.run(burst())


def turns(events: list[dict]) -> list[tuple[str, list[str]]]:
    """The conversation as (customer text, bot texts that followed it before the next customer text)."""
    result: list[tuple[str, list[str]]] = []
    for event in events:
        if event.get("event") == "user":
            result.append((event.get("text") or "", []))
        elif event.get("event") == "bot" and result:
            result[-1][1].append(event.get("text") or "")
    return result


def assert_each_message_answered_in_turn(events: list[dict], lines: list[str], replies: list[list[dict]]) -> None:
    """Every line is in the tracker exactly once, each followed by its own answer before the next
    line was taken up (nothing lost, nothing interleaved), and each HTTP reply is that answer."""
    history = turns(events)[-len(lines) :]
    assert sorted(text for text, _ in history) == sorted(lines), history
    answers = dict(history)
    for line, reply in zip(lines, replies, strict=True):
        assert reply, f"no reply to {line!r}"
        assert [message.get("text") or "" for message in reply] == answers[line], (line, reply, answers[line])
