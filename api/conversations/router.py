"""Customers report their widget conversations and rate them; agents see the statistics."""

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from api.conversations import service
from api.conversations.schemas import ConversationOut, ConversationStart, RatingIn, RatingOut, StatsOut
from api.deps import ClockDep, CurrentAgent, CurrentCustomer, Idempotent, SessionDep
from api.errors import PROBLEM_RESPONSES

me_router = APIRouter(prefix="/me", tags=["klant"], responses=PROBLEM_RESPONSES)


@me_router.post("/conversations", response_model=ConversationOut)
def record_conversation(
    body: ConversationStart, customer: CurrentCustomer, session: SessionDep, clock: ClockDep
) -> ConversationOut:
    """The widget reports the customer's first message of a page visit; counted once per day."""
    return service.record_conversation(session, clock, customer, body)


@me_router.post("/ratings", status_code=201, response_model=RatingOut)
def rate(
    body: RatingIn, customer: CurrentCustomer, session: SessionDep, clock: ClockDep, idempotent: Idempotent
) -> JSONResponse:
    """CSAT: 1 (zeer ontevreden) to 5 (zeer tevreden), asked when a conversation ends."""
    return idempotent.run(
        f"customer:{customer.customer_number}", body, lambda: (201, service.add_rating(session, clock, customer, body))
    )


agent_router = APIRouter(prefix="/agent", tags=["medewerker"], responses=PROBLEM_RESPONSES)


@agent_router.get("/stats", response_model=StatsOut)
def stats(
    _agent: CurrentAgent, session: SessionDep, clock: ClockDep, days: Annotated[int, Query(ge=1, le=90)] = 14
) -> StatsOut:
    """Conversations and handoffs per day, handoff rate, containment and CSAT over the last `days` days."""
    return service.stats(session, clock, days)
