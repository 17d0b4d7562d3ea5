from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from api.analytics.schemas import Period
from api.customers.models import Product
from api.handoff.schemas import CustomerNumber
from api.schemas import Output, StrictInput

Decision = Literal["answer", "clarify", "decline"]
Vote = Literal["up", "down"]
GapStatus = Literal["open", "linked", "out_of_scope"]
QuestionText = Annotated[str, Field(min_length=1, max_length=500, description="de vraag zoals de klant ze stelde")]
SectionId = Annotated[
    str,
    Field(
        min_length=3,
        max_length=200,
        pattern=r"^[^:\s][^:]*:\S.*$",
        description="'<document>:<sectie>', zoals de hits van GET /knowledge/search ze samenstellen",
        examples=["private-lease-voorwaarden:7.3"],
    ),
]


class QuestionRecord(StrictInput):
    """What the bot searched for a customer (POST /knowledge/questions, service token)."""

    conversation_id: Annotated[str, Field(min_length=1, max_length=255)]
    customer_number: CustomerNumber | None = None
    question: QuestionText
    product: Product | None = None
    decision: Decision
    top_section: SectionId | None = None


class QuestionRecorded(Output):
    id: int


class VoteIn(StrictInput):
    vote: Vote


class VoteOut(Output):
    id: int
    vote: Vote
    voted_at: datetime


class KnowledgeGap(Output):
    question: str = Field(description="de meest recente formulering")
    normalised: str = Field(description="de genormaliseerde vraag waarop gegroepeerd wordt")
    asked: int = Field(description="hoe vaak gesteld in de periode (ook de keren dat er een antwoord kwam)")
    declined: int = Field(description="hoe vaak de bot geen antwoord had")
    clarified: int = Field(description="hoe vaak de bot vroeg 'Bedoelt u…?'")
    voted_down: int = Field(description="hoe vaak de klant het antwoord 👎 gaf")
    last_asked: datetime
    top_section: str | None = Field(description="de sectie die de bot de laatste keer bovenaan vond")
    status: GapStatus
    section: str | None = Field(description="gekoppelde sectie (status linked), de meest recente")
    decided_by: str | None = Field(description="de medewerker die koppelde of markeerde")
    decided_at: datetime | None


class KnowledgeGapsOut(Output):
    period: Period
    gaps: list[KnowledgeGap] = Field(description="de vaakst gestelde eerst")


class LinkIn(StrictInput):
    question: QuestionText
    section: SectionId


class OutOfScopeIn(StrictInput):
    question: QuestionText


class LinkOut(Output):
    id: int
    question: str
    normalised: str
    status: Literal["linked", "out_of_scope"]
    section: str | None
    agent_username: str
    created_at: datetime
