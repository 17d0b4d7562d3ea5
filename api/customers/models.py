from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, UTCDateTime

Product = Literal["be_private_lease", "nl_business_lease", "financing"]


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_number: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(40))
    street: Mapped[str] = mapped_column(String(200))
    house_number: Mapped[str] = mapped_column(String(20))
    box: Mapped[str | None] = mapped_column(String(20))
    postcode: Mapped[str] = mapped_column(String(10))
    city: Mapped[str] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2))
    iban: Mapped[str] = mapped_column(String(34))
    birth_date: Mapped[date] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(5), default="nl")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    contracts: Mapped[list["Contract"]] = relationship(back_populates="customer", order_by="Contract.contract_number")


class Contract(Base):
    __tablename__ = "contracts"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_number: Mapped[str] = mapped_column(String(20), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    product: Mapped[Product] = mapped_column(String(30))
    vehicle_make: Mapped[str] = mapped_column(String(60))
    vehicle_model: Mapped[str] = mapped_column(String(100))
    license_plate: Mapped[str] = mapped_column(String(20), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    duration_months: Mapped[int] = mapped_column(Integer)
    yearly_km: Mapped[int | None] = mapped_column(Integer)
    monthly_price_eur: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    # Monthly price difference between two neighbouring km bundles (BE private lease, FAQ 32-33).
    bundle_step_price_eur: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    # Contractual settlement price per km (NL business lease, art. 5.6 and 10.5).
    km_rate_eur: Mapped[Decimal | None] = mapped_column(Numeric(10, 4))
    status: Mapped[str] = mapped_column(String(20))
    conditions_doc: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    customer: Mapped[Customer] = relationship(back_populates="contracts")
