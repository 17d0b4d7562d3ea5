from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import JSON, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.customers.models import Contract, Customer
from api.db import Base, UTCDateTime

RequestStatus = Literal["ontvangen", "in_behandeling", "afgehandeld", "geweigerd"]


class ServiceRequest(Base):
    """A "Mijn verzoeken" form sent by a customer."""

    __tablename__ = "service_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(30), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    type: Mapped[str] = mapped_column(String(40))
    status: Mapped[RequestStatus] = mapped_column(String(20))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    fee_eur: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)

    contract: Mapped[Contract] = relationship()
    customer: Mapped[Customer] = relationship()
