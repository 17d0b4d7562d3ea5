from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from api.damage.models import DamageKind
from api.schemas import Output, StrictInput
from api.validation.types import ClockTime, LicensePlate, LongText


class DamageCreate(StrictInput):
    contract_number: Annotated[str, Field(min_length=1, max_length=20, examples=["PL-100001"])]
    license_plate: LicensePlate
    occurred_on: date
    occurred_at: ClockTime | None = None
    location: Annotated[str, Field(min_length=2, max_length=300)]
    description: LongText
    damage_kind: DamageKind
    other_party_involved: bool
    accident_statement: bool | None = None
    police_report_number: Annotated[str, Field(min_length=3, max_length=60)] | None = None


class PhotoOut(Output):
    id: int
    filename: str
    content_type: str
    size: int


class DamageOut(Output):
    id: int
    reference: str
    contract_number: str
    license_plate: str
    occurred_on: date
    occurred_at: str | None
    location: str
    description: str
    damage_kind: DamageKind
    other_party_involved: bool
    accident_statement: bool | None
    police_report_number: str | None
    status: str
    created_at: datetime
    deductible_applies: bool
    deductible_text: str
    next_steps: list[str]
    photo_upload_url: str
    photos: list[PhotoOut]


class UploadLinkOut(Output):
    url: str
    expires_at: datetime
