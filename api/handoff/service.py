"""Handoffs from the bot to a human agent and callback requests outside chat hours."""

from datetime import UTC

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.agents.models import Agent
from api.clock import Clock
from api.customers.models import Customer
from api.errors import NotFoundError, ProblemError
from api.handoff.models import OPEN_STATUSES, CallbackRequest, Handoff
from api.handoff.schemas import CallbackCreate, CallbackOut, CustomerMessage, HandoffCreate, HandoffOut
from api.worktime import chat_is_open, dutch_datetime, local, next_chat_opening


def _customer_by_number(session: Session, customer_number: str | None) -> Customer | None:
    if customer_number is None:
        return None
    customer = session.scalar(select(Customer).where(Customer.customer_number == customer_number))
    if customer is None:
        raise ProblemError(422, f"Klantnummer {customer_number} is onbekend.", slug="unknown-customer")
    return customer


def handoff_out(session: Session, row: Handoff) -> HandoffOut:
    agent_name = (
        session.scalar(select(Agent.name).where(Agent.username == row.agent_username)) if row.agent_username else None
    )
    return HandoffOut(
        id=row.id,
        conversation_id=row.conversation_id,
        customer_number=row.customer.customer_number if row.customer else None,
        channel=row.channel,
        reason=row.reason,
        status=row.status,
        agent_username=row.agent_username,
        agent_name=agent_name,
        transcript=row.transcript,
        created_at=row.created_at,
        assigned_at=row.assigned_at,
        closed_at=row.closed_at,
    )


def open_handoff(session: Session, conversation_id: str) -> Handoff | None:
    return session.scalar(
        select(Handoff).where(Handoff.conversation_id == conversation_id, Handoff.status.in_(OPEN_STATUSES))
    )


def create_handoff(session: Session, clock: Clock, body: HandoffCreate) -> tuple[int, HandoffOut]:
    """201 with a new queued handoff, or 200 with the conversation's handoff that is already open."""
    existing = open_handoff(session, body.conversation_id)
    if existing is not None:
        return 200, handoff_out(session, existing)
    now = clock.now()
    if not chat_is_open(now):
        raise ProblemError(
            409,
            "Onze medewerkers zijn nu niet bereikbaar. De chat is open van maandag tot en met "
            "vrijdag van 9.00 "
            f"tot 17.00 uur; we zijn terug op {dutch_datetime(next_chat_opening(now))}. "
            "U kunt ook vragen dat we u terugbellen.",
            slug="chat-closed",
        )
    customer = _customer_by_number(session, body.customer_number)
    row = Handoff(
        conversation_id=body.conversation_id,
        customer=customer,
        channel=body.channel,
        reason=body.reason,
        transcript=[line.model_dump(mode="json") for line in body.transcript],
        slots=body.slots,
        status="queued",
        created_at=now,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        # Another request opened a handoff for this conversation at the same moment.
        session.rollback()
        existing = open_handoff(session, body.conversation_id)
        if existing is None:
            raise
        return 200, handoff_out(session, existing)
    return 201, handoff_out(session, row)


def get_open_handoff(session: Session, conversation_id: str) -> HandoffOut:
    row = open_handoff(session, conversation_id)
    if row is None:
        raise NotFoundError("Er is geen open overdracht voor dit gesprek.")
    return handoff_out(session, row)


def add_customer_message(session: Session, clock: Clock, handoff_id: int, body: CustomerMessage) -> HandoffOut:
    row = session.get(Handoff, handoff_id)
    if row is None or row.status not in OPEN_STATUSES:
        raise NotFoundError("Er is geen open overdracht met dit nummer.")
    line = {"sender": "customer", "text": body.text, "timestamp": clock.now().astimezone(UTC).isoformat()}
    row.transcript = [*row.transcript, line]
    session.flush()
    return handoff_out(session, row)


def customer_handoffs(session: Session, customer: Customer) -> list[HandoffOut]:
    rows = session.scalars(select(Handoff).where(Handoff.customer_id == customer.id).order_by(Handoff.id.desc()))
    return [handoff_out(session, row) for row in rows]


def callback_out(row: CallbackRequest) -> CallbackOut:
    return CallbackOut(
        id=row.id,
        reference=row.reference or "",
        conversation_id=row.conversation_id,
        customer_number=row.customer.customer_number if row.customer else None,
        name=row.name,
        phone=row.phone,
        preferred_time=row.preferred_time,
        topic=row.topic,
        status=row.status,
        created_at=row.created_at,
    )


def create_callback(session: Session, clock: Clock, body: CallbackCreate) -> CallbackOut:
    now = clock.now()
    row = CallbackRequest(
        conversation_id=body.conversation_id,
        customer=_customer_by_number(session, body.customer_number),
        name=body.name,
        phone=body.phone,
        preferred_time=body.preferred_time,
        topic=body.topic,
        status="open",
        created_at=now,
    )
    session.add(row)
    session.flush()
    row.reference = f"TB-{local(now).year}-{row.id:06d}"
    session.flush()
    return callback_out(row)
