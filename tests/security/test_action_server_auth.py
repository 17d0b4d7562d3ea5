"""The action server of the real stack: closed without the shared secret, open to Rasa with it."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.chat import texts

pytestmark = pytest.mark.e2e


def actions_url(stack) -> str:
    return f"http://127.0.0.1:{stack.stack.env['ACTIONS_PORT']}"


def test_the_action_server_refuses_calls_without_the_secret(stack):
    forged = {
        "next_action": "action_relay_to_agent",
        "sender_id": "C1001:forged",
        "tracker": {"sender_id": "C1001:forged", "slots": {}, "latest_message": {}, "events": []},
        "domain": {},
    }
    for headers in (
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Bearer {stack.stack.env['RASA_AUTH_TOKEN']}"},
    ):
        response = httpx.post(f"{actions_url(stack)}/webhook", json=forged, headers=headers, timeout=10)
        assert response.status_code == 401
    assert httpx.get(f"{actions_url(stack)}/actions", timeout=10).status_code == 401
    assert httpx.get(f"{actions_url(stack)}/health", timeout=10).status_code == 200


def test_rasa_reaches_the_actions_with_the_secret(stack):
    # A custom action (contract lookup through the API with the customer's token) answers.
    assert "15.000 km per jaar" in texts(stack.say("wat is mijn kilometerbundel?", token=stack.token("C1001")))
