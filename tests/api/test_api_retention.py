"""Retention: conversation data past the configured age goes, business records stay (api/retention.py)."""

import io
import json
import logging
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from analytics_helpers import rasa_events_table
from api_helpers import SERVICE, customer_headers, freeze
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select

from api.__main__ import main
from api.clock import Clock
from api.config import get_settings
from api.db import get_sessionmaker
from api.models import (
    CallbackRequest,
    ChatConversation,
    ConversationEvent,
    CsatRating,
    DamageFile,
    DamagePhoto,
    Handoff,
    IdempotencyRecord,
    KnowledgeLink,
    KnowledgeQuestion,
    MileageReading,
    ServiceRequest,
)
from api.retention import purge

FILED_AT = datetime.fromisoformat("2026-06-02T10:00:00+02:00")  # a Tuesday, inside chat hours
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CONVERSATION_DATA = (
    Handoff,
    CallbackRequest,
    CsatRating,
    ChatConversation,
    IdempotencyRecord,
    ConversationEvent,
    KnowledgeQuestion,
)
# Kept too: the agents' knowledge links and marks are curated knowledge without customer data.
BUSINESS_RECORDS = (ServiceRequest, DamageFile, DamagePhoto, MileageReading, KnowledgeLink)


def _counts() -> dict[str, int]:
    with get_sessionmaker()() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in CONVERSATION_DATA + BUSINESS_RECORDS
        }


def _a_day_of_everything(client: TestClient) -> None:
    """On FILED_AT: a closed and an open handoff, a callback, a widget conversation with a rating,
    an IBAN change (with Idempotency-Key), a damage file with a photo, a Rasa event from the broker, a
    searched question with its vote, and an agent's link and out-of-scope mark."""
    freeze(client, FILED_AT)
    jan = customer_headers("C1001")
    token = client.post("/agent/login", json={"username": "agent", "password": "agent"}).json()["access_token"]
    agent = {"Authorization": f"Bearer {token}"}
    ended = client.post(
        "/handoffs",
        headers=SERVICE,
        json={
            "conversation_id": "rest-old",
            "customer_number": "C1001",
            "channel": "rest",
            "reason": "iban",
            "transcript": [{"sender": "customer", "text": "BE71 0961 2345 6769", "timestamp": "2026-06-02T08:00:00Z"}],
        },
    )
    still_open = client.post(
        "/handoffs", headers=SERVICE, json={"conversation_id": "rest-open", "channel": "rest", "reason": "x"}
    )
    closed = client.post(f"/agent/handoffs/{ended.json()['id']}/close", headers=agent, json={"note": "klaar"})
    callback = client.post(
        "/callbacks",
        headers=SERVICE,
        json={
            "conversation_id": "rest-old",
            "name": "Jan",
            "phone": "0470 12 34 56",
            "preferred_time": "ma",
            "topic": "x",
        },
    )
    conversation = client.post("/me/conversations", headers=jan, json={"conversation_id": "web-C1001"})
    rating = client.post(
        "/me/ratings", headers=jan, json={"conversation_id": "web-C1001", "score": 4, "comment": "top"}
    )
    request = client.post(
        "/me/requests",
        headers=jan | {"Idempotency-Key": "iban-1"},
        json={
            "type": "iban_change",
            "contract_number": "PL-100001",
            "payload": {"iban": "BE71096123456769", "account_holder": "Jan Peeters"},
        },
    )
    damage = client.post(
        "/me/damage-files",
        headers=jan,
        json={
            "contract_number": "PL-100001",
            "license_plate": "1-ABC-123",
            "occurred_on": "2026-05-30",
            "location": "Gent",
            "description": "Kras",
            "damage_kind": "vandalism",
            "other_party_involved": False,
        },
    )
    photo = client.post(
        f"/me/damage-files/{damage.json()['id']}/photos",
        headers=jan,
        files={"file": ("kras.png", io.BytesIO(PNG), "image/png")},
    )
    question = client.post(
        "/knowledge/questions",
        headers=SERVICE,
        json={"conversation_id": "web-C1001", "customer_number": "C1001", "question": "Mag ik naar Spanje?",
              "decision": "answer"},
    )  # fmt: skip
    vote = client.post(f"/me/knowledge/questions/{question.json()['id']}/vote", headers=jan, json={"vote": "down"})
    link = client.post(
        "/agent/knowledge-gaps/link",
        headers=agent,
        json={"question": "Mag ik naar Spanje?", "section": "private-lease-voorwaarden:7.3"},
    )
    mark = client.post("/agent/knowledge-gaps/out-of-scope", headers=agent, json={"question": "Wat is het weer?"})
    responses = (ended, still_open, closed, callback, conversation, rating, request, damage, photo, question, vote)
    statuses = [r.status_code for r in (*responses, link, mark)]
    assert statuses == [201, 201, 200, 201, 200, 201, 201, 201, 201, 201, 200, 201, 201]
    with get_sessionmaker()() as session:
        event = {"event": "user", "timestamp": FILED_AT.timestamp(), "text": "mijn IBAN is BE71 0961 2345 6769"}
        session.add(
            ConversationEvent(
                sender_id="web-C1001", type_name="user", timestamp=FILED_AT.timestamp(), data=json.dumps(event)
            )
        )
        session.commit()


