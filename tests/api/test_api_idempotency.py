"""Retries with one Idempotency-Key return the first response and never create a second record."""

import threading
import uuid

from api_helpers import SERVICE, assert_problem, customer_headers, freeze
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.db import get_sessionmaker
from api.handoff.models import Handoff
from api.idempotency.models import IdempotencyRecord
from api.mileage.models import MileageReading
from api.requests.models import ServiceRequest

REQUEST = {"type": "document_copy", "contract_number": "FN-300003", "payload": {"document": "amortisation_table"}}


def _count(model) -> int:
    with get_sessionmaker()() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_retry_returns_the_first_response(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")
    headers = {**customer_headers("C1003"), "Idempotency-Key": str(uuid.uuid4())}
    before = _count(ServiceRequest)
    first = client.post("/me/requests", headers=headers, json=REQUEST)
    freeze(client, "2026-11-23T10:05:00+01:00")
    second = client.post("/me/requests", headers=headers, json=REQUEST)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert _count(ServiceRequest) == before + 1


def test_without_a_key_every_post_creates(client: TestClient) -> None:
    headers = customer_headers("C1003")
    before = _count(ServiceRequest)
    ids = {client.post("/me/requests", headers=headers, json=REQUEST).json()["id"] for _ in range(2)}
    assert len(ids) == 2 and _count(ServiceRequest) == before + 2


def test_a_key_reused_for_another_body_is_refused(client: TestClient) -> None:
    headers = {**customer_headers("C1003"), "Idempotency-Key": "key-1"}
    assert client.post("/me/requests", headers=headers, json=REQUEST).status_code == 201
    other = {**REQUEST, "payload": {"document": "contract_copy"}}
    body = assert_problem(client.post("/me/requests", headers=headers, json=other), 422)
    assert "Idempotency-Key" in body["detail"]


def test_keys_are_per_caller(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")
    key = {"Idempotency-Key": "shared-key"}
    jan = client.post(
        "/me/mileage",
        headers={**customer_headers("C1001"), **key},
        json={"contract_number": "PL-100001", "odometer_km": 30000},
    )
    sanne = client.post(
        "/me/mileage",
        headers={**customer_headers("C1002"), **key},
        json={"contract_number": "ZL-200001", "odometer_km": 60000},
    )
    assert jan.status_code == sanne.status_code == 201
    assert jan.json()["id"] != sanne.json()["id"]


def test_failed_attempts_are_not_stored(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")
    headers = {**customer_headers("C1001"), "Idempotency-Key": "retry-after-fix"}
    too_low = client.post("/me/mileage", headers=headers, json={"contract_number": "PL-100001", "odometer_km": 100})
    assert_problem(too_low, 422)
    fixed = client.post("/me/mileage", headers=headers, json={"contract_number": "PL-100001", "odometer_km": 100})
    assert fixed.status_code == 422  # same body, same verdict: nothing was stored for the key
    assert _count(IdempotencyRecord) == 0


def post_concurrently(client: TestClient, times: int, path: str, headers: dict, body: dict) -> list:
    """`times` identical POSTs released at the same instant from as many threads."""
    barrier = threading.Barrier(times)
    responses = []

    def post() -> None:
        barrier.wait()
        responses.append(client.post(path, headers=headers, json=body))

    threads = [threading.Thread(target=post) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def test_concurrent_requests_with_one_key_create_one_row(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")
    headers = {**customer_headers("C1001"), "Idempotency-Key": str(uuid.uuid4())}
    before = _count(MileageReading)
    responses = post_concurrently(
        client, 6, "/me/mileage", headers, {"contract_number": "PL-100001", "odometer_km": 31000}
    )
    assert [r.status_code for r in responses] == [201] * 6, [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert _count(MileageReading) == before + 1
    assert _count(IdempotencyRecord) == 1


def test_concurrent_handoffs_for_one_conversation_open_one(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")
    body = {"conversation_id": "race-1", "channel": "web", "reason": "mens gevraagd"}
    responses = post_concurrently(client, 5, "/handoffs", SERVICE, body)
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 200, 201], [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert _count(Handoff) == 1
