"""Endpoints the bot calls with its service token."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import (
    ClockDep,
    ConversationPath,
    CurrentCustomer,
    Idempotent,
    RateLimitsDep,
    RecordId,
    ServiceCaller,
    SessionDep,
)
from api.errors import PROBLEM_RESPONSES
from api.handoff import service
from api.handoff.schemas import CallbackCreate, CallbackOut, CustomerMessage, HandoffCreate, HandoffOut

router = APIRouter(tags=["bot"], responses=PROBLEM_RESPONSES)

HANDOFF_LIMITED = (
    "Voor dit gesprek werden het afgelopen uur al veel overdrachten gevraagd. Probeer het over {minutes} minuten "
    "opnieuw of vraag dat we u terugbellen."
)
CALLBACK_LIMITED = (
    "Voor dit gesprek werden het afgelopen uur al genoeg terugbelverzoeken genoteerd. We nemen zo snel mogelijk "
    "contact met u op."
)


@router.post("/handoffs", status_code=201, response_model=HandoffOut, responses={200: {"model": HandoffOut}})
def create_handoff(
    body: HandoffCreate,
    caller: ServiceCaller,
    session: SessionDep,
    clock: ClockDep,
    idempotent: Idempotent,
    limits: RateLimitsDep,
) -> JSONResponse:
    """Queue the conversation for a human agent (409 outside chat hours; 200 when one is already open)."""
    conversation = f"conversation:{body.conversation_id}"

    def create() -> tuple[int, HandoffOut]:
        if service.open_handoff(session, body.conversation_id) is None:  # answering with the open one is free
            limits.handoffs.check(conversation, detail=HANDOFF_LIMITED)
        return service.create_handoff(session, clock, body)

    return limits.handoffs.record_creation(idempotent.run(caller, body, create), conversation)


@router.get("/handoffs/by-conversation/{conversation_id}", response_model=HandoffOut)
def get_open_handoff(conversation_id: ConversationPath, _caller: ServiceCaller, session: SessionDep) -> HandoffOut:
    return service.get_open_handoff(session, conversation_id)


@router.post("/handoffs/{handoff_id}/messages", response_model=HandoffOut)
def add_customer_message(
    handoff_id: RecordId, body: CustomerMessage, _caller: ServiceCaller, session: SessionDep, clock: ClockDep
) -> HandoffOut:
    """Relay a customer's message to the agent while the handoff is open."""
    out = service.add_customer_message(session, clock, handoff_id, body)
    session.commit()
    return out


@router.post("/callbacks", status_code=201, response_model=CallbackOut)
def create_callback(
    body: CallbackCreate,
    caller: ServiceCaller,
    session: SessionDep,
    clock: ClockDep,
    idempotent: Idempotent,
    limits: RateLimitsDep,
) -> JSONResponse:
    """Take a callback request (typically outside chat hours)."""
    conversation = f"conversation:{body.conversation_id}"

    def create() -> tuple[int, CallbackOut]:
        limits.callbacks.check(conversation, detail=CALLBACK_LIMITED)
        return 201, service.create_callback(session, clock, body)

    return limits.callbacks.record_creation(idempotent.run(caller, body, create), conversation)


me_router = APIRouter(prefix="/me/handoffs", tags=["klant"], responses=PROBLEM_RESPONSES)


@me_router.get("", response_model=list[HandoffOut])
def my_handoffs(customer: CurrentCustomer, session: SessionDep) -> list[HandoffOut]:
    return service.customer_handoffs(session, customer)
