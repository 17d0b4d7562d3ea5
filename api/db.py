"""Engine and session handling for SQLite (default) and PostgreSQL (psycopg 3)."""

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator
from starlette.concurrency import run_in_threadpool

from api.config import get_settings

logger = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite hands back naive values otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime stored")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def get_engine(url: str | None = None) -> Engine:
    """The engine for `url`, by default the configured DATABASE_URL."""
    return _engine_for(url or get_settings().database_url)


# Connections kept open per process. The sync routes run in a thread pool, and a request holds its
# session's connection from its first query to its end: with SQLAlchemy's default (5 + 10 overflow)
# concurrent requests beyond 5 opened and closed a connection each time, and beyond 15 they queued
# for one (seen in the benchmark's profile as connect/close work and long p99 tails).
POOL_SIZE = 20
POOL_MAX_OVERFLOW = 20


@lru_cache
def _engine_for(url: str) -> Engine:
    """One engine per URL; the SQLite file's folder (var/) is created when missing."""
    parsed = make_url(url)
    pool = {"pool_size": POOL_SIZE, "max_overflow": POOL_MAX_OVERFLOW}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        else:
            pool = {}  # in-memory SQLite uses a single-connection pool without these options
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **pool)
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
        return engine
    return create_engine(url, pool_pre_ping=True, **pool)


def get_sessionmaker() -> sessionmaker[Session]:
    return _sessionmaker_for(get_engine())


@lru_cache
def _sessionmaker_for(engine: Engine) -> sessionmaker[Session]:
    """One factory per engine: `sessionmaker()` builds a new Session subclass each time it is called."""
    return sessionmaker(bind=engine, expire_on_commit=False)


async def get_session() -> AsyncIterator[Session]:
    """A session per request. Creating one does no I/O (the connection is checked out at the first
    query, in the route's worker thread), so only the close, which returns the connection, takes a
    thread-pool hop: a sync generator dependency would take two."""
    session = get_sessionmaker()()
    try:
        yield session
    finally:
        await run_in_threadpool(_close, session)


def _close(session: Session) -> None:
    """Close after the response; a connection the database dropped meanwhile (restart, failover) is
    discarded quietly instead of breaking a response that was already sent."""
    try:
        session.close()
    except (OperationalError, InterfaceError) as error:
        logger.warning("Discarded a database connection lost after the response: %s", type(error.orig).__name__)
