"""The analytics computation (api/analytics/service.py `summarise`) on hand-written Rasa event sequences.

Pure: no database, no app. Each case is a few conversations and the figures they must give.
"""

from datetime import date, timedelta
from typing import Any

import pytest
from analytics_helpers import MORNING, action, ask, bot, conversation, damage_completed, form, slot, user

from api.analytics.schemas import Period
from api.analytics.service import summarise

PERIOD = Period(first=date(2026, 11, 10), last=date(2026, 11, 23))


def _damage_started(*more: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    return (user("ik heb schade", "report_damage"), form("damage_form"), ask("damage_date"), user("gisteren"), *more)


CASES: list[tuple[str, list, dict[str, Any]]] = [
    (
        "completed damage flow",
        damage_completed("web-C1001"),
        {
            "conversations": 1,
            "handed_over": 0,
            "flows": {"damage_form": (1, 1, 0, 0, 0)},
            "funnel": {"damage_form": [("damage_date", 1, 0), ("damage_location", 1, 0)]},
        },
    ),
    (
        "abandoned at a slot: the last question asked is where the customer gave up",
        conversation("a", *_damage_started(ask("damage_location"), bot("Waar?"))),
        {
            "flows": {"damage_form": (1, 0, 0, 0, 1)},
            "funnel": {"damage_form": [("damage_date", 1, 0), ("damage_location", 1, 1)]},
        },
    ),
    (
        "a question asked again counts once per run, and the last one asked is where it stopped",
        conversation("a", *_damage_started(ask("damage_location"), ask("damage_date"), ask("damage_date"))),
        {"funnel": {"damage_form": [("damage_date", 1, 1), ("damage_location", 1, 0)]}},
    ),
    (
        "cancelled: action_cancel_form while the form is active",
        conversation("a", *_damage_started(user("stop", "stop"), action("action_cancel_form"), form(None))),
        {
            "flows": {"damage_form": (1, 0, 1, 0, 0)},
            "funnel": {"damage_form": [("damage_date", 1, 1)]},
        },
    ),
    (
        "a cancel after the form ended is not this form's",
        conversation("a", *_damage_started(form(None), user("stop", "stop"), action("action_cancel_form"))),
        {"flows": {"damage_form": (1, 0, 0, 0, 1)}},
    ),
    (
        "handed over while the form is active",
        conversation("a", *_damage_started(slot("handoff_active", True), form(None))),
        {"conversations": 1, "handed_over": 1, "flows": {"damage_form": (1, 0, 0, 1, 0)}},
    ),
    (
        "handed over right after the form ended, in the same turn",
        conversation(
            "a",
            *_damage_started(user("een mens aub", "human"), form(None), action("action_handoff")),
            slot("handoff_active", True),
        ),
        {"handed_over": 1, "flows": {"damage_form": (1, 0, 0, 1, 0)}},
    ),
    (
        "a handover turns later is the conversation's, not the abandoned form's",
        conversation("a", *_damage_started(form(None), user("iets anders"), slot("handoff_active", True))),
        {"handed_over": 1, "flows": {"damage_form": (1, 0, 0, 0, 1)}},
    ),
    (
        "handoff_active false is no handover",
        conversation("a", user(), slot("handoff_active", False)),
        {"conversations": 1, "handed_over": 0, "containment_rate": 1.0},
    ),
    (
        "completion after a new start of the same form belongs to the new run",
        conversation(
            "a", *_damage_started(form(None)), *_damage_started(form(None)), slot("outcome", "damage_form:completed")
        ),
        {"flows": {"damage_form": (2, 1, 0, 0, 1)}, "completion_rate": {"damage_form": 0.5}},
    ),
    (
        "an outcome of another form does not complete this one",
        conversation("a", *_damage_started(form(None)), slot("outcome", "mileage_form:completed")),
        {"flows": {"damage_form": (1, 0, 0, 0, 1)}},
    ),
    (
        "another form starting ends the first; a new session ends the second (a later cancel is not its)",
        conversation(
            "a",
            *_damage_started(form("mileage_form"), ask("mileage_odometer")),
            {"event": "session_started"},
            action("action_cancel_form"),
        ),
        {"flows": {"damage_form": (1, 0, 0, 0, 1), "mileage_form": (1, 0, 0, 0, 1)}},
    ),
    (
        "document answers: answered, clarified (Bedoelt u…?) and declined",
        conversation(
            "a",
            user("wat kost een ruit?", "faq"),
            slot("outcome", "faq:answered"),
            user("en banden?", "faq"),
            slot("outcome", "faq:answered"),
            user("dekking?", "faq"),
            slot("outcome", "faq:clarified"),
            user("wie wint de match?", "faq"),
            slot("outcome", "faq:declined"),
        ),
        {"answers": (2, 1, 1, 0.5, 0.25, 0.25), "flows": {}},
    ),
    (
        "request_form split by its request type, set at or just before the start",
        [
            *conversation(
                "d",
                user("nieuw rekeningnummer", "request_iban_change"),
                slot("request_type", "iban_change"),
                form("request_form"),
                ask("req_iban"),  # verified earlier in this conversation: no verification questions
                user("…"),
            ),
            *conversation(
                "a",
                user("nieuw rekeningnummer", "request_iban_change"),
                action("action_start_request"),
                slot("request_type", None),
                slot("request_type", "iban_change"),
                form("request_form"),
                ask("verify_contract_number"),
                user("PL-100001"),
                ask("req_iban"),
                user("BE71096123456769"),
                ask("request_confirmed"),
                user("ja"),
                form(None),
                slot("outcome", "request_form:completed"),
                slot("request_type", None),
            ),
            *conversation(
                "b",
                user("ander adres", "request_address_change"),
                form("request_form"),
                slot("request_type", "address_change"),  # set by the form's first run, before any question
                ask("req_street"),
                user("…"),
            ),
            *conversation("c", user("een aanvraag"), form("request_form"), ask("req_reason")),
        ],
        {
            "flows": {
                "request_form:iban_change": (2, 1, 0, 0, 1),
                "request_form:address_change": (1, 0, 0, 0, 1),
                "request_form": (1, 0, 0, 0, 1),
            },
            "funnel": {
                # Run d, read first, skipped verification; run a puts those questions before req_iban.
                "request_form:iban_change": [
                    ("verify_contract_number", 1, 0),
                    ("req_iban", 2, 1),
                    ("request_confirmed", 1, 0),
                ],
                "request_form:address_change": [("req_street", 1, 1)],
            },
        },
    ),
    (
        "a request type set after the form's first question does not relabel the run",
        conversation("a", user(), form("request_form"), ask("req_reason"), slot("request_type", "termination")),
        {"flows": {"request_form": (1, 0, 0, 0, 1)}},
    ),
    (
        "containment over several conversations; flows ordered by starts",
        [
            *conversation("a", user(), slot("handoff_active", True)),
            *conversation("b", *_damage_started()),
            *conversation("c", user(), form("mileage_form"), user(), form("mileage_form")),
            *conversation("d", action("action_session_start"), {"event": "session_started"}),  # never spoke
            *conversation("e", user(), form("mileage_form")),
        ],
        {
            "conversations": 4,
            "handed_over": 1,
            "containment_rate": 0.75,
            # "c": the same form named again while it runs is the same run.
            "flow_order": ["mileage_form", "damage_form"],
            "flows": {"damage_form": (1, 0, 0, 0, 1), "mileage_form": (2, 0, 0, 0, 2)},
        },
    ),
    (
        "period: Brussels days, inclusive; events outside are ignored",
        [
            # 23:59 Brussels on the last day is in, 00:00 on the next day is out; UTC would say otherwise.
            *damage_completed("late", start=MORNING.replace(hour=23, minute=59, second=50)),
            *conversation("next-day", user(), start=MORNING.replace(hour=0) + timedelta(days=1)),
            *conversation("before", user(), start=MORNING.replace(hour=0) - timedelta(days=14, seconds=1)),
            *conversation("first-day", user(), start=MORNING.replace(hour=0) - timedelta(days=13)),
        ],
        {
            # "late" spoke before midnight; its form started before and completed after it: cut at the edge.
            "conversations": 2,
            "flows": {"damage_form": (1, 0, 0, 0, 1)},
            "funnel": {"damage_form": [("damage_date", 1, 1)]},
        },
    ),
    (
        "nothing at all",
        [],
        {"conversations": 0, "handed_over": 0, "containment_rate": None, "answers": (0, 0, 0, None, None, None)},
    ),
]


@pytest.mark.parametrize(("events", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_figures(events: list, expected: dict[str, Any]) -> None:
    result = summarise(events, PERIOD, "tracker_store")
    flows = {flow.flow: flow for flow in result.flows}
    for key, value in expected.items():
        if key in ("conversations", "handed_over", "containment_rate"):
            assert getattr(result, key) == value, key
        elif key == "flows":
            ends = {
                name: (f.started, f.completed, f.cancelled, f.handed_over, f.abandoned) for name, f in flows.items()
            }
            assert ends == value
        elif key == "funnel":
            for name, steps in value.items():
                assert [(s.slot, s.asked, s.gave_up) for s in flows[name].funnel] == steps, name
        elif key == "completion_rate":
            assert {name: flows[name].completion_rate for name in value} == value
        elif key == "answers":
            answers = result.document_answers
            assert (
                answers.answered,
                answers.clarified,
                answers.declined,
                answers.answered_rate,
                answers.clarified_rate,
                answers.declined_rate,
            ) == value
        elif key == "flow_order":
            assert [f.flow for f in result.flows] == value
        else:
            raise AssertionError(f"unknown expectation {key}")


def test_a_form_answered_within_the_hour_is_in_progress_not_abandoned() -> None:
    events = conversation("web-C1001", *_damage_started())
    last = events[-1][1]["timestamp"]
    (recent,) = summarise(events, PERIOD, "tracker_store", now=last + 59 * 60).flows
    (stale,) = summarise(events, PERIOD, "tracker_store", now=last + 61 * 60).flows
    assert (recent.in_progress, recent.abandoned, recent.funnel[0].gave_up) == (1, 0, 0)
    assert (stale.in_progress, stale.abandoned, stale.funnel[0].gave_up) == (0, 1, 1)


def test_the_result_names_its_source_and_period() -> None:
    result = summarise(damage_completed("a"), PERIOD, "event_broker").model_dump(mode="json", by_alias=True)
    assert result["source"] == "event_broker"
    assert result["period"] == {"from": "2026-11-10", "to": "2026-11-23"}
    assert result["flows"][0]["completion_rate"] == 1.0
