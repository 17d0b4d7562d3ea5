"""Two Rasa servers, one address: a shared SQL tracker store on PostgreSQL, a Redis lock store, socket.io
rooms and flood limits shared through Redis.

The conversation's turns alternate between the instances, then a burst is spread over both; nothing
may be lost or reordered. The reference is the same script on the stack's single Rasa (its own SQLite
tracker store, in-process lock): same replies, same events. An agent's message posted to either instance
reaches the widget connected to the other. The endpoints file is generated from bot/endpoints.yml (so
the action server settings stay the channel's) plus the lock store.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import uuid
from pathlib import Path

import httpx
import pytest
import yaml
from reliability_helpers import (
    REDIS,
    assert_each_message_answered_in_turn,
    lock_errors,
    postgres_database,
    redis_unavailable_reason,
    say,
    say_all_at_once,
    skip_or_fail,
    tracker_events,
)

from api.config import Settings
from api.conversations.rasa import RasaConversations, chat_message
from tests.security.socketio_polling import PollingSocket

ROOT = Path(__file__).resolve().parents[2]
REDIS_DB = 5  # away from the default 0 that a developer's own Rasa would use
# Rasa 3.6's own `redis` lock store hands out duplicate tickets when instances race (bot/lock_store.py).
LOCK_STORE = "bot.lock_store.SharedRedisLockStore"
SCRIPT = ["hallo", "ik wil mijn rekeningnummer wijzigen", "BE71096123456769", "Jan Peeters", "ja", "dank je wel"]
BURST = ["hoi", "bedankt", "goedemorgen", "dank u", "goedemiddag", "merci", "goedenavond", "thanks", "hey", "dankjewel"]
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
REFERENCE = re.compile(r"VRZ-\d{4}-\d+")


def shared_endpoints(key_prefix: str) -> str:
    """bot/endpoints.yml as it is (its ${VAR}s expanded by Rasa) plus the shared lock store."""
    own = (ROOT / "bot/endpoints.yml").read_text()
    assert "lock_store" not in (yaml.safe_load(own) or {}), "endpoints.yml already sets a lock store"
    lock_store = {"type": LOCK_STORE, "url": REDIS[0], "port": REDIS[1], "db": REDIS_DB, "key_prefix": key_prefix}
    return own.rstrip() + "\n\n" + yaml.safe_dump({"lock_store": lock_store}, sort_keys=False)


def shared_settings(database: str) -> dict[str, str]:
    """What every instance shares besides the lock: conversations, widget rooms and flood limits."""
    redis = f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}"
    return {
        "RASA_TRACKER_STORE_URL": f"postgresql://postgres@127.0.0.1:5432/{database}",
        "SOCKETIO_REDIS_URL": redis,
        "SOCKETIO_REDIS_CHANNEL": f"socketio-{uuid.uuid4().hex[:8]}",
        "CHANNEL_RATE_REDIS_URL": redis,
    }


@pytest.fixture(scope="module")
def instances(stack, tmp_path_factory) -> list[str]:
    reason = redis_unavailable_reason()
    if reason:
        skip_or_fail(reason)
    with postgres_database() as database:
        path = tmp_path_factory.mktemp("multi-instance") / "endpoints.yml"
        path.write_text(shared_endpoints(f"reliability{uuid.uuid4().hex[:8]}"))
        names = ["rasa-a", "rasa-b"]
        try:
            yield stack.stack.start_rasa_instances(names, path, shared_settings(database))
        finally:
            for name in names:
                stack.stack.stop_service(name)


def normalised(value, sender: str):
    text = yaml.safe_dump(value, sort_keys=True) if not isinstance(value, str) else value
    return REFERENCE.sub("VRZ-…", UUID.sub("<uuid>", text.replace(sender, "<sender>")))


def essentials(events: list[dict], sender: str) -> list[tuple]:
    """What a conversation is, from its session start, without the timestamps and ids that differ
    between runs. (Before `action_session_start` the SQL store also holds the session-start metadata
    slot that Rasa sets first; the in-memory store's tracker does not show it.)"""
    start = next(
        i for i, e in enumerate(events) if e.get("event") == "action" and e.get("name") == "action_session_start"
    )
    kept = []
    for event in events[start:]:
        kind = event.get("event")
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        kept.append(
            (
                kind,
                event.get("name"),
                normalised(event.get("text"), sender) if event.get("text") else None,
                intent if kind == "user" else None,
                normalised(event.get("value"), sender) if kind == "slot" else None,
            )
        )
    return kept


def run_script(urls: list[str], sender: str, token: str) -> list[list[tuple]]:
    replies = []
    for turn, line in enumerate(SCRIPT):
        messages = say(urls[turn % len(urls)], sender, line, token)
        replies.append([(m.get("text") and normalised(m["text"], sender), str(m.get("buttons"))) for m in messages])
    return replies


def test_turns_alternating_between_two_instances_lose_and_reorder_nothing(stack, instances):
    rasa_token = stack.stack.env["RASA_AUTH_TOKEN"]
    token = stack.token("C1003")
    single, shared = f"rel-single-{uuid.uuid4().hex[:8]}", f"rel-shared-{uuid.uuid4().hex[:8]}"

    expected_replies = run_script([stack.rasa_url], single, token)
    replies = run_script(instances, shared, token)

    assert replies == expected_replies
    assert "VRZ-…" in str(replies[-2])  # the request was filed across instances
    expected = essentials(tracker_events(stack.rasa_url, rasa_token, single, "C1003"), single)
    seen_by = [essentials(tracker_events(url, rasa_token, shared, "C1003"), shared) for url in instances]
    assert seen_by[0] == seen_by[1] == expected


@pytest.mark.parametrize("round_", range(3))
def test_a_burst_spread_over_both_instances_is_taken_one_message_at_a_time(stack, instances, round_):
    # Three rounds: with Rasa's own `redis` lock store one round in three already lost messages here.
    rasa_token = stack.stack.env["RASA_AUTH_TOKEN"]
    token = stack.token("C1003")
    sender = f"rel-multi-burst-{round_}-{uuid.uuid4().hex[:8]}"

    replies = say_all_at_once(instances, sender, BURST, token)

    events = [tracker_events(url, rasa_token, sender, "C1003") for url in instances]
    assert essentials(events[0], sender) == essentials(events[1], sender)
    assert_each_message_answered_in_turn(events[0], BURST, replies)
    for name in ("rasa-a", "rasa-b"):
        assert lock_errors(Path(stack.stack.workdir) / f"{name}.log") == []


def test_the_shared_lock_store_never_hands_out_a_ticket_twice():
    reason = redis_unavailable_reason()
    if reason:
        skip_or_fail(reason)
    prefix = f"reliability{uuid.uuid4().hex[:8]}"
    result = subprocess.run(
        [
            str(ROOT / ".venv/bot/bin/python"),
            str(Path(__file__).with_name("ticket_race.py")),
            LOCK_STORE,
            str(REDIS_DB),
            prefix,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    assert counts["issued"] == counts["distinct"] == 200, counts


def test_an_agents_message_reaches_the_widget_on_either_instance(stack, instances):
    """The API posts an agent's message to whichever instance the proxy picks; here always the other one."""
    widgets = {}
    for customer, url in (("C1001", instances[0]), ("C1002", instances[1])):
        widget = PollingSocket(url)
        assert widget.connect(stack.token(customer))
        widget.emit("session_request", {})
        assert widget.wait_for("session_confirm") == f"web-{customer}"
        widget.emit("user_uttered", {"message": "hallo", "session_id": f"web-{customer}"})
        widget.wait_for("bot_uttered")
        widgets[customer] = widget
    for customer, other in (("C1001", instances[1]), ("C1002", instances[0])):
        rasa = RasaConversations(Settings(rasa_url=other, rasa_auth_token=stack.stack.env["RASA_AUTH_TOKEN"]))
        message = chat_message("agent_message", f"Dag {customer}, u spreekt met Sofie.", "Sofie")
        assert rasa.append(f"web-{customer}", [message])
    for customer, widget in widgets.items():
        (received,) = widget.wait_for_count(
            "bot_uttered", lambda data: isinstance(data, dict) and data.get("sender") == "agent", 1
        )
        assert received["text"] == f"Dag {customer}, u spreekt met Sofie." and received["agent_name"] == "Sofie"


def test_the_flood_limit_counts_a_conversation_once_over_both_instances(stack, instances):
    """30 messages at once are allowed per conversation (CHANNEL_RATE_BURST); spread over two instances
    that each kept their own buckets, 60 would pass."""
    sender = uuid.uuid4().hex + uuid.uuid4().hex  # an anonymous REST conversation: >= 128 random bits
    lines = ["hoi"] * 40

    async def flood() -> list[int]:
        async with httpx.AsyncClient(timeout=300) as client:
            calls = [
                client.post(f"{instances[n % 2]}/webhooks/rest/webhook", json={"sender": sender, "message": line})
                for n, line in enumerate(lines)
            ]
            return [response.status_code for response in await asyncio.gather(*calls)]

    statuses = asyncio.run(flood())
    assert set(statuses) == {200, 429}
    assert 30 <= statuses.count(200) <= 32, statuses  # a token or two may come back while the burst arrives
