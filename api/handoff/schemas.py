from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field

from api.handoff.models import HandoffStatus
from api.schemas import Output, StrictInput
from api.validation.types import Phone

# Whatever the channel uses as sender id (Rasa sender_id); stored and compared as is.
ConversationId = Annotated[str, Field(min_length=1, max_length=100)]
CustomerNumber = Annotated[str, Field(min_length=1, max_length=20, examples=["C1001"])]


class TranscriptLine(StrictInput):
    sender: Literal["customer", "bot", "agent"]
    text: Annotated[str, Field(max_length=5000)]
    timestamp: datetime


class HandoffCreate(StrictInput):
    conversation_id: ConversationId
    customer_number: CustomerNumber | None = None
    channel: Annotated[str, Field(min_length=1, max_length=40)]
    reason: Annotated[str, Field(min_length=1, max_length=300)]
    transcript: Annotated[list[TranscriptLine], Field(max_length=500)] = []
    slots: dict[str, Any] = {}


class CustomerMessage(StrictInput):
    text: Annotated[str, Field(min_length=1, max_length=5000)]


class HandoffOut(Output):
    id: int
    conversation_id: str
    customer_number: str | None
    channel: str
    reason: str
    status: HandoffStatus
    agent_username: str | None
    agent_name: str | None
    transcript: list[dict[str, Any]]
    created_at: datetime
    assigned_at: datetime | None
    closed_at: datetime | None


class CallbackCreate(StrictInput):
    conversation_id: ConversationId
    customer_number: CustomerNumber | None = None
    name: Annotated[str, Field(min_length=2, max_length=200)]
    phone: Phone
    preferred_time: Annotated[str, Field(min_length=1, max_length=100)]
    topic: Annotated[str, Field(min_length=1, max_length=300)]


class CallbackOut(Output):
    id: int
    reference: str
    conversation_id: str
    customer_number: str | None
    name: str
    phone: str
    preferred_time: str
    topic: str
    status: str
    created_at: datetime
