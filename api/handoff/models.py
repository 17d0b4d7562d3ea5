from datetime import datetime
from typing import Any, Literal

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.customers.models import Customer
from api.db import Base, UTCDateTime

HandoffStatus = Literal["queued", "assigned", "closed", "released"]
OPEN_STATUSES = ("queued", "assigned")


class Handoff(Base):
    """A conversation the bot hands to a human agent."""

    __tablename__ = "handoffs"
    __table_args__ = (
        # At most one open handoff per conversation, also under concurrent POSTs.
        Index(
            "uq_handoffs_open_conversation",
            "conversation_id",
            unique=True,
            sqlite_where=text("status IN ('queued', 'assigned')"),
            postgresql_where=text("status IN ('queued', 'assigned')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(100), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    channel: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(300))
    transcript: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    slots: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[HandoffStatus] = mapped_column(String(20))
    agent_username: Mapped[str | None] = mapped_column(String(60))
    close_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    customer: Mapped[Customer | None] = relationship()


class CallbackRequest(Base):
    """A request to be called back, taken when the chat is closed."""

    __tablename__ = "callback_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(30), unique=True)
    conversation_id: Mapped[str] = mapped_column(String(100), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40))
    preferred_time: Mapped[str] = mapped_column(String(100))
    topic: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    customer: Mapped[Customer | None] = relationship()
