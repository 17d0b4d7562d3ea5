from typing import Annotated, Literal

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
]


class ValidateIn(StrictInput):
    field: FieldName
    value: Annotated[str, Field(max_length=200)]
    country: Literal["BE", "NL"] | None = None


class ValidateOut(Output):
    valid: bool
    value: str | int | bool | None
    detail: str | None
