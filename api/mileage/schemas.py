from datetime import date
from typing import Annotated

from pydantic import Field

from api.schemas import Output, StrictInput


class MileageCreate(StrictInput):
    contract_number: Annotated[str, Field(min_length=1, max_length=20, examples=["PL-100001"])]
    odometer_km: Annotated[int, Field(ge=0, le=2_000_000, examples=[45210])]
    reading_date: date | None = None


class MileageCorrection(StrictInput):
    odometer_km: Annotated[int, Field(ge=0, le=2_000_000, examples=[45120])]


class Projection(Output):
    projected_yearly_km: int
    bundle_km: int
    deviation_pct: float
    bundle_change_advisable: bool
    suggested_bundle_km: int
    estimated_settlement_eur: float
    advice_text: str


class ReadingOut(Output):
    id: int
    contract_number: str
    odometer_km: int
    reading_date: date


class MileageOut(ReadingOut):
    projection: Projection
