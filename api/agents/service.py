"""The agent console: log in, pick up handoffs, talk, hand back or close, see callbacks."""

from datetime import UTC
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.agents.models import Agent
from api.agents.schemas import (
    AgentHandoffDetail,
    AgentHandoffSummary,
    AgentLogin,
    AgentMessage,
    AgentToken,
    CloseHandoff,
    ContractSummary,
    CustomerSummary,
)
from api.auth.limiter import Limiter
from api.auth.security import create_token, hash_password, verify_password
from api.clock import Clock
from api.config import Settings
from api.conversations.rasa import HANDOFF_ENDED_SLOTS, RasaConversations, chat_message
from api.errors import NotFoundError, ProblemError
from api.handoff.models import CallbackRequest, Handoff
from api.handoff.schemas import CallbackOut
from api.handoff.service import callback_out
from api.privacy import mask_personal_numbers, mask_value


def login(session: Session, settings: Settings, limiter: Limiter, body: AgentLogin) -> AgentToken:
    limiter_key = f"agent:{body.username.lower()}"
    limiter.check(limiter_key, detail="Te veel mislukte aanmeldpogingen. Probeer het over {minutes} minuten opnieuw.")
    agent = session.scalar(select(Agent).where(Agent.username == body.username, Agent.active.is_(True)))
    if agent is None or not verify_password(body.password, agent.password_hash):
        limiter.record(limiter_key)
        raise ProblemError(401, "Onjuiste gebruikersnaam of wachtwoord.", slug="invalid-credentials")
    limiter.reset(limiter_key)
    token = create_token(settings, agent.username, "agent", settings.agent_token_minutes)
    return AgentToken(
        access_token=token,
        expires_in=settings.agent_token_minutes * 60,
        username=agent.username,
        name=agent.name,
    )


def ensure_agent(session: Session, clock: Clock, username: str, password: str, name: str) -> Agent:
    """Create the agent when missing (seeding); an existing account is left as it is."""
    agent = session.scalar(select(Agent).where(Agent.username == username))
    if agent is None:
        agent = Agent(
            username=username,
            name=name,
            password_hash=hash_password(password),
            active=True,
            created_at=clock.now(),
        )
        session.add(agent)
    return agent


def _summary_fields(row: Handoff, clock: Clock) -> dict[str, Any]:
    end = row.assigned_at or row.closed_at or clock.now()
    customer = row.customer
    return {
        "id": row.id,
        "conversation_id": row.conversation_id,
        "status": row.status,
        "reason": mask_personal_numbers(row.reason),
        "channel": row.channel,
        "customer": CustomerSummary.model_validate(customer) if customer else None,
        "agent_username": row.agent_username,
        "created_at": row.created_at,
        "waiting_seconds": max(0, int((end - row.created_at).total_seconds())),
    }


def list_handoffs(session: Session, clock: Clock, status: str | None) -> list[AgentHandoffSummary]:
    query = select(Handoff).order_by(Handoff.created_at, Handoff.id)
    if status is not None:
        query = query.where(Handoff.status == status)
    return [AgentHandoffSummary(**_summary_fields(row, clock)) for row in session.scalars(query)]


def _get(session: Session, handoff_id: int) -> Handoff:
    row = session.get(Handoff, handoff_id)
    if row is None:
        raise NotFoundError("Deze overdracht bestaat niet.")
    return row


def handoff_detail(session: Session, clock: Clock, handoff_id: int) -> AgentHandoffDetail:
    row = _get(session, handoff_id)
    contracts = row.customer.contracts if row.customer else []
    return AgentHandoffDetail(
        **_summary_fields(row, clock),
        transcript=mask_value(row.transcript),
        slots=mask_value(row.slots),
        contracts=[ContractSummary.model_validate(contract) for contract in contracts],
        close_note=row.close_note,
        assigned_at=row.assigned_at,
        closed_at=row.closed_at,
    )


def _conflict(detail: str) -> ProblemError:
    return ProblemError(409, detail, slug="handoff-state")


def assign(session: Session, clock: Clock, agent: Agent, handoff_id: int) -> tuple[AgentHandoffDetail, bool]:
    """The detail, and whether this call took the handoff (False when the agent already had it)."""
    row = _get(session, handoff_id)
    if row.status == "assigned" and row.agent_username == agent.username:
        return handoff_detail(session, clock, handoff_id), False
    if row.status != "queued":
        raise _conflict("Deze overdracht wacht niet meer in de wachtrij.")
    row.status, row.agent_username, row.assigned_at = "assigned", agent.username, clock.now()
    session.flush()
    return handoff_detail(session, clock, handoff_id), True


def _own_assigned(session: Session, agent: Agent, handoff_id: int) -> Handoff:
    row = _get(session, handoff_id)
    if row.status != "assigned" or row.agent_username != agent.username:
        raise _conflict("Neem deze overdracht eerst zelf op voor u verdergaat.")
    return row


def add_message(
    session: Session, clock: Clock, agent: Agent, handoff_id: int, body: AgentMessage
) -> AgentHandoffDetail:
    row = _own_assigned(session, agent, handoff_id)
    line = {
        "sender": "agent",
        "text": body.text,
        "timestamp": clock.now().astimezone(UTC).isoformat(),
        "agent": agent.name,
    }
    row.transcript = [*row.transcript, line]
    session.flush()
    return handoff_detail(session, clock, handoff_id)


def release(session: Session, clock: Clock, agent: Agent, handoff_id: int) -> AgentHandoffDetail:
    row = _own_assigned(session, agent, handoff_id)
    row.status, row.closed_at = "released", clock.now()
    session.flush()
    return handoff_detail(session, clock, handoff_id)


def close(session: Session, clock: Clock, agent: Agent, handoff_id: int, body: CloseHandoff) -> AgentHandoffDetail:
    row = _get(session, handoff_id)
    if row.status not in ("queued", "assigned") or (row.status == "assigned" and row.agent_username != agent.username):
        raise _conflict("Deze overdracht is al afgesloten of wordt door een collega behandeld.")
    row.status, row.closed_at, row.close_note = "closed", clock.now(), body.note or None
    row.agent_username = row.agent_username or agent.username
    session.flush()
    return handoff_detail(session, clock, handoff_id)


def tell_customer(rasa: RasaConversations, detail: AgentHandoffDetail, event: str, agent: Agent, text: str) -> bool:
    """Put the agent's message or a notice into the customer's conversation (after the commit, so
    Rasa's lock is never awaited while a database transaction is open)."""
    events = [chat_message(event, text, agent.name)]
    if event in ("agent_left", "conversation_closed"):
        events = [*HANDOFF_ENDED_SLOTS, *events]
    return rasa.append(detail.conversation_id, events)


def list_callbacks(session: Session) -> list[CallbackOut]:
    rows = session.scalars(
        select(CallbackRequest).order_by(CallbackRequest.created_at.desc(), CallbackRequest.id.desc())
    )
    return [callback_out(row) for row in rows]
