from collections.abc import Callable
from datetime import date

from api.validation import rules
from api.validation.schemas import FieldName, ValidateIn, ValidateOut


def _parsers(country: str | None, today: date) -> dict[FieldName, Callable[[str], str | int | bool]]:
    return {
        "iban": rules.parse_iban,
        "postcode": lambda value: rules.parse_postcode(value, country),
        "license_plate": lambda value: rules.parse_license_plate(value, country),
        "date": lambda value: rules.parse_date(value, today).isoformat(),
        "future_date": lambda value: rules.parse_date(value, today, "future").isoformat(),
        "past_date": lambda value: rules.parse_date(value, today, "past").isoformat(),
        "time": rules.parse_time,
        "odometer": rules.parse_odometer,
        "km_bundle": lambda value: rules.parse_km_bundle(value, country),
        "email": rules.parse_email,
        "phone": lambda value: rules.parse_phone(value, country),
        "debit_day": rules.parse_debit_day,
        "yes_no": rules.parse_yes_no,
    }


def validate(body: ValidateIn, today: date) -> ValidateOut:
    try:
        value = _parsers(body.country, today)[body.field](body.value)
    except ValueError as exc:
        return ValidateOut(valid=False, value=None, detail=str(exc))
    return ValidateOut(valid=True, value=value, detail=None)
