"""Imports every ORM model so the metadata is complete (alembic, seeding)."""

from api.agents.models import Agent
from api.analytics.models import ConversationEvent
from api.conversations.models import ChatConversation, CsatRating
from api.customers.models import Contract, Customer
from api.damage.models import DamageFile, DamagePhoto
from api.db import Base
from api.handoff.models import CallbackRequest, Handoff
from api.idempotency.models import IdempotencyRecord
from api.knowledge_gaps.models import KnowledgeLink, KnowledgeQuestion
from api.mileage.models import MileageReading
from api.requests.models import ServiceRequest

__all__ = [
    "Agent",
    "Base",
    "CallbackRequest",
    "ChatConversation",
    "Contract",
    "ConversationEvent",
    "CsatRating",
    "Customer",
    "DamageFile",
    "DamagePhoto",
    "Handoff",
    "IdempotencyRecord",
    "KnowledgeLink",
    "KnowledgeQuestion",
    "MileageReading",
    "ServiceRequest",
]
