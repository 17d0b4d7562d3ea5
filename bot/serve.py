"""Rasa's command line with two fixes for speed: ``python -m bot.serve run …`` (bot env, the Procfile's rasa).

Rasa 3.6 checks every action-server reply against its events schema with ``jsonschema.validate``, which
builds and checks a validator for that large schema on every call: ~19 ms of CPU per action, close to
half of a bot turn under load (py-spy, docs/benchmarks.md). The validator is built once here; a reply
that fails the fast check still goes through Rasa's own validation, so errors read exactly as before.

The default tracker store is a SQLite file, which Rasa opens in rollback-journal mode: every saved turn
waits for the disk to sync (~2 ms a commit here, several commits a turn). In write-ahead-log mode with
``synchronous=NORMAL`` (as the API's own SQLite, api/db.py) a commit survives a crash of Rasa and costs
almost nothing; PostgreSQL, the production store, is untouched.
"""

from __future__ import annotations

import functools
import sqlite3
import sys
from typing import Any

import jsonschema
from rasa.core.actions.action import RemoteAction
from sqlalchemy import event
from sqlalchemy.engine import Engine

_rasa_validate = RemoteAction._validate_action_result


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    spec = RemoteAction.action_response_format_spec()
    validator_class = jsonschema.validators.validator_for(spec)
    validator_class.check_schema(spec)
    return validator_class(spec)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    return _validator().is_valid(result) or _rasa_validate(self, result)


def _sqlite_write_ahead(dbapi_connection: Any, _record: Any) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
    if not event.contains(Engine, "connect", _sqlite_write_ahead):
        event.listen(Engine, "connect", _sqlite_write_ahead)


def main() -> None:
    install()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
