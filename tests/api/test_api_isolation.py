"""A customer only ever sees their own data: another customer's ids answer 404, as if they did not exist."""

import io

from api_helpers import SERVICE, assert_problem, customer_headers, freeze
from fastapi.testclient import TestClient

JAN, SANNE = "C1001", "C1002"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _jan_creates_everything(client: TestClient) -> dict[str, int]:
    jan = customer_headers(JAN)
    request = client.post(
        "/me/requests",
        headers=jan,
        json={"type": "domiciliation_date_change", "contract_number": "PL-100001", "payload": {"debit_day": 5}},
    )
    damage = client.post(
        "/me/damage-files",
        headers=jan,
        json={
            "contract_number": "PL-100001",
            "license_plate": "1-ABC-123",
            "occurred_on": "2026-11-20",
            "location": "Gent",
            "description": "Steenslag in de voorruit",
            "damage_kind": "glass",
            "other_party_involved": False,
        },
    )
    photo = client.post(
        f"/me/damage-files/{damage.json()['id']}/photos",
        headers=jan,
        files={"file": ("ruit.png", io.BytesIO(PNG), "image/png")},
    )
    assert (request.status_code, damage.status_code, photo.status_code) == (201, 201, 201), photo.text
    return {"request": request.json()["id"], "damage": damage.json()["id"], "photo": photo.json()["id"]}


def test_other_customers_objects_are_not_found(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")
    ids = _jan_creates_everything(client)
    sanne = customer_headers(SANNE)
    for path in (
        "/me/contracts/PL-100001",
        f"/me/requests/{ids['request']}",
        "/me/mileage?contract_number=PL-100001",
        f"/me/damage-files/{ids['damage']}",
        f"/me/damage-files/{ids['damage']}/photos/{ids['photo']}",
    ):
        assert_problem(client.get(path, headers=sanne), 404)
    # The owner does see them.
    jan = customer_headers(JAN)
    assert client.get(f"/me/damage-files/{ids['damage']}/photos/{ids['photo']}", headers=jan).content == PNG
    assert client.get(f"/me/requests/{ids['request']}", headers=jan).status_code == 200


def test_other_customers_contracts_cannot_be_used_to_create(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")
    ids = _jan_creates_everything(client)
    sanne = customer_headers(SANNE)
    attempts = [
        ("/me/requests", {"type": "bonus_malus_certificate", "contract_number": "PL-100001"}),
        ("/me/mileage", {"contract_number": "PL-100001", "odometer_km": 30000}),
        (
            "/me/damage-files",
            {
                "contract_number": "PL-100001",
                "license_plate": "1-ABC-123",
                "occurred_on": "2026-11-20",
                "location": "Gent",
                "description": "Kras",
                "damage_kind": "vandalism",
                "other_party_involved": False,
            },
        ),
    ]
    for path, body in attempts:
        assert_problem(client.post(path, headers=sanne, json=body), 404)
    upload = client.post(
        f"/me/damage-files/{ids['damage']}/photos",
        headers=sanne,
        files={"file": ("x.png", io.BytesIO(PNG), "image/png")},
    )
    assert_problem(upload, 404)


def test_lists_only_hold_the_callers_own_records(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")
    _jan_creates_everything(client)
    client.post(
        "/handoffs",
        headers=SERVICE,
        json={"conversation_id": "jan-1", "customer_number": JAN, "channel": "web", "reason": "vraag"},
    )
    sanne = customer_headers(SANNE)
    me = client.get("/me", headers=sanne).json()
    assert me["customer_number"] == SANNE
    assert [c["contract_number"] for c in me["contracts"]] == ["ZL-200001"]
    assert client.get("/me/requests", headers=sanne).json() == []
    assert client.get("/me/damage-files", headers=sanne).json() == []
    assert client.get("/me/handoffs", headers=sanne).json() == []
    assert {r["contract_number"] for r in client.get("/me/mileage", headers=sanne).json()} == {"ZL-200001"}
    assert len(client.get("/me/handoffs", headers=customer_headers(JAN)).json()) == 1


def test_customer_endpoints_need_a_customer_token(client: TestClient) -> None:
    assert_problem(client.get("/me"), 401)
    assert_problem(client.get("/me", headers={"Authorization": "Bearer not-a-jwt"}), 401)
    agent = client.post("/agent/login", json={"username": "agent", "password": "agent"}).json()["access_token"]
    assert_problem(client.get("/me", headers={"Authorization": f"Bearer {agent}"}), 403)
    assert_problem(client.get("/agent/handoffs", headers=customer_headers(JAN)), 403)
    assert_problem(client.post("/handoffs", headers=customer_headers(JAN), json={}), 401)
