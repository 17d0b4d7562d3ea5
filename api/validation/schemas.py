from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Field

from api.schemas import Output, StrictInput

FieldName = Literal[
    "iban",
    "postcode",
    "license_plate",
    "date",
    "future_date",
    "past_date",
    "time",
    "odometer",
    "km_bundle",
    "email",
    "phone",
    "debit_day",
    "yes_no",
    "past_datetime",
    "address",
    "house_number",
    "box",
    "country",
    "countries",
    "damage_kind",
    "loss_or_theft",
    "document",
    "contract_number",
    "location",
    "future_dates",
    "km",
    "story",
    "story_kind",
    "event_kind",
    "name",
    "city",
    "police_report",
    "place",
    "description",
    "callback_time",
    "reason",
    "correction",
]


class ValidateIn(StrictInput):
    field: FieldName
    value: Annotated[str, Field(max_length=1000)]
    country: Literal["BE", "NL"] | None = None
    # Dates are read looking forward from this day instead of today: a return date after the departure
    # ("zondag de 21e" after a departure on 13 February is 21 February).
    after: date | None = None


class ValidateOut(Output):
    valid: bool
    value: str | int | bool | list[Any] | dict[str, Any] | None
    detail: str | None


class ExtractIn(StrictInput):
    text: Annotated[str, Field(max_length=1000)]
    fields: Annotated[list[FieldName], Field(max_length=30)]
    country: Literal["BE", "NL"] | None = None


class ExtractOut(Output):
    values: dict[str, Any]
