"""Reliability tests: the real processes (scripts/stack.py), started as few times as possible.

One stack (API, action server, Rasa on SQLite) serves the whole session; the multi-instance test adds
two Rasa servers to it, and the PostgreSQL tests add one API process on a throw-away database. Slow
by nature (several Rasa starts); run with `.venv/app/bin/python -m pytest tests/reliability`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
for path in (ROOT, ROOT / "scripts"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from reliability_helpers import postgres_database  # noqa: E402
from stack import Stack  # noqa: E402

from tests.conftest import RunningStack  # noqa: E402

# Rasa's conversation lock must outlive the slowest message (see ARCHITECTURE.md, "Timeouts");
# scripts/env.sh sets it, this default only covers running the tests without it.
LOCK_LIFETIME_DEFAULT = "180"


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> Iterator[RunningStack]:
    overrides = {"TICKET_LOCK_LIFETIME": os.environ.get("TICKET_LOCK_LIFETIME", LOCK_LIFETIME_DEFAULT)}
    with Stack(tmp_path_factory.mktemp("reliability-stack"), overrides) as running:
        yield RunningStack(running)


@pytest.fixture(scope="session")
def postgres_api(tmp_path_factory) -> Iterator[RunningStack]:
    """The API alone, on a throw-away PostgreSQL database (migrated and seeded like the stack's)."""
    with postgres_database() as name:
        api = Stack(
            tmp_path_factory.mktemp("postgres-api"),
            {"DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"},
        )
        api.start(services=("api",))
        try:
            yield RunningStack(api)
        finally:
            api.stop()
