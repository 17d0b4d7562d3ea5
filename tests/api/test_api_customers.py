"""GET /me: every contract with its latest reading, in a fixed number of queries."""

from collections.abc import Iterator
from contextlib import contextmanager

from api_helpers import customer_headers, freeze
from fastapi.testclient import TestClient
from sqlalchemy import event

from api.db import get_engine


@contextmanager
def counted_statements() -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        statements.append(statement)

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_each_contract_shows_its_own_latest_reading(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")
    headers = customer_headers("C1003")
    reading = {"contract_number": "PL-100003", "odometer_km": 9_000, "reading_date": "2026-11-20"}
    assert client.post("/me/mileage", headers=headers, json=reading).status_code == 201
    same_day_higher = {**reading, "odometer_km": 9_100}
    assert client.post("/me/mileage", headers=headers, json=same_day_higher).status_code == 201

    contracts = client.get("/me", headers=headers).json()["contracts"]

    assert [c["contract_number"] for c in contracts] == ["FN-300003", "PL-100003"]
    assert contracts[0]["last_reading"] is None  # the financing contract has none
    assert contracts[1]["last_reading"] == {"odometer_km": 9_100, "reading_date": "2026-11-20"}


def test_the_number_of_queries_does_not_grow_with_the_contracts(client: TestClient) -> None:
    """GET /me is the busiest read: a query per contract would cost a database round trip each."""
    with counted_statements() as one_contract:
        assert client.get("/me", headers=customer_headers("C1001")).status_code == 200
    with counted_statements() as two_contracts:
        assert client.get("/me", headers=customer_headers("C1003")).status_code == 200

    selects = [s for s in two_contracts if s.lstrip().upper().startswith("SELECT")]
    assert len(two_contracts) == len(one_contract)
    assert len(selects) <= 3, selects  # the customer, their contracts with readings (+ a pool ping)
