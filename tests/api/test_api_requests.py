"""Each request type validates its own payload and business rules."""

import pytest
from api_helpers import assert_problem, customer_headers, freeze
from fastapi.testclient import TestClient

VALID = [
    (
        "PL-100001",
        "address_change",
        {
            "street": "Kouter",
            "house_number": "7",
            "box": "3",
            "postcode": "9000",
            "city": "Gent",
            "country": "BE",
            "effective_date": "2026-12-01",
        },
    ),
    ("PL-100001", "iban_change", {"iban": "BE71 0961 2345 6769", "account_holder": "Jan Peeters"}),
    ("PL-100001", "domiciliation_date_change", {"debit_day": 28}),
    ("PL-100001", "document_copy", {"document": "contract_copy"}),
    ("PL-100001", "registration_duplicate", {"reason": "loss", "incident_date": "2026-11-20"}),
    (
        "PL-100001",
        "registration_duplicate",
        {"reason": "theft", "incident_date": "2026-11-20", "police_report_number": "GE.55.L1.012345/2026"},
    ),
    ("PL-100001", "resident_parking_declaration", {"municipality": "Gent"}),
    ("PL-100001", "early_termination", {"desired_end_date": "2027-06-30", "reason": "verhuis naar het buitenland"}),
    ("PL-100001", "bonus_malus_certificate", {}),
    (
        "PL-100001",
        "travel_certificate",
        {"destination_country": "Marokko", "departure_date": "2026-12-20", "return_date": "2027-01-03"},
    ),
    ("PL-100001", "km_bundle_change", {"new_yearly_km": 20000}),
    ("ZL-200001", "km_bundle_change", {"new_yearly_km": 32000}),
    ("FN-300003", "document_copy", {"document": "prepayment_overview"}),
]

INVALID = [
    (
        "PL-100001",
        "address_change",
        {
            "street": "Kouter",
            "house_number": "7",
            "postcode": "3511 AB",
            "city": "Gent",
            "country": "BE",
            "effective_date": "2026-12-01",
        },
        "postcode",
    ),
    ("PL-100001", "iban_change", {"iban": "BE41091811735141", "account_holder": "Jan"}, "controlecijfers"),
    ("PL-100001", "domiciliation_date_change", {"debit_day": 31}, "tussen 1 en 28"),
    ("PL-100001", "document_copy", {"document": "amortisation_table"}, "financieringscontract"),
    ("PL-100001", "registration_duplicate", {"reason": "theft", "incident_date": "2026-11-20"}, "proces-verbaal"),
    ("PL-100001", "early_termination", {"desired_end_date": "2035-01-01"}, "einddatum"),
    ("PL-100001", "bonus_malus_certificate", {"extra": True}, "niet toegestaan"),
    (
        "PL-100001",
        "travel_certificate",
        {"destination_country": "Frankrijk", "departure_date": "2026-12-20", "return_date": "2026-12-27"},
        "geen attest nodig",
    ),
    (
        "PL-100001",
        "travel_certificate",
        {"destination_country": "FR, CH", "departure_date": "2026-12-20", "return_date": "2026-12-27"},
        "geen attest nodig",
    ),
    (
        "PL-100001",
        "travel_certificate",
        {"destination_country": "Turkije", "departure_date": "2026-12-20", "return_date": "2026-12-10"},
        "terugkeerdatum",
    ),
    ("PL-100001", "km_bundle_change", {"new_yearly_km": 18000}, "kilometerbundel"),
    ("PL-100001", "km_bundle_change", {"new_yearly_km": 15000}, "al een bundel"),
    ("FN-300003", "km_bundle_change", {"new_yearly_km": 20000}, "leasecontract"),
]


def send(client: TestClient, contract: str, request_type: str, payload: dict):
    freeze(client, "2026-11-23T10:00:00+01:00")
    customer = {"P": "C1001", "Z": "C1002", "F": "C1003"}[contract[0]]
    return customer, client.post(
        "/me/requests",
        headers=customer_headers(customer),
        json={"type": request_type, "contract_number": contract, "payload": payload},
    )


@pytest.mark.parametrize(("contract", "request_type", "payload"), VALID)
def test_valid_requests(client: TestClient, contract: str, request_type: str, payload: dict) -> None:
    customer, response = send(client, contract, request_type, payload)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["type"] == request_type and body["contract_number"] == contract
    assert body["reference"].startswith("VRZ-2026-")
    assert client.get(f"/me/requests/{body['id']}", headers=customer_headers(customer)).json() == body


@pytest.mark.parametrize(("contract", "request_type", "payload", "detail_part"), INVALID)
def test_invalid_requests(
    client: TestClient, contract: str, request_type: str, payload: dict, detail_part: str
) -> None:
    _, response = send(client, contract, request_type, payload)
    assert detail_part in assert_problem(response, 422)["detail"]


def test_normalised_values_are_stored(client: TestClient) -> None:
    response = client.post(
        "/me/requests",
        headers=customer_headers("C1002"),
        json={
            "type": "address_change",
            "contract_number": "ZL-200001",
            "payload": {
                "street": "Lange Nieuwstraat",
                "house_number": "2",
                "postcode": "3512pn",
                "city": "Utrecht",
                "country": "NL",
                "effective_date": "2026-12-01",
            },
        },
    )
    freeze(client, None)
    assert response.status_code in (201, 422)  # the effective date is relative to the real clock
    if response.status_code == 201:
        assert response.json()["payload"]["postcode"] == "3512 PN"


def test_unknown_type_and_extra_top_level_fields_are_rejected(client: TestClient) -> None:
    jan = customer_headers("C1001")
    body = assert_problem(
        client.post("/me/requests", headers=jan, json={"type": "free_car", "contract_number": "x"}), 422
    )
    assert "type" in body["detail"]
    extra = {"type": "bonus_malus_certificate", "contract_number": "PL-100001", "status": "afgehandeld"}
    assert_problem(client.post("/me/requests", headers=jan, json=extra), 422)


def test_seeded_history_is_listed(client: TestClient) -> None:
    requests = client.get("/me/requests", headers=customer_headers("C1003")).json()
    assert [r["type"] for r in requests] == ["iban_change"]
    assert requests[0]["status"] == "in_behandeling"