def test_conversation_data_goes_after_the_retention_and_business_records_stay(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    _a_day_of_everything(client)
    before = _counts()
    caplog.set_level(logging.INFO, logger="api.retention")
    with get_sessionmaker()() as session:
        # 89 days later: only the stored idempotent responses (kept one day) have gone.
        early = purge(session, FILED_AT + timedelta(days=89), days=90)
        assert early == {
            "handoffs": 0,
            "callback_requests": 0,
            "csat_ratings": 0,
            "chat_conversations": 0,
            "idempotency_records": 1,
            "conversation_events": 0,
            "knowledge_questions": 0,
        }
        late = purge(session, FILED_AT + timedelta(days=91), days=90)
        assert late == {
            "handoffs": 1,  # the closed one; the open handoff stays whatever its age
            "callback_requests": 1,
            "csat_ratings": 1,
            "chat_conversations": 1,
            "idempotency_records": 0,
            "conversation_events": 1,
            "knowledge_questions": 1,
        }
        again = purge(session, FILED_AT + timedelta(days=91), days=90)
        assert set(again.values()) == {0}
    after = _counts()
    assert after["handoffs"] == before["handoffs"] - 1
    for model in BUSINESS_RECORDS:
        assert after[model.__tablename__] == before[model.__tablename__] > 0, model.__tablename__
    assert list(Path(get_settings().upload_dir).rglob("*.png")), "the damage photo stays on disk"
    # The business records are still served to the customer.
    jan = customer_headers("C1001")
    assert any(r["type"] == "iban_change" for r in client.get("/me/requests", headers=jan).json())
    assert client.get("/me/damage-files", headers=jan).json()[0]["photos"]
    # Logged as counts only.
    lines = [r.getMessage() for r in caplog.records if r.name == "api.retention"]
    assert len(lines) == 3
    for line in lines:
        assert re.fullmatch(r"Retention \(90 days, before \d{4}-\d\d-\d\d\): deleted( \w+=\d+,?)+", line), line


def test_retention_command(client: TestClient, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    _a_day_of_everything(client)
    later = Clock()
    later.freeze(FILED_AT + timedelta(days=91))
    monkeypatch.setattr("api.__main__.Clock", lambda: later)
    assert main(["retention", "--days", "30"]) == 0
    assert "Deleted 7 rows of conversation data older than 30 days." in capsys.readouterr().out
    assert main(["retention"]) == 0
    assert "Deleted 0 rows of conversation data older than 90 days." in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["retention", "--days", "0"])


def test_retention_refuses_zero_days(client: TestClient) -> None:
    with get_sessionmaker()() as session, pytest.raises(ValueError):
        purge(session, FILED_AT, days=0)


def test_the_command_also_deletes_idle_conversations_of_rasas_sql_tracker_store(
    client: TestClient, database_url: str, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Rasa 3.6's table (rasa/core/tracker_store.py, SQLEvent), here in the test database.
    events = rasa_events_table()
    engine = create_engine(database_url)
    events.create(engine)
    try:
        old, recent = FILED_AT.timestamp(), (FILED_AT + timedelta(days=80)).timestamp()
        rows = [("idle", old), ("idle", old + 60), ("ongoing", old), ("ongoing", recent)]
        with engine.begin() as connection:
            connection.execute(
                events.insert(), [{"sender_id": s, "type_name": "user", "timestamp": t, "data": "{}"} for s, t in rows]
            )
        later = Clock()
        later.freeze(FILED_AT + timedelta(days=91))
        monkeypatch.setattr("api.__main__.Clock", lambda: later)
        monkeypatch.setenv("RASA_TRACKER_STORE_URL", database_url)
        get_settings.cache_clear()

        assert main(["retention"]) == 0
        assert "Deleted 2 events of conversations in Rasa's tracker store" in capsys.readouterr().out
        with engine.connect() as connection:
            kept = connection.execute(select(events.c.sender_id, events.c.timestamp)).all()
        # A conversation still in use keeps all of its events, its first ones included.
        assert sorted(kept) == [("ongoing", old), ("ongoing", recent)]
    finally:
        events.drop(engine)
        engine.dispose()
        monkeypatch.delenv("RASA_TRACKER_STORE_URL")
        get_settings.cache_clear()
