from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, UTCDateTime


class KnowledgeQuestion(Base):
    """A question the bot searched the documents for on a customer's behalf, with what it decided and the
    customer's vote on the answer. Conversation data: retention deletes it (api/retention.py)."""

    __tablename__ = "knowledge_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(255), index=True)
    # The customer of the conversation when the bot knows them: only they may vote.
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    question: Mapped[str] = mapped_column(String(500))
    # knowledge.learned.normalise_question: the questions are grouped by it, the links keyed by it.
    normalised: Mapped[str] = mapped_column(String(500), index=True)
    product: Mapped[str | None] = mapped_column(String(40))
    decision: Mapped[str] = mapped_column(String(10))  # answer | clarify | decline
    top_section: Mapped[str | None] = mapped_column(String(200))  # "<doc>:<section>" of the first hit
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    vote: Mapped[str | None] = mapped_column(String(4))  # up | down
    voted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class KnowledgeLink(Base):
    """An agent's decision on a question: linked to the section that answers it, or (section null) marked as
    not in the documents. Curated knowledge without customer data: kept by retention, replayed into every API
    process's searcher at start, and exported to knowledge/variants/ (`python -m knowledge export-variants`,
    which reads this table through knowledge.learned.KNOWLEDGE_LINKS)."""

    __tablename__ = "knowledge_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    normalised: Mapped[str] = mapped_column(String(500), index=True)
    question: Mapped[str] = mapped_column(String(500))
    section: Mapped[str | None] = mapped_column(String(200))
    agent_username: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
