from datetime import datetime
from typing import Annotated, Any

from pydantic import Field

from api.handoff.schemas import HandoffStatus
from api.schemas import Output, StrictInput


class AgentLogin(StrictInput):
    username: Annotated[str, Field(min_length=1, max_length=60)]
    password: Annotated[str, Field(min_length=1, max_length=200)]


class AgentToken(Output):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    username: str
    name: str


class CustomerSummary(Output):
    customer_number: str
    name: str
    phone: str
    email: str


class ContractSummary(Output):
    contract_number: str
    product: str
    license_plate: str
    yearly_km: int | None
    monthly_price_eur: float
    status: str


class AgentHandoffSummary(Output):
    id: int
    conversation_id: str
    status: HandoffStatus
    reason: str
    channel: str
    customer: CustomerSummary | None
    agent_username: str | None
    created_at: datetime
    waiting_seconds: int


class AgentHandoffDetail(AgentHandoffSummary):
    transcript: list[dict[str, Any]]
    slots: dict[str, Any]
    contracts: list[ContractSummary]
    close_note: str | None
    assigned_at: datetime | None
    closed_at: datetime | None
    delivered_to_customer: bool | None = Field(
        default=None, description="Of de klant het bericht of de melding live kreeg (null: niets te bezorgen)."
    )


class AgentMessage(StrictInput):
    text: Annotated[str, Field(min_length=1, max_length=5000)]


class CloseHandoff(StrictInput):
    note: Annotated[str, Field(max_length=4000)] = ""
