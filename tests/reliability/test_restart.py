"""Rasa, or the whole stack, killed in the middle of a damage report, on SQLite (the embedded default)
and on PostgreSQL.

The customer reports damage in the widget and gives the date and the place; Rasa is killed (SIGKILL, as a
crash would) and started again. The widget reconnects and shows the earlier messages; the customer gives
the next answer and the form goes on from where it was, to a damage file in the API holding what the
customer said before the crash.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from reliability_helpers import postgres_database

from tests.security.socketio_polling import PollingSocket

CUSTOMER = "C1001"
BEFORE_THE_CRASH = ["ik heb een aanrijding gehad", "gisteren rond 14u", "Veldstraat 12 in Gent"]
AFTER_THE_CRASH = ["Een auto reed achteruit tegen mijn bumper.", "aanrijding", "ja", "ja", "ja"]


class Widget:
    """The customer's widget: one socket.io connection to one Rasa server."""

    def __init__(self, rasa_url: str, token: str) -> None:
        self.socket = PollingSocket(rasa_url)
        assert self.socket.connect(token)
        self.socket.emit("session_request", {})
        self.session = self.socket.wait_for("session_confirm")
        self.history = self.socket.wait_for("history")

    def say(self, text: str, timeout: float = 60) -> list[str]:
        """The bot's texts in answer to `text` (until the typing indicator goes off)."""
        start = len(self.socket.events)
        self.socket.emit("user_uttered", {"message": text, "session_id": self.session})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            new = self.socket.events[start:]
            if ("typing", {"on": False}) in new:
                return [data["text"] for name, data in new if name == "bot_uttered" and data.get("text")]
            self.socket.poll()
        raise AssertionError(f"no answer to {text!r}; got {self.socket.events[start:]}")


@pytest.fixture(params=["sqlite", "sqlite, whole stack", "postgresql"])
def rasa(request, stack) -> Iterator[tuple[str, Callable[[], str]]]:
    """A Rasa server's URL and a function that kills it (or the whole stack: Rasa, action server and API)
    and starts it again, returning its new URL."""
    if request.param.startswith("sqlite"):
        services = ["rasa", "actions", "api"] if "whole stack" in request.param else ["rasa"]

        def crash_and_restart() -> str:
            for name in services:
                stack.stack.kill_service(name)
            for name in reversed(services):
                stack.stack.restart_service(name)
            return stack.rasa_url

        yield stack.rasa_url, crash_and_restart
        return
    with postgres_database() as database:
        settings = {"RASA_TRACKER_STORE_URL": f"postgresql://postgres@127.0.0.1:5432/{database}"}
        (url,) = stack.stack.start_rasa_instances(["rasa-pg"], extra_env=settings)

        def crash_and_restart_pg() -> str:
            stack.stack.kill_service("rasa-pg")
            (new_url,) = stack.stack.start_rasa_instances(["rasa-pg"], extra_env=settings)
            return new_url

        try:
            yield url, crash_and_restart_pg
        finally:
            stack.stack.stop_service("rasa-pg")


def test_a_customer_mid_form_goes_on_after_rasa_is_killed(stack, rasa):
    url, crash_and_restart = rasa
    token = stack.token(CUSTOMER)
    widget = Widget(url, token)
    widget.say("stop")  # a form left open by an earlier test of this conversation must not interfere
    replies = [widget.say(line) for line in BEFORE_THE_CRASH]
    assert not any("Wanneer" in text or "Waar" in text for text in replies[-1]), replies  # date and place taken
    asked_last = replies[-1][-1]

    url = crash_and_restart()

    widget = Widget(url, token)
    shown = [(message["sender"], message.get("text")) for message in widget.history]
    assert [text for sender, text in shown if sender == "customer"][-3:] == BEFORE_THE_CRASH
    assert ("bot", asked_last) in shown
    replies = [widget.say(line) for line in AFTER_THE_CRASH]
    assert not any("Wanneer" in text for reply in replies for text in reply)  # nothing asked again
    done = " ".join(replies[-1])
    reference = re.search(r"SCH-\d{4}-\d+", done)
    assert reference, replies
    files = httpx.get(
        f"{stack.api_url}/me/damage-files", headers={"Authorization": f"Bearer {token}"}, timeout=10
    ).json()
    (filed,) = [file for file in files if file["reference"] == reference.group(0)]
    assert "Veldstraat 12" in filed["location"] and "Gent" in filed["location"]
    assert filed["description"] == "Een auto reed achteruit tegen mijn bumper."
    assert filed["damage_kind"] == "collision" and filed["other_party_involved"] is True
