"""The bot records what it searched, the customer votes on an answer, agents close the gaps ("Kennishiaten")."""

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from api.deps import (
    ClockDep,
    CurrentAgent,
    CurrentCustomer,
    Idempotent,
    PeriodFrom,
    PeriodTo,
    ServiceCaller,
    SessionDep,
)
from api.errors import PROBLEM_RESPONSES
from api.knowledge_gaps import service
from api.knowledge_gaps.schemas import (
    GapStatus,
    KnowledgeGapsOut,
    LinkIn,
    LinkOut,
    OutOfScopeIn,
    QuestionRecord,
    QuestionRecorded,
    VoteIn,
    VoteOut,
)

bot_router = APIRouter(tags=["bot"], responses=PROBLEM_RESPONSES)


@bot_router.post("/knowledge/questions", status_code=201, response_model=QuestionRecorded)
def record_question(
    body: QuestionRecord, caller: ServiceCaller, session: SessionDep, clock: ClockDep, idempotent: Idempotent
) -> JSONResponse:
    """A question the bot searched the documents for, with its decision (for the gaps and the vote)."""
    return idempotent.run(caller, body, lambda: service.record_question(session, clock, body))


me_router = APIRouter(prefix="/me/knowledge", tags=["klant"], responses=PROBLEM_RESPONSES)
QuestionId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@me_router.post("/questions/{question_id}/vote", response_model=VoteOut)
def vote(
    question_id: QuestionId, body: VoteIn, customer: CurrentCustomer, session: SessionDep, clock: ClockDep
) -> VoteOut:
    """👍 (up) or 👎 (down) on the answer to one of the customer's own questions; a second vote replaces the first."""
    return service.vote(session, clock, customer, question_id, body)


agent_router = APIRouter(prefix="/agent/knowledge-gaps", tags=["medewerker"], responses=PROBLEM_RESPONSES)


@agent_router.get("", response_model=KnowledgeGapsOut)
def knowledge_gaps(
    _agent: CurrentAgent,
    session: SessionDep,
    clock: ClockDep,
    first: PeriodFrom = None,
    last: PeriodTo = None,
    status: Annotated[GapStatus | None, Query(description="open, linked of out_of_scope; standaard alle")] = None,
) -> KnowledgeGapsOut:
    """Questions that were declined, clarified or voted down, grouped by their normalised text, the most asked
    first, with the agents' decision on each."""
    return service.gaps(session, clock, first, last, status)


@agent_router.post("/link", status_code=201, response_model=LinkOut, responses={200: {"model": LinkOut}})
def link(body: LinkIn, agent: CurrentAgent, session: SessionDep, clock: ClockDep) -> JSONResponse:
    """The question becomes a variant of the section: the search uses it at once (no rebuild)."""
    status, out = service.link(session, clock, agent.username, body)
    return JSONResponse(out.model_dump(mode="json"), status_code=status)


@agent_router.post("/out-of-scope", status_code=201, response_model=LinkOut, responses={200: {"model": LinkOut}})
def out_of_scope(body: OutOfScopeIn, agent: CurrentAgent, session: SessionDep, clock: ClockDep) -> JSONResponse:
    """The documents do not answer it: questions this close are declined from now on."""
    status, out = service.mark_out_of_scope(session, clock, agent.username, body)
    return JSONResponse(out.model_dump(mode="json"), status_code=status)
