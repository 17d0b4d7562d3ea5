from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from api.agents import service
from api.agents.schemas import (
    AgentHandoffDetail,
    AgentHandoffSummary,
    AgentLogin,
    AgentMessage,
    AgentToken,
    CloseHandoff,
)
from api.deps import (
    ClockDep,
    CurrentAgent,
    Idempotent,
    RasaDep,
    RecordId,
    SessionDep,
    SettingsDep,
    VerifyLimiterDep,
)
from api.errors import PROBLEM_RESPONSES
from api.handoff.schemas import CallbackOut

router = APIRouter(prefix="/agent", tags=["medewerker"], responses=PROBLEM_RESPONSES)


@router.post("/login", response_model=AgentToken)
def login(body: AgentLogin, session: SessionDep, settings: SettingsDep, limiter: VerifyLimiterDep) -> AgentToken:
    return service.login(session, settings, limiter, body)


@router.get("/handoffs", response_model=list[AgentHandoffSummary])
def list_handoffs(
    _agent: CurrentAgent,
    session: SessionDep,
    clock: ClockDep,
    status: Annotated[Literal["queued", "assigned", "closed", "released"] | None, Query()] = None,
) -> list[AgentHandoffSummary]:
    return service.list_handoffs(session, clock, status)


@router.get("/handoffs/{handoff_id}", response_model=AgentHandoffDetail)
def get_handoff(handoff_id: RecordId, _agent: CurrentAgent, session: SessionDep, clock: ClockDep) -> AgentHandoffDetail:
    """Transcript (IBANs masked but for the last 4), customer and contract summary, collected slots."""
    return service.handoff_detail(session, clock, handoff_id)


@router.post("/handoffs/{handoff_id}/assign", response_model=AgentHandoffDetail)
def assign(
    handoff_id: RecordId, agent: CurrentAgent, session: SessionDep, clock: ClockDep, rasa: RasaDep
) -> AgentHandoffDetail:
    """Take the handoff; the customer sees that a person joined."""
    out, taken = service.assign(session, clock, agent, handoff_id)
    session.commit()
    if taken:
        text = f"{agent.name} (medewerker) heeft het gesprek overgenomen. U praat nu met een mens."
        out.delivered_to_customer = service.tell_customer(rasa, out, "agent_joined", agent, text)
    return out


@router.post("/handoffs/{handoff_id}/messages", status_code=201, response_model=AgentHandoffDetail)
def add_message(
    handoff_id: RecordId,
    body: AgentMessage,
    agent: CurrentAgent,
    session: SessionDep,
    clock: ClockDep,
    idempotent: Idempotent,
    rasa: RasaDep,
) -> JSONResponse:
    """Store the message in the handoff and deliver it live into the customer's conversation."""
    response = idempotent.run(
        f"agent:{agent.username}", body, lambda: (201, service.add_message(session, clock, agent, handoff_id, body))
    )
    if response.status_code != 201 or response.headers.get("Idempotent-Replayed"):
        return response
    out = AgentHandoffDetail.model_validate_json(bytes(response.body))
    out.delivered_to_customer = service.tell_customer(rasa, out, "agent_message", agent, body.text)
    return JSONResponse(out.model_dump(mode="json"), status_code=201)


@router.post("/handoffs/{handoff_id}/release", response_model=AgentHandoffDetail)
def release(
    handoff_id: RecordId, agent: CurrentAgent, session: SessionDep, clock: ClockDep, rasa: RasaDep
) -> AgentHandoffDetail:
    """Hand the conversation back to the bot, which answers the customer's next message again."""
    out = service.release(session, clock, agent, handoff_id)
    session.commit()
    text = f"{agent.name} heeft het gesprek teruggegeven. U praat weer met de virtuele assistent: stel gerust uw vraag."
    out.delivered_to_customer = service.tell_customer(rasa, out, "agent_left", agent, text)
    return out


@router.post("/handoffs/{handoff_id}/close", response_model=AgentHandoffDetail)
def close(
    handoff_id: RecordId, body: CloseHandoff, agent: CurrentAgent, session: SessionDep, clock: ClockDep, rasa: RasaDep
) -> AgentHandoffDetail:
    """Close with an internal note; the customer is told and asked for a rating."""
    out = service.close(session, clock, agent, handoff_id, body)
    session.commit()
    text = f"Het gesprek met {agent.name} is afgesloten. Bedankt voor uw geduld!"
    out.delivered_to_customer = service.tell_customer(rasa, out, "conversation_closed", agent, text)
    return out


@router.get("/callbacks", response_model=list[CallbackOut])
def list_callbacks(_agent: CurrentAgent, session: SessionDep) -> list[CallbackOut]:
    return service.list_callbacks(session)
