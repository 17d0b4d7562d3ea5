from sqlalchemy import Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base


class ConversationEvent(Base):
    """A Rasa event taken off the event broker's queue (ANALYTICS_AMQP_URL).

    The columns are those of Rasa's own tracker-store table (api.retention.RASA_EVENTS), so the
    analytics read either with the same query."""

    __tablename__ = "conversation_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    type_name: Mapped[str] = mapped_column(String(255))
    timestamp: Mapped[float | None] = mapped_column(Float, index=True)
    intent_name: Mapped[str | None] = mapped_column(String(255))
    action_name: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[str] = mapped_column(Text)
