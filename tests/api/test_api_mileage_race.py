"""Concurrent odometer readings for one contract: the "never lower than the last one" rule holds under races."""

import threading

from api_helpers import customer_headers, freeze
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.customers.models import Contract
from api.db import get_sessionmaker
from api.mileage.models import MileageReading


def test_concurrent_different_readings_never_store_a_lower_one_after_a_higher_one(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")
    headers = customer_headers("C1001")
    first = client.post("/me/mileage", headers=headers, json={"contract_number": "PL-100001", "odometer_km": 31000})
    assert first.status_code == 201, first.text
    # Released together in an order that puts high readings before low ones as often as not.
    readings = [31900, 31100, 31800, 31200, 31700, 31300, 31600, 31400]
    barrier = threading.Barrier(len(readings))
    statuses = []

    def post(odometer_km: int) -> None:
        barrier.wait()
        body = {"contract_number": "PL-100001", "odometer_km": odometer_km}
        statuses.append(client.post("/me/mileage", headers=headers, json=body).status_code)

    threads = [threading.Thread(target=post, args=(km,)) for km in readings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(set(statuses)) <= [201, 422], statuses
    with get_sessionmaker()() as session:
        stored = session.scalars(
            select(MileageReading.odometer_km)
            .join(Contract)
            .where(Contract.contract_number == "PL-100001")
            .order_by(MileageReading.id)
        ).all()
    assert stored == sorted(stored), f"a lower reading was stored after a higher one: {stored}"
    assert stored.count(31000) == 1 and len(stored[stored.index(31000) :]) == 1 + statuses.count(201)
