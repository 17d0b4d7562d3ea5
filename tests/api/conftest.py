"""Every API test runs twice: on a SQLite file and on PostgreSQL (a throw-away schema in database `test`).

The schema is built by the alembic migrations only; each test starts from freshly seeded demo data.
PostgreSQL missing: skipped locally with the reason, a failure when CI=true.
"""

# ruff: noqa: E402 - the repository root must be importable before the app is imported
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

# `pytest tests/api` from the repository root: make the `api` and `knowledge` packages importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import psycopg
import pytest
from api_helpers import POSTGRES_URL, SERVICE_TOKEN, FakeSearcher, postgres_unavailable_reason
from fastapi.testclient import TestClient
from sqlalchemy import delete

from api import migrate
from api.auth.limiter import RateLimits
from api.clock import Clock
from api.config import get_settings
from api.db import Base, get_engine, get_sessionmaker
from api.main import app
from api.seed import seed


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty database per backend; the process settings point at it while it is in use."""
    schema = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite')}/api.db"
    else:
        reason = postgres_unavailable_reason()
        if reason:
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(f"{reason}; CI needs it for the API tests.")
            pytest.skip(f"{reason}; start it to run the PostgreSQL half of the API tests.")
        schema = f"api_test_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(POSTGRES_URL.replace("+psycopg", ""), autocommit=True) as connection:
            connection.execute(f'CREATE SCHEMA "{schema}"')
        url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    os.environ.update(
        DATABASE_URL=url,
        APP_ENV="test",
        SERVICE_TOKEN=SERVICE_TOKEN,
        UPLOAD_DIR=str(tmp_path_factory.mktemp("uploads")),
        # Nothing listens there: agent messages are stored but never reach a developer's running Rasa.
        RASA_URL="http://127.0.0.1:9",
        # Counters in memory, fresh per test (test_api_abuse.py tests the Redis variant on its own).
        RATE_LIMIT_REDIS_URL="",
        # No Rasa tracker store nor event broker (scripts/env.sh names the developer's): the tests that
        # need one make their own (test_api_retention.py, test_analytics_*.py).
        RASA_TRACKER_STORE_URL="",
        ANALYTICS_AMQP_URL="",
    )
    get_settings.cache_clear()
    migrate.upgrade(url)
    yield url
    get_engine(url).dispose()
    if schema:
        with psycopg.connect(POSTGRES_URL.replace("+psycopg", ""), autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def client(database_url: str) -> TestClient:
    """The app on freshly seeded demo data, with a real clock and an empty rate limiter."""
    settings = get_settings()
    with get_sessionmaker()() as session:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name != "agents":  # kept: hashing the agent's password on every test is slow
                session.execute(delete(table))
        session.commit()
        seed(session, settings, Clock())
    app.state.clock = Clock()
    app.state.rate_limits = RateLimits.from_settings(settings)
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def is_postgres(database_url: str) -> bool:
    return database_url.startswith("postgresql")


@pytest.fixture
def analytics_sources(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Points the API's analytics at a Rasa tracker store and/or an event broker for one test."""

    def configure(tracker_store: str = "", amqp: str = "") -> None:
        monkeypatch.setenv("RASA_TRACKER_STORE_URL", tracker_store)
        monkeypatch.setenv("ANALYTICS_AMQP_URL", amqp)
        get_settings.cache_clear()

    yield configure
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def knowledge_searcher(monkeypatch: pytest.MonkeyPatch) -> FakeSearcher:
    """Every API test: the agents' knowledge links and marks (api/knowledge_gaps) reach a fake searcher."""
    fake = FakeSearcher()
    monkeypatch.setattr("api.knowledge_gaps.service.get_searcher", lambda: fake)
    return fake
