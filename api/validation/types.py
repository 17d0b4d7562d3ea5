"""Pydantic field types built on the rules, for the request schemas of every domain."""

from typing import Annotated

from pydantic import AfterValidator, Field

from api.validation import rules

Iban = Annotated[str, Field(max_length=42, examples=["BE71096123456769"]), AfterValidator(rules.parse_iban)]
Email = Annotated[str, Field(max_length=254), AfterValidator(rules.parse_email)]
Phone = Annotated[str, Field(max_length=40, examples=["+32470123456"]), AfterValidator(rules.parse_phone)]
LicensePlate = Annotated[str, Field(max_length=20, examples=["1-ABC-123"]), AfterValidator(rules.parse_license_plate)]
ClockTime = Annotated[str, Field(examples=["14:30"]), AfterValidator(rules.parse_hhmm)]
DebitDay = Annotated[int, AfterValidator(rules.check_debit_day)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
LongText = Annotated[str, Field(min_length=1, max_length=4000)]
