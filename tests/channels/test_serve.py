"""bot/serve.py: the cached reply validator accepts and refuses exactly what Rasa's own does."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

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
