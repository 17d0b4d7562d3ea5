"""The console's analytics change with real conversations over the REST channel (the whole stack: Rasa's
SQLite tracker store is the embedded source the API reads)."""

from __future__ import annotations

import pytest

from .chat import DAMAGE_ANSWERS

pytestmark = pytest.mark.e2e

DAMAGE = ["ik heb een aanrijding gehad", *DAMAGE_ANSWERS, "ja"]  # the last "ja" confirms the summary


def flow(figures: dict, name: str) -> dict:
    empty = {"started": 0, "completed": 0, "cancelled": 0, "handed_over": 0, "abandoned": 0, "in_progress": 0}
    empty["funnel"] = []
    return next((item for item in figures["flows"] if item["flow"] == name), empty)


def gave_up(flow_figures: dict) -> dict[str, int]:
    return {step["slot"]: step["gave_up"] for step in flow_figures["funnel"]}


def test_conversations_through_the_rest_channel_change_the_figures(stack):
    token = stack.token("C1002")
    before = stack.analytics_today()
    assert before["source"] == "tracker_store"

    stack.say("Wie betaalt de parkeerboetes?", "analytics-faq", token)
    for line in DAMAGE:
        replies = stack.say(line, "analytics-damage", token)
    assert "SCH-" in " ".join(reply.get("text") or "" for reply in replies)
    stack.say("ik wil mijn rekeningnummer wijzigen", "analytics-iban", token)  # and then nothing more
    stack.say("ik wil mijn kilometerstand doorgeven", "analytics-mileage", token)
    stack.say("stop", "analytics-mileage", token)

    after = stack.analytics_today()
    assert after["conversations"] == before["conversations"] + 4
    assert after["handed_over"] == before["handed_over"]
    answered = sum(
        after["document_answers"][kind] - before["document_answers"][kind]
        for kind in ("answered", "clarified", "declined")
    )
    assert answered == 1

    damage_before, damage_after = flow(before, "damage_form"), flow(after, "damage_form")
    assert (damage_after["started"], damage_after["completed"]) == (
        damage_before["started"] + 1,
        damage_before["completed"] + 1,
    )
    # Asked a moment ago: the customer may still answer (abandoned only after an hour of silence).
    iban_before, iban_after = flow(before, "request_form:iban_change"), flow(after, "request_form:iban_change")
    assert (iban_after["in_progress"], iban_after["abandoned"]) == (
        iban_before["in_progress"] + 1,
        iban_before["abandoned"],
    )
    mileage_before, mileage_after = flow(before, "mileage_form"), flow(after, "mileage_form")
    assert mileage_after["cancelled"] == mileage_before["cancelled"] + 1
    assert gave_up(mileage_after)["mileage_odometer"] == gave_up(mileage_before).get("mileage_odometer", 0) + 1
