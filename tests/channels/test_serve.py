"""bot/serve.py: the cached reply validator accepts and refuses exactly what Rasa's own does; the SQLite
tracker store writes ahead."""

from __future__ import annotations

import asyncio

import jsonschema
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import serve


@pytest.fixture
def action() -> RemoteAction:
    serve.install()
    yield RemoteAction("action_test", None)
    RemoteAction._validate_action_result = serve._rasa_validate


def test_a_valid_reply_passes(action: RemoteAction) -> None:
    reply = {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"text": "Dag!"}]}
    assert action._validate_action_result(reply) is True


def test_an_invalid_reply_raises_rasas_own_error(action: RemoteAction) -> None:
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": [{"event": "no-such-event"}]})


def test_the_sqlite_tracker_store_writes_ahead_and_keeps_conversations(tmp_path) -> None:
    serve.install()
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "tracker.db"))
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    tracker = DialogueStateTracker.from_events("klant", [UserUttered("dag")])
    asyncio.run(store.save(tracker))
    assert asyncio.run(store.retrieve("klant")).latest_message.text == "dag"


REPLIES = [
    {"events": [{"event": "slot", "name": "x", "value": 1}, {"event": "active_loop", "name": "request_form"}]},
    {"events": [{"event": "followup", "name": "request_form"}], "responses": [{"text": "a", "buttons": []}]},
    {"events": [{"event": "slot", "name": "requested_slot", "value": None}, {"event": "action_execution_rejected",
                                                                             "name": "request_form"}]},
    {"events": [{"event": "no-such-event"}]},
    {"events": [{"event": "slot", "name": "x"}]},
    {"events": [{"event": "slot", "name": 3, "value": 1}]},
    {"events": [{"event": "slot", "name": "x", "value": 1, "timestamp": "gisteren"}]},
    {"events": ["slot"]},
    {"events": "slot"},
    {"responses": 3},
    {},
]  # fmt: skip


@pytest.mark.parametrize("reply", REPLIES)
def test_the_fast_check_gives_the_verdict_of_the_whole_schema(reply: dict) -> None:
    schema = RemoteAction.action_response_format_spec()
    assert serve.reply_is_valid(reply) == jsonschema.validators.validator_for(schema)(schema).is_valid(reply)
