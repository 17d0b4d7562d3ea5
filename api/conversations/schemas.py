from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from api.handoff.schemas import ConversationId
from api.schemas import Output, StrictInput


class ConversationStart(StrictInput):
    conversation_id: ConversationId
    channel: Annotated[str, Field(min_length=1, max_length=40)] = "socketio"


class ConversationOut(Output):
    conversation_id: str
    channel: str
    day: date
    started_at: datetime


class RatingIn(StrictInput):
    conversation_id: ConversationId
    score: Annotated[int, Field(ge=1, le=5, description="1 = zeer ontevreden, 5 = zeer tevreden")]
    comment: Annotated[str, Field(max_length=2000)] = ""


class RatingOut(Output):
    id: int
    conversation_id: str
    score: int
    comment: str | None
    created_at: datetime


class DayStats(Output):
    day: date
    conversations: int
    handoffs: int


class CsatStats(Output):
    count: int
    average: float | None
    satisfied_pct: float | None = Field(description="aandeel scores 4 en 5")
    distribution: dict[int, int]


class StatsOut(Output):
    days: list[DayStats]
    conversations: int
    handoffs: int
    handoff_rate: float | None
    containment_rate: float | None = Field(description="aandeel gesprekken zonder medewerker")
    csat: CsatStats
