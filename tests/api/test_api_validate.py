"""POST /validate: one place for every field rule, with the API clock for relative dates."""

import pytest
from api_helpers import assert_problem, freeze
from fastapi.testclient import TestClient

CASES = [
    ("iban", "BE41091811735141", None, False, None),
    ("iban", "BE71 0961 2345 6769", None, True, "BE71096123456769"),
    ("postcode", "9000", "BE", True, "9000"),
    ("postcode", "999", "BE", False, None),
    ("postcode", "3511ab", "NL", True, "3511 AB"),
    ("postcode", "9000", "NL", False, None),
    ("license_plate", "1abc123", "BE", True, "1-ABC-123"),
    ("license_plate", "k 123 bb", "NL", True, "K-123-BB"),
    ("license_plate", "ABCDEFG", None, False, None),
    ("date", "vorige vrijdag", None, True, "2026-11-20"),
    ("date", "eergisteren", None, True, "2026-11-21"),
    ("date", "12/11", None, True, "2026-11-12"),
    ("date", "3 maart", None, True, "2027-03-03"),  # a moving date: the coming March
    ("past_date", "morgen", None, False, None),
    ("future_date", "12/11", None, True, "2027-11-12"),
    ("time", "14u30", None, True, "14:30"),
    ("odometer", "45.210 km", None, True, 45210),
    ("odometer", "45 210", None, True, 45210),
    ("km_bundle", "20.000", "BE", True, 20000),
    ("km_bundle", "18.000", "BE", False, None),
    ("email", "Jan@Voorbeeld.BE", None, True, "Jan@voorbeeld.be"),
    ("email", "jan@", None, False, None),
    ("phone", "0470 12 34 56", None, True, "+32470123456"),
    ("debit_day", "29", None, False, None),
    ("debit_day", "15", None, True, 15),
    ("yes_no", "jawel", None, True, True),
    ("yes_no", "misschien", None, False, None),
]


@pytest.mark.parametrize(("field", "value", "country", "valid", "normalised"), CASES)
def test_validate(client: TestClient, field: str, value: str, country: str | None, valid: bool, normalised) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")  # Monday
    body = {"field": field, "value": value} | ({"country": country} if country else {})
    result = client.post("/validate", json=body).json()
    assert result["valid"] is valid, result
    assert result["value"] == normalised
    assert (result["detail"] is None) is valid


def test_unknown_fields_are_rejected(client: TestClient) -> None:
    assert_problem(client.post("/validate", json={"field": "shoe_size", "value": "42"}), 422)
    assert_problem(client.post("/validate", json={"field": "iban", "value": "x", "extra": 1}), 422)
