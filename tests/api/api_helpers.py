"""Helpers shared by the API tests (a uniquely named module: tests/ holds several conftest.py files)."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from typing import NoReturn

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.auth.security import create_token
from api.config import get_settings
from knowledge.index import IndexMissingError

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SERVICE_TOKEN = "test-service-token"
SERVICE = {"Authorization": f"Bearer {SERVICE_TOKEN}"}


def skip_or_fail(reason: str) -> NoReturn:
    """A service the tests need is missing: skipped locally with the reason, a failure in CI."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI needs it for the API tests.")
    pytest.skip(reason)


@lru_cache
def postgres_unavailable_reason() -> str | None:
    try:
        psycopg.connect(POSTGRES_URL.replace("+psycopg", ""), connect_timeout=3).close()
    except psycopg.Error as exc:
        return f"PostgreSQL at {POSTGRES_URL} is unreachable ({exc.__class__.__name__})"
    return None


def customer_headers(customer_number: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(get_settings(), customer_number, 'customer', 30)}"}


def freeze(client: TestClient, instant: str | datetime | None) -> None:
    value = instant.isoformat() if isinstance(instant, datetime) else instant
    response = client.put("/dev/clock", json={"now": value}, headers=SERVICE)
    assert response.status_code == 200, response.text


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert body["status"] == status
    assert isinstance(body["detail"], str) and body["detail"]
    return body


@contextmanager
def production(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Settings as in production (with real secrets) for the duration of the block."""
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("JWT_SECRET", "a-real-secret-for-this-test-only-0123456789")
    monkeypatch.setenv("AGENT_PASSWORD", "not-the-default")
    monkeypatch.setenv("RASA_AUTH_TOKEN", "not-the-default-either")
    get_settings.cache_clear()
    try:
        yield
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


class FakeSearcher:
    """Stands in for the process's knowledge searcher in every API test: the agents' links and marks
    (api/knowledge_gaps) never load the real index nor teach it anything. Knows the sections in SECTIONS;
    `missing = True` behaves like a missing index."""

    SECTIONS = frozenset({"private-lease-voorwaarden:7.3", "klantenzone-faq:1", "bonus-malus:2"})

    def __init__(self) -> None:
        self.variants: list[tuple[str, str, str]] = []
        self.out_of_scope: list[str] = []
        self.missing = False

    def _check(self) -> None:
        if self.missing:
            raise IndexMissingError("no index in this test")

    def learn_variant(self, section: str, text: str, writer: str) -> bool:
        self._check()
        if section not in self.SECTIONS:
            return False
        self.variants.append((section, text, writer))
        return True

    def learn_out_of_scope(self, text: str) -> None:
        self._check()
        self.out_of_scope.append(text)
