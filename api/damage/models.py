from datetime import date, datetime
from typing import Literal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.customers.models import Contract
from api.db import Base, UTCDateTime

DamageKind = Literal[
    "collision",
    "glass",
    "theft",
    "burglary",
    "attempted_theft",
    "vandalism",
    "fire",
    "animal",
    "natural_disaster",
    "other",
]


class DamageFile(Base):
    __tablename__ = "damage_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(30), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    license_plate: Mapped[str] = mapped_column(String(20))
    occurred_on: Mapped[date] = mapped_column(Date)
    occurred_at: Mapped[str | None] = mapped_column(String(5))
    location: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    damage_kind: Mapped[DamageKind] = mapped_column(String(30))
    other_party_involved: Mapped[bool] = mapped_column(Boolean)
    accident_statement: Mapped[bool | None] = mapped_column(Boolean)
    police_report_number: Mapped[str | None] = mapped_column(String(60))
    deductible_applies: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    contract: Mapped[Contract] = relationship()
    photos: Mapped[list["DamagePhoto"]] = relationship(back_populates="damage_file", order_by="DamagePhoto.id")


class DamagePhoto(Base):
    __tablename__ = "damage_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    damage_file_id: Mapped[int] = mapped_column(ForeignKey("damage_files.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int] = mapped_column(Integer)
    storage_name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    damage_file: Mapped[DamageFile] = relationship(back_populates="photos")
