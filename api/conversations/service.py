"""Conversation days, CSAT ratings and the statistics the console shows."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.clock import Clock
from api.conversations.models import ChatConversation, CsatRating
from api.conversations.schemas import (
    ConversationOut,
    ConversationStart,
    CsatStats,
    DayStats,
    RatingIn,
    RatingOut,
    StatsOut,
)
from api.customers.models import Customer
from api.errors import NotFoundError
from api.handoff.models import Handoff
from api.worktime import BRUSSELS, local


def _conversation_out(row: ChatConversation) -> ConversationOut:
    return ConversationOut(
        conversation_id=row.conversation_id, channel=row.channel, day=row.day, started_at=row.started_at
    )


def _ensure_not_anothers(session: Session, customer: Customer, conversation_id: str) -> None:
    """A conversation another customer reported or was handed over in is not found (as their ids)."""
    others = [
        select(ChatConversation.id).where(
            ChatConversation.conversation_id == conversation_id, ChatConversation.customer_id != customer.id
        ),
        select(Handoff.id).where(Handoff.conversation_id == conversation_id, Handoff.customer_id != customer.id),
    ]
    if any(session.scalar(query.limit(1)) is not None for query in others):
        raise NotFoundError("Dit gesprek hebben we niet gevonden.")


def record_conversation(session: Session, clock: Clock, customer: Customer, body: ConversationStart) -> ConversationOut:
    """Count the conversation once per (Brussels) day, however often the widget reports it."""
    _ensure_not_anothers(session, customer, body.conversation_id)
    now = clock.now()
    day = local(now).date()
    query = select(ChatConversation).where(
        ChatConversation.conversation_id == body.conversation_id, ChatConversation.day == day
    )
    existing = session.scalar(query)
    if existing is not None:
        return _conversation_out(existing)
    row = ChatConversation(
        conversation_id=body.conversation_id, customer_id=customer.id, channel=body.channel, day=day, started_at=now
    )
    session.add(row)
    try:
        session.commit()
    except IntegrityError:  # the second tab reported it at the same moment
        session.rollback()
        return _conversation_out(session.scalars(query).one())
    return _conversation_out(row)


def add_rating(session: Session, clock: Clock, customer: Customer, body: RatingIn) -> RatingOut:
    _ensure_not_anothers(session, customer, body.conversation_id)
    row = CsatRating(
        conversation_id=body.conversation_id,
        customer_id=customer.id,
        score=body.score,
        comment=body.comment or None,
        created_at=clock.now(),
    )
    session.add(row)
    session.flush()
    return RatingOut(
        id=row.id, conversation_id=row.conversation_id, score=row.score, comment=row.comment, created_at=row.created_at
    )


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=BRUSSELS)


def stats(session: Session, clock: Clock, days: int) -> StatsOut:
    """Per Brussels day: conversations (widget days and handed-over conversations) and handoffs."""
    today = local(clock.now()).date()
    first = today - timedelta(days=days - 1)
    conversations: dict[date, set[str]] = defaultdict(set)
    handoffs: dict[date, set[str]] = defaultdict(set)
    for conversation_id, day in session.execute(
        select(ChatConversation.conversation_id, ChatConversation.day).where(ChatConversation.day >= first)
    ):
        conversations[day].add(conversation_id)
    for conversation_id, created_at in session.execute(
        select(Handoff.conversation_id, Handoff.created_at).where(Handoff.created_at >= _start_of(first))
    ):
        day = local(created_at).date()
        conversations[day].add(conversation_id)
        handoffs[day].add(conversation_id)
    per_day = [
        DayStats(day=day, conversations=len(conversations[day]), handoffs=len(handoffs[day]))
        for day in (first + timedelta(days=offset) for offset in range(days))
    ]
    total = sum(d.conversations for d in per_day)
    handed_over = sum(d.handoffs for d in per_day)
    scores = list(session.scalars(select(CsatRating.score).where(CsatRating.created_at >= _start_of(first))))
    return StatsOut(
        days=per_day,
        conversations=total,
        handoffs=handed_over,
        handoff_rate=round(handed_over / total, 3) if total else None,
        containment_rate=round(1 - handed_over / total, 3) if total else None,
        csat=CsatStats(
            count=len(scores),
            average=round(sum(scores) / len(scores), 2) if scores else None,
            satisfied_pct=round(sum(1 for s in scores if s >= 4) / len(scores), 3) if scores else None,
            distribution={score: scores.count(score) for score in range(1, 6)},
        ),
    )
