"""Odometer readings: backwards and implausible readings are refused; the rest is projected on the bundle."""

from datetime import date
from decimal import Decimal

from api_helpers import assert_problem, customer_headers, freeze
from fastapi.testclient import TestClient

from api.customers.models import Contract
from api.mileage.projection import project


def post(client: TestClient, customer: str, body: dict):
    return client.post("/me/mileage", headers=customer_headers(customer), json=body)


def test_a_reading_lower_than_the_last_one_names_it(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")
    body = assert_problem(post(client, "C1001", {"contract_number": "PL-100001", "odometer_km": 19000}), 422)
    assert "19.500 km op zaterdag 10 januari 2026" in body["detail"]


def test_an_implausible_jump_is_refused(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")
    body = {"contract_number": "PL-100001", "odometer_km": 900_000}
    assert "per dag" in assert_problem(post(client, "C1001", body), 422)["detail"]
    future = {"contract_number": "PL-100001", "odometer_km": 30_000, "reading_date": "2026-12-01"}
    assert "toekomst" in assert_problem(post(client, "C1001", future), 422)["detail"]


def test_be_projection_above_the_bundle_advises_a_higher_bundle(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")
    response = post(client, "C1001", {"contract_number": "PL-100001", "odometer_km": 38_000})
    assert response.status_code == 201, response.text
    projection = response.json()["projection"]
    assert projection["bundle_km"] == 15_000
    assert projection["suggested_bundle_km"] == 25_000  # 20.487 km/jaar valt in de bundel 20.001-25.000
    assert projection["bundle_change_advisable"] is True
    assert projection["estimated_settlement_eur"] == 600.0  # 2 bundelstappen x 12 x € 25
    assert "25.000 km" in projection["advice_text"]
    readings = client.get("/me/mileage?contract_number=PL-100001", headers=customer_headers("C1001")).json()
    assert readings[0]["odometer_km"] == 38_000 and len(readings) == 3


def test_be_projection_above_30000_costs_10_cent_per_km(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")
    # PL-100003 started 1 February 2026 (295 days): 40.000 km -> about 49.492 km per year.
    projection = post(client, "C1003", {"contract_number": "PL-100003", "odometer_km": 40_000}).json()["projection"]
    assert projection["suggested_bundle_km"] == 30_000
    above = projection["projected_yearly_km"] - 30_000
    assert projection["estimated_settlement_eur"] == round(4 * 20 * 12 + above * 0.10, 2)
    assert "10 cent" in projection["advice_text"]


def test_be_projection_below_the_bundle_returns_money() -> None:
    contract = Contract(
        product="be_private_lease", yearly_km=20_000, bundle_step_price_eur=Decimal("25"), start_date=date(2025, 11, 23)
    )
    # FAQ 32: 13.500 km in a year on a 15.001-20.000 bundle -> the 10.001-15.000 bundle, 12 x € 25 back.
    projection = project(contract, 13_500, date(2026, 11, 23))
    assert projection.suggested_bundle_km == 15_000
    assert projection.estimated_settlement_eur == -300.0
    assert "terug" in projection.advice_text


def test_nl_projection_uses_the_10_percent_rule(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")
    # ZL-200001: 25.000 km/jaar since 1 September 2024 (813 days on 23 November 2026).
    within = post(client, "C1002", {"contract_number": "ZL-200001", "odometer_km": 58_000}).json()["projection"]
    assert abs(within["deviation_pct"]) < 10 and within["bundle_change_advisable"] is False
    assert "onder 10 %" in within["advice_text"]
    freeze(client, "2026-12-20T10:00:00+01:00")
    far = post(client, "C1002", {"contract_number": "ZL-200001", "odometer_km": 70_000}).json()["projection"]
    assert far["deviation_pct"] >= 10 and far["bundle_change_advisable"] is True
    assert "terugwerkende kracht" in far["advice_text"]


def test_financing_contracts_have_no_mileage(client: TestClient) -> None:
    assert_problem(post(client, "C1003", {"contract_number": "FN-300003", "odometer_km": 1}), 422)


def test_todays_reading_can_be_corrected_lower_but_not_below_the_one_before_nor_another_day(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")
    misread = post(client, "C1001", {"contract_number": "PL-100001", "odometer_km": 32_104}).json()
    fix = client.put(f"/me/mileage/{misread['id']}", headers=customer_headers("C1001"), json={"odometer_km": 32_014})
    assert fix.status_code == 200, fix.text
    assert (fix.json()["id"], fix.json()["odometer_km"]) == (misread["id"], 32_014)
    readings = client.get("/me/mileage", headers=customer_headers("C1001")).json()
    assert [r["odometer_km"] for r in readings if r["reading_date"] == "2026-11-23"] == [32_014]

    below = client.put(f"/me/mileage/{misread['id']}", headers=customer_headers("C1001"), json={"odometer_km": 19_000})
    assert "19.500 km" in assert_problem(below, 422)["detail"]  # the reading before it still counts
    other = client.put(f"/me/mileage/{misread['id']}", headers=customer_headers("C1002"), json={"odometer_km": 32_000})
    assert_problem(other, 404)
    freeze(client, "2026-11-24T10:00:00+01:00")
    late = client.put(f"/me/mileage/{misread['id']}", headers=customer_headers("C1001"), json={"odometer_km": 32_000})
    assert "vandaag" in assert_problem(late, 422)["detail"]
