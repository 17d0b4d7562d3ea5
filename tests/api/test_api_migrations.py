"""The schema comes from the alembic migrations alone, on both backends."""

import uuid
from pathlib import Path

import psycopg
import pytest
from alembic import command
from sqlalchemy import create_engine, inspect

from api import migrate
from api.db import Base


@pytest.fixture
def empty_database_url(database_url: str, tmp_path: Path):
    """A second, empty database next to the session's: SQLite file or PostgreSQL schema."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path}/empty.db"
        return
    base = database_url.split("?")[0]
    schema = f"api_migr_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base.replace("+psycopg", ""), autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    yield f"{base}?options=-csearch_path%3D{schema}"
    with psycopg.connect(base.replace("+psycopg", ""), autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


def test_upgrade_from_empty_builds_every_table_and_matches_the_models(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    engine = create_engine(empty_database_url)
    try:
        tables = set(inspect(engine).get_table_names())
        assert {table.name for table in Base.metadata.sorted_tables} <= tables
        assert "alembic_version" in tables
        # Autogenerate finds nothing to add: the models and the migrations agree.
        command.check(migrate.alembic_config(empty_database_url))
        migrate.downgrade(empty_database_url)
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(empty_database_url)
    finally:
        engine.dispose()
