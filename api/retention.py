"""Retention of conversation data: `python -m api retention [--days N]` (default RETENTION_DAYS, 90).

Conversation data is what the chat itself produced, and it goes after N days:
- handoffs that ended (closed or released): transcript, collected slots, close note; by `closed_at`.
  Open handoffs (queued, assigned) are never touched.
- callback requests: name, phone and topic taken in the chat; by `created_at`.
- CSAT ratings (score and free-text comment) and the widget's conversation days; by when they were given.
- Rasa's events the API took off the event broker for the analytics (`conversation_events`); by their timestamp.
- the questions the bot searched the documents for, with the customers' votes (`knowledge_questions`): what
  customers typed; by `created_at`. The agents' links and out-of-scope marks (`knowledge_links`) stay: curated
  knowledge without customer data.
- stored first responses of idempotent POSTs after one day whatever N is: they repeat what was filed
  (an IBAN change, say), and a client retries within minutes, not days.
Kept: customers, contracts, requests ("Mijn verzoeken"), mileage readings, damage files and their photos:
business records with their own (contractual, legal) retention, not the chat's.

Rasa's conversations themselves: Rasa's SQL tracker store (bot/endpoints.yml), whose database
`RASA_TRACKER_STORE_URL` names (SQLite in var/ by default, PostgreSQL in production): every conversation
whose last event is older than N days is deleted whole (a conversation cut in the middle would replay
wrongly).

Idempotent (a second run deletes nothing more) and logged as counts only.
"""

import logging
from datetime import datetime, timedelta

from sqlalchemy import (
    Column,
    ColumnElement,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    func,
    inspect,
    select,
)
from sqlalchemy.orm import Session

from api.analytics.models import ConversationEvent
from api.conversations.models import ChatConversation, CsatRating
from api.handoff.models import CallbackRequest, Handoff
from api.idempotency.models import IdempotencyRecord
from api.knowledge_gaps.models import KnowledgeQuestion

logger = logging.getLogger(__name__)

IDEMPOTENCY_KEEP = timedelta(days=1)

# Rasa 3.6's SQL tracker store table (rasa/core/tracker_store.py, SQLEvent): retention deletes from it,
# the conversation analytics (api/analytics) read it.
RASA_EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


def purge(session: Session, now: datetime, days: int) -> dict[str, int]:
    """Delete conversation data older than `days` before `now`; the number of rows deleted per table."""
    if days < 1:
        raise ValueError("retention needs at least one day")
    cutoff = now - timedelta(days=days)
    conditions: dict[str, tuple[type, ColumnElement[bool]]] = {
        "handoffs": (Handoff, Handoff.status.in_(("closed", "released")) & (Handoff.closed_at < cutoff)),
        "callback_requests": (CallbackRequest, CallbackRequest.created_at < cutoff),
        "csat_ratings": (CsatRating, CsatRating.created_at < cutoff),
        "chat_conversations": (ChatConversation, ChatConversation.started_at < cutoff),
        "idempotency_records": (IdempotencyRecord, IdempotencyRecord.created_at < now - IDEMPOTENCY_KEEP),
        "conversation_events": (ConversationEvent, ConversationEvent.timestamp < cutoff.timestamp()),
        "knowledge_questions": (KnowledgeQuestion, KnowledgeQuestion.created_at < cutoff),
    }
    counts = {
        table: session.execute(
            delete(model).where(condition), execution_options={"synchronize_session": False}
        ).rowcount  # type: ignore[attr-defined]
        for table, (model, condition) in conditions.items()
    }
    session.commit()
    logger.info(
        "Retention (%d days, before %s): deleted %s",
        days,
        cutoff.date().isoformat(),
        ", ".join(f"{table}={count}" for table, count in counts.items()),
    )
    return counts


def purge_tracker_store(url: str, now: datetime, days: int) -> int:
    """Delete every conversation in Rasa's SQL tracker store whose last event is older than `days`."""
    if days < 1:
        raise ValueError("retention needs at least one day")
    cutoff = (now - timedelta(days=days)).timestamp()
    stale = (
        select(RASA_EVENTS.c.sender_id)
        .group_by(RASA_EVENTS.c.sender_id)
        .having(func.max(RASA_EVENTS.c.timestamp) < cutoff)
        .scalar_subquery()
    )
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            if not inspect(connection).has_table(RASA_EVENTS.name):  # Rasa has not started yet: nothing kept
                return 0
            deleted = connection.execute(delete(RASA_EVENTS).where(RASA_EVENTS.c.sender_id.in_(stale))).rowcount
    finally:
        engine.dispose()
    logger.info("Retention (%d days): deleted %d events of Rasa's tracker store", days, deleted)
    return deleted
