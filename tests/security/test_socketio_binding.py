"""Session binding of the widget channel on the real Rasa server (socket.io over HTTP long-polling)."""

from __future__ import annotations

import pytest

from tests.security.socketio_polling import PollingSocket

pytestmark = pytest.mark.e2e


def test_customer_b_cannot_join_or_write_customer_a_s_session(stack):
    owner = PollingSocket(stack.rasa_url)
    assert owner.connect(stack.token("C1001"))
    owner.emit("session_request", {"session_id": None})
    assert owner.wait_for("session_confirm") == "web-C1001"

    intruder = PollingSocket(stack.rasa_url)
    assert intruder.connect(stack.token("C1002"))
    intruder.emit("session_request", {"session_id": "web-C1001"})
    refused = intruder.wait_for("session_refused")
    assert "hoort niet bij uw account" in refused["reason"]
    assert not any(name in ("session_confirm", "history") for name, _ in intruder.events)

    # With a session of its own, B addressing a message to A's session: refused, A sees nothing.
    writer = PollingSocket(stack.rasa_url)
    assert writer.connect(stack.token("C1002"))
    writer.emit("session_request", {})
    assert writer.wait_for("session_confirm") == "web-C1002"
    writer.emit("user_uttered", {"message": "inbraak", "session_id": "web-C1001"})
    assert "hoort niet bij uw account" in writer.wait_for("session_refused")["reason"]
    owner.emit("user_uttered", {"message": "hallo", "session_id": "web-C1001"})
    owner.wait_for("bot_uttered")
    assert not any(name == "user_echo" for name, _ in owner.events)  # no other tab wrote "inbraak"


def test_a_connection_without_a_customer_token_is_refused(stack):
    for token in ("", "not-a-jwt", stack.token("C1001")[:-3] + "abc"):
        assert not PollingSocket(stack.rasa_url).connect(token)
