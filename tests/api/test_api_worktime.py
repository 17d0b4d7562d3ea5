"""Chat hours and 48 working hours, across weekends and Belgian public holidays."""

from datetime import UTC, datetime

import pytest
from api_helpers import SERVICE, assert_problem, customer_headers, freeze
from fastapi.testclient import TestClient

from api.worktime import BRUSSELS, add_working_hours, chat_is_open, next_chat_opening


def brussels(*args: int) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (brussels(2026, 11, 23, 10, 0), brussels(2026, 11, 25, 10, 0)),  # Monday -> Wednesday
        (brussels(2026, 11, 20, 15, 0), brussels(2026, 11, 24, 15, 0)),  # Friday -> Tuesday, weekend skipped
        (brussels(2026, 11, 21, 11, 0), brussels(2026, 11, 25, 0, 0)),  # Saturday: the clock starts on Monday
        (brussels(2026, 11, 10, 10, 0), brussels(2026, 11, 13, 10, 0)),  # 11 November (Wapenstilstand) skipped
        (brussels(2026, 12, 24, 9, 0), brussels(2026, 12, 29, 9, 0)),  # Christmas + weekend skipped
        (brussels(2026, 3, 27, 12, 0), brussels(2026, 3, 31, 12, 0)),  # across the switch to summer time
    ],
)
def test_48_working_hours(start: datetime, due: datetime) -> None:
    assert add_working_hours(start, 48) == due.astimezone(UTC)


@pytest.mark.parametrize(
    ("moment", "is_open", "next_open"),
    [
        (brussels(2026, 11, 23, 9, 0), True, None),
        (brussels(2026, 11, 23, 16, 59), True, None),
        (brussels(2026, 11, 23, 17, 0), False, brussels(2026, 11, 24, 9, 0)),
        (brussels(2026, 11, 23, 8, 30), False, brussels(2026, 11, 23, 9, 0)),
        (brussels(2026, 11, 20, 18, 0), False, brussels(2026, 11, 23, 9, 0)),  # Friday evening -> Monday
        (brussels(2026, 11, 22, 12, 0), False, brussels(2026, 11, 23, 9, 0)),  # Sunday
        (brussels(2026, 11, 11, 10, 0), False, brussels(2026, 11, 12, 9, 0)),  # Wapenstilstand (Wednesday)
        (brussels(2026, 12, 24, 17, 30), False, brussels(2026, 12, 28, 9, 0)),  # Christmas Friday + weekend
        (brussels(2027, 1, 1, 10, 0), False, brussels(2027, 1, 4, 9, 0)),  # New Year (Friday) + weekend
    ],
)
def test_chat_hours(moment: datetime, is_open: bool, next_open: datetime | None) -> None:
    assert chat_is_open(moment) is is_open
    if next_open is not None:
        assert next_chat_opening(moment) == next_open.astimezone(UTC)


def test_chat_hours_endpoint_on_a_holiday_before_a_weekend(client: TestClient) -> None:
    freeze(client, "2026-12-25T10:00:00+01:00")
    body = client.get("/chat-hours").json()
    assert body["open"] is False
    assert body["holiday"] == "Kerstmis"
    assert body["next_open"] == "2026-12-28T08:00:00Z"
    assert body["next_open_text"] == "maandag 28 december om 9:00"
    assert body["closes_at"] is None


def test_chat_hours_endpoint_when_open(client: TestClient) -> None:
    freeze(client, "2026-11-23T14:00:00+01:00")
    body = client.get("/chat-hours").json()
    assert body["open"] is True and body["next_open"] is None
    assert body["closes_at"] == "2026-11-23T16:00:00Z"
    freeze(client, None)
    assert client.get("/chat-hours").status_code == 200


def test_handoff_outside_chat_hours_is_refused_with_the_next_opening(client: TestClient) -> None:
    freeze(client, "2026-11-21T10:00:00+01:00")  # Saturday
    response = client.post(
        "/handoffs", headers=SERVICE, json={"conversation_id": "c1", "channel": "web", "reason": "x"}
    )
    body = assert_problem(response, 409)
    assert "maandag 23 november om 9:00" in body["detail"]


def test_request_due_time_skips_the_weekend_and_a_holiday(client: TestClient) -> None:
    freeze(client, "2026-11-10T15:00:00+01:00")  # Tuesday; Wednesday 11 November is a holiday
    response = client.post(
        "/me/requests",
        headers=customer_headers("C1001"),
        json={"type": "domiciliation_date_change", "contract_number": "PL-100001", "payload": {"debit_day": 10}},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["due_at"] == "2026-11-13T14:00:00Z"  # Friday 15:00 Brussels
    assert "vrijdag 13 november om 15:00" in body["due_text"]
    assert body["reference"].startswith("VRZ-2026-")
    assert body["status"] == "ontvangen"


def test_travel_certificate_is_delivered_in_10_working_days_for_a_fee(client: TestClient) -> None:
    freeze(client, "2026-12-18T10:00:00+01:00")  # Friday; Christmas and New Year fall in the 10 days
    response = client.post(
        "/me/requests",
        headers=customer_headers("C1001"),
        json={
            "type": "travel_certificate",
            "contract_number": "PL-100001",
            "payload": {"destination_country": "Marokko", "departure_date": "2027-01-10", "return_date": "2027-01-24"},
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["fee_eur"] == 108.9
    assert body["due_at"].startswith("2027-01-05")
    assert "108,90" in body["due_text"]
