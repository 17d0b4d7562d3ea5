"""Rasa events as Rasa 3.6 serialises them (`event.as_dict()`), for the analytics tests."""

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Engine, Float, Integer, MetaData, String, Table, Text

from api.worktime import BRUSSELS

Event = dict[str, Any]
# A Monday morning in Brussels; the tests' periods are around it.
MORNING = datetime(2026, 11, 23, 10, 0, tzinfo=BRUSSELS)


def user(text: str = "…", intent: str = "inform") -> Event:
    return {
        "event": "user",
        "text": text,
        "parse_data": {"intent": {"name": intent, "confidence": 0.98}, "entities": []},
        "input_channel": "socketio",
        "metadata": {},
    }


def bot(text: str) -> Event:
    return {"event": "bot", "text": text, "data": {}, "metadata": {}}


def action(name: str) -> Event:
    return {"event": "action", "name": name, "policy": "RulePolicy", "confidence": 1.0}


def form(name: str | None) -> Event:
    return {"event": "active_loop", "name": name}


def slot(name: str, value: Any) -> Event:
    return {"event": "slot", "name": name, "value": value}


def ask(slot_name: str | None) -> Event:
    """The form asks its next question (None: it has none left)."""
    return slot("requested_slot", slot_name)


def conversation(sender_id: str, *events: Event, start: datetime = MORNING) -> list[tuple[str, Event]]:
    """The events one second apart from `start`, as (sender_id, event)."""
    return [(sender_id, {**event, "timestamp": start.timestamp() + i}) for i, event in enumerate(events)]


def damage_completed(sender_id: str, start: datetime = MORNING) -> list[tuple[str, Event]]:
    """A damage report from the first question to the filed file, with the noise Rasa writes around it."""
    return conversation(
        sender_id,
        action("action_session_start"),
        {"event": "session_started"},
        action("action_listen"),
        user("ik heb schade", "report_damage"),
        action("damage_form"),
        form("damage_form"),
        ask("damage_date"),
        bot("Wanneer gebeurde het?"),
        action("action_listen"),
        user("gisteren"),
        action("damage_form"),
        slot("damage_date", "2026-11-22"),
        ask("damage_location"),
        action("action_listen"),
        user("in Gent"),
        action("damage_form"),
        slot("damage_location", "Gent"),
        ask(None),
        form(None),
        action("action_submit_damage"),
        slot("outcome", "damage_form:completed"),
        bot("Uw schadedossier is aangemaakt."),
        start=start,
    )


def rasa_events_table() -> Table:
    """Rasa 3.6's tracker-store table as Rasa creates it (rasa/core/tracker_store.py, SQLEvent)."""
    return Table(
        "events",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("sender_id", String(255), nullable=False, index=True),
        Column("type_name", String(255), nullable=False),
        Column("timestamp", Float),
        Column("intent_name", String(255)),
        Column("action_name", String(255)),
        Column("data", Text),
    )


def store_as_rasa(engine: Engine, table: Table, events: list[tuple[str, Event]]) -> None:
    """Rows exactly as Rasa's SQLTrackerStore writes them."""
    rows = [
        {
            "sender_id": sender_id,
            "type_name": event["event"],
            "timestamp": event.get("timestamp"),
            "intent_name": event.get("parse_data", {}).get("intent", {}).get("name"),
            "action_name": event.get("name"),
            "data": json.dumps(event),
        }
        for sender_id, event in events
    ]
    with engine.begin() as connection:
        connection.execute(table.insert(), rows)
