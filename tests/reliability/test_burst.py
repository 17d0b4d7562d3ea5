"""A burst of 20 messages to one conversation: 20 answers, one message at a time, no lock errors.

Rasa serialises a conversation's messages with a ticket lock whose tickets live TICKET_LOCK_LIFETIME
seconds; it must outlive the slowest message, which is bounded by the action server's API timeouts
(actions/settings.py), so a slow API can never let two messages of one conversation run at once.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from reliability_helpers import assert_each_message_answered_in_turn, lock_errors, say_all_at_once, tracker_events

# Two intents with different answers, alternated, so an answer given to the wrong message shows.
GREETINGS = ["hallo", "hoi", "goeiedag", "goedemorgen", "goedemiddag", "goedenavond", "hallo daar", "hey"]
GREETINGS += ["goedendag", "hallo assistent"]
THANKS = ["bedankt", "dank u", "dank je wel", "dank u wel", "merci", "thanks", "heel erg bedankt", "dankjewel"]
THANKS += ["dankuwel", "bedankt voor de hulp"]
BURST = [line for pair in zip(GREETINGS, THANKS, strict=True) for line in pair]
# The most API calls one message makes in sequence: the form validation (mileage: validate, /me,
# post the reading) and then the submission (/me, post).
MAX_SEQUENTIAL_CALLS_PER_MESSAGE = 5


def test_the_lock_outlives_the_slowest_message(stack):
    env = stack.stack.env
    attempts = 2  # actions/api_client.py: one retry
    connect, read = float(env.get("API_CONNECT_TIMEOUT_SECONDS", 2)), float(env.get("API_TIMEOUT_SECONDS", 8))
    slowest_message = MAX_SEQUENTIAL_CALLS_PER_MESSAGE * attempts * (connect + read)
    assert int(env["TICKET_LOCK_LIFETIME"]) > slowest_message


def test_twenty_messages_at_once_get_twenty_answers_in_turn(stack):
    assert len(BURST) == len(set(BURST)) == 20
    token = stack.token("C1002")
    sender = f"rel-burst-{uuid.uuid4().hex[:10]}"
    log = Path(stack.stack.workdir) / "rasa.log"
    errors_before = len(lock_errors(log))

    replies = say_all_at_once([stack.rasa_url], sender, BURST, token)

    events = tracker_events(stack.rasa_url, stack.stack.env["RASA_AUTH_TOKEN"], sender, "C1002")
    assert_each_message_answered_in_turn(events, BURST, replies)
    answers = {reply[0].get("text") for reply in replies}
    assert len(answers) >= 2, answers  # both intents answered, so a mix-up would have shown
    assert lock_errors(log)[errors_before:] == []
