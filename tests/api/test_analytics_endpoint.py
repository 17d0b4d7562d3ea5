"""GET /agent/analytics: the period, and the figures read from Rasa's SQL tracker store.

The tracker store is real: Rasa's `events` table (its 3.6 layout) in a SQLite file of its own, or in
the PostgreSQL test schema, with rows written as Rasa writes them. The event-broker source is in
test_analytics_consumer.py.
"""

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from analytics_helpers import (
    MORNING,
    action,
    ask,
    bot,
    conversation,
    damage_completed,
    form,
    rasa_events_table,
    slot,
    store_as_rasa,
    user,
)
from api_helpers import assert_problem, freeze
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from test_api_handoffs import agent_headers

NOON = "2026-11-23T12:00:00+01:00"


@pytest.fixture
def tracker_store(database_url: str, tmp_path: Path) -> Iterator[tuple[str, Callable]]:
    """Rasa's table in its own SQLite file (the embedded default) or in the PostgreSQL test schema;
    yields its URL and a function that stores events as Rasa does."""
    url = f"sqlite:///{tmp_path}/rasa-tracker.db" if database_url.startswith("sqlite") else database_url
    engine = create_engine(url)
    table = rasa_events_table()
    table.create(engine)
    try:
        yield url, lambda events: store_as_rasa(engine, table, events)
    finally:
        table.drop(engine)
        engine.dispose()


def _analytics(client: TestClient, query: str = "") -> dict:
    response = client.get(f"/agent/analytics{query}", headers=agent_headers(client))
    assert response.status_code == 200, response.text
    return response.json()


def test_without_a_source_the_figures_are_zero_for_the_last_14_days(
    client: TestClient, analytics_sources: Callable
) -> None:
    analytics_sources()
    freeze(client, NOON)
    body = _analytics(client)
    assert body["source"] is None
    assert body["period"] == {"from": "2026-11-10", "to": "2026-11-23"}
    assert (body["conversations"], body["handed_over"], body["containment_rate"], body["flows"]) == (0, 0, None, [])
    assert body["document_answers"]["answered"] == 0
    # Only `to`: the 14 days up to it.
    assert _analytics(client, "?to=2026-10-31")["period"] == {"from": "2026-10-18", "to": "2026-10-31"}


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("?from=2026-11-23&to=2026-11-22", "De begindatum ('from') valt na de einddatum ('to')."),
        ("?from=2025-11-21&to=2026-11-22", "Kies een periode van hoogstens 366 dagen."),
        ("?from=0001-01-01&to=0001-01-02", "Kies datums tussen 2000 en 2099."),
        ("?to=9999-12-31", "Kies datums tussen 2000 en 2099."),
        ("?from=23-11-2026", "Het veld 'from' moet een datum zijn (JJJJ-MM-DD)."),
    ],
)
def test_a_wrong_period_is_refused_in_dutch(
    client: TestClient, analytics_sources: Callable, query: str, detail: str
) -> None:
    analytics_sources()
    body = assert_problem(client.get(f"/agent/analytics{query}", headers=agent_headers(client)), 422)
    assert body["detail"] == detail


def test_a_period_of_366_days_is_allowed(client: TestClient, analytics_sources: Callable) -> None:
    analytics_sources()
    assert _analytics(client, "?from=2024-01-01&to=2024-12-31")["period"] == {"from": "2024-01-01", "to": "2024-12-31"}


def test_figures_from_rasas_tracker_store(
    client: TestClient, analytics_sources: Callable, tracker_store: tuple
) -> None:
    url, store = tracker_store
    store(
        [
            *damage_completed("web-C1001"),
            *conversation(
                "web-C1002",
                user("nieuw rekeningnummer", "request_iban_change"),
                action("action_start_request"),
                slot("request_type", "iban_change"),
                form("request_form"),
                ask("req_iban"),
                bot("Wat is het nieuwe rekeningnummer?"),
                user("weet ik niet"),
                ask("req_iban"),
            ),
            *conversation(
                "telegram-42",
                user("hoeveel kost een ruit?", "faq"),
                slot("outcome", "faq:answered"),
                user("dekking bij storm?", "faq"),
                slot("outcome", "faq:clarified"),
                user("ik wil een mens", "human"),
                action("action_handoff"),
                slot("handoff_active", True),
            ),
            # Before the period: not counted.
            *conversation("old", user(), slot("outcome", "faq:declined"), start=MORNING - timedelta(days=30)),
        ]
    )
    analytics_sources(tracker_store=url)
    freeze(client, NOON)
    body = _analytics(client)
    assert body["source"] == "tracker_store"
    assert (body["conversations"], body["handed_over"], body["containment_rate"]) == (3, 1, 0.667)
    assert body["document_answers"] == {
        "answered": 1,
        "clarified": 1,
        "declined": 0,
        "answered_rate": 0.5,
        "clarified_rate": 0.5,
        "declined_rate": 0.0,
    }
    assert body["flows"] == [
        {
            "flow": "damage_form",
            "started": 1,
            "completed": 1,
            "cancelled": 0,
            "handed_over": 0,
            "abandoned": 0,
            "in_progress": 0,
            "completion_rate": 1.0,
            "funnel": [
                {"slot": "damage_date", "asked": 1, "gave_up": 0},
                {"slot": "damage_location", "asked": 1, "gave_up": 0},
            ],
        },
        {
            "flow": "request_form:iban_change",
            "started": 1,
            "completed": 0,
            "cancelled": 0,
            "handed_over": 0,
            "abandoned": 1,
            "in_progress": 0,
            "completion_rate": 0.0,
            "funnel": [{"slot": "req_iban", "asked": 1, "gave_up": 1}],
        },
    ]
    # A period without the events: zeros from the same source.
    earlier = _analytics(client, "?from=2026-09-01&to=2026-09-30")
    assert (earlier["source"], earlier["conversations"], earlier["flows"]) == ("tracker_store", 0, [])
    # The old conversation on its own day.
    day = (MORNING - timedelta(days=30)).date().isoformat()
    old = _analytics(client, f"?from={day}&to={day}")
    assert (old["conversations"], old["document_answers"]["declined"]) == (1, 1)


def test_a_tracker_store_rasa_has_not_created_yet_gives_zeros(
    client: TestClient, analytics_sources: Callable, database_url: str, tmp_path: Path
) -> None:
    missing = tmp_path / "rasa-tracker.db"
    analytics_sources(tracker_store=f"sqlite:///{missing}")
    body = _analytics(client)
    assert (body["source"], body["conversations"]) == ("tracker_store", 0)
    assert not missing.exists(), "read-only: the analytics never create Rasa's database"
    # A database without Rasa's table yet (the API's own test database has none).
    analytics_sources(tracker_store=database_url)
    assert _analytics(client)["source"] == "tracker_store"
