"""Mileage: the ways people type a reading, a reading going backwards, projection and advice."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.events import FollowupAction, SlotSet

from actions.mileage import ActionReportMileageResult, ValidateMileageForm

BACKWARDS = "Deze stand is lager dan uw vorige stand van 48.000 km op 01-11-2026."
RESULT = {
    "id": 3,
    "contract_number": "PL-100001",
    "odometer_km": 45210,
    "reading_date": "2026-11-22",
    "projection": {
        "projected_yearly_km": 21800,
        "bundle_km": 15000,
        "deviation_pct": 45.3,
        "bundle_change_advisable": True,
        "suggested_bundle_km": 22500,
        "estimated_settlement_eur": 1020.0,
        "advice_text": "U rijdt meer dan uw bundel.",
    },
}


def validate(tracker, dispatcher, domain):
    return asyncio.run(ValidateMileageForm().run(dispatcher, tracker, domain))


def test_valid_reading_is_posted_and_ends_the_form(api, dispatcher, tracker_factory, domain):
    api.on("POST", "/validate", 200, {"valid": True, "value": 45210, "detail": None})
    api.on("POST", "/me/mileage", 201, RESULT)
    tracker = tracker_factory(
        {"requested_slot": "mileage_odometer"}, text="45 210", typed={"mileage_odometer": "45 210"}
    )

    events = validate(tracker, dispatcher, domain)

    assert events == [
        SlotSet("mileage_odometer", 45210),
        SlotSet("mileage_result", RESULT),
        SlotSet("requested_slot", None),
    ]
    assert api.body(api.sent("POST", "/me/mileage")[0]) == {"contract_number": "PL-100001", "odometer_km": 45210}


def test_reading_below_the_last_one_is_refused_with_the_last_reading(api, dispatcher, tracker_factory, domain):
    api.on("POST", "/validate", 200, {"valid": True, "value": 45210, "detail": None})
    api.on("POST", "/me/mileage", 422, {"title": "Ongeldige stand", "status": 422, "detail": BACKWARDS})
    tracker = tracker_factory({"requested_slot": "mileage_odometer"}, typed={"mileage_odometer": "45210"})

    events = validate(tracker, dispatcher, domain)

    assert events == [
        SlotSet("mileage_odometer", None),
        SlotSet("failed_attempts", {"mileage_odometer": 1}),
        SlotSet("requested_slot", "mileage_odometer"),
    ]
    assert dispatcher.messages[0]["text"] == BACKWARDS
    assert dispatcher.messages[1]["text"].startswith("Wat is de huidige kilometerstand")


def test_reading_in_the_first_message_is_kept(api, dispatcher, tracker_factory, domain):
    # Read by the API's odometer reader like every answer: of "bijna 8000, exact 7.915 km" it takes 7.915.
    api.on("POST", "/extract", 200, {"values": {"odometer": 45210}})
    api.on("POST", "/validate", 200, {"valid": True, "value": 45210, "detail": None})
    api.on("POST", "/me/mileage", 201, RESULT)
    text = "ik wil mijn kilometerstand doorgeven: bijna 45.300, exact 45.210 km"
    tracker = tracker_factory(text=text, intent="report_mileage")

    events = validate(tracker, dispatcher, domain)

    assert SlotSet("mileage_odometer", 45210) in events
    assert api.body(api.sent("POST", "/extract")[0])["fields"] == ["odometer"]
    assert api.body(api.sent("POST", "/validate")[0]) == {"field": "odometer", "value": "45210"}


def test_projection_and_bundle_advice(dispatcher, tracker_factory, domain):
    events = asyncio.run(
        ActionReportMileageResult().run(dispatcher, tracker_factory({"mileage_result": RESULT}), domain)
    )
    texts = [m["text"] for m in dispatcher.messages]
    assert texts[0] == "Dank u, ik heb uw kilometerstand van 45.210 km op 22-11-2026 genoteerd."
    assert texts[1] == "U rijdt meer dan uw bundel."
    assert texts[2] == "Wilt u uw kilometerbundel aanpassen naar 22.500 km per jaar?"
    assert dispatcher.messages[2]["buttons"][0]["payload"] == "/request_km_bundle_change"
    assert SlotSet("suggested_bundle_km", 22500) in events


def test_projection_without_advice_text_is_worded_by_the_bot(dispatcher, tracker_factory, domain):
    result = {**RESULT, "projection": {**RESULT["projection"], "advice_text": None, "bundle_change_advisable": False}}
    asyncio.run(ActionReportMileageResult().run(dispatcher, tracker_factory({"mileage_result": result}), domain))
    assert dispatcher.messages[1]["text"] == (
        "Aan dit tempo rijdt u ongeveer 21.800 km per jaar, voor een bundel van 15.000 km per jaar."
    )
    assert len(dispatcher.messages) == 2


def test_a_correction_right_after_a_reading_corrects_todays_reading(api, dispatcher, tracker_factory, domain):
    corrected = {**RESULT, "odometer_km": 45120}
    api.on("POST", "/extract", 200, {"values": {"correction": "explicit", "odometer": 45120}})
    api.on("POST", "/validate", 200, {"valid": True, "value": 45120, "detail": None})
    api.on("PUT", "/me/mileage/3", 200, corrected)
    text = "sorry verkeerd gelezen, er staat 45.120"
    slots = {"requested_slot": "mileage_odometer", "mileage_last_reading": {"id": 3}}
    tracker = tracker_factory(slots, text=text, typed={"mileage_odometer": text})

    events = validate(tracker, dispatcher, domain)

    assert SlotSet("mileage_result", corrected) in events
    assert api.body(api.sent("PUT", "/me/mileage/3")[0]) == {"odometer_km": 45120}
    assert api.sent("POST", "/me/mileage") == []


def test_a_correction_the_nlu_took_for_something_else_still_corrects_the_reading(
    api, dispatcher, tracker_factory, domain
):
    from actions.faq import ActionAnswerFaq

    api.on("POST", "/extract", 200, {"values": {"correction": "yes", "odometer": 45120}})
    api.on("PUT", "/me/mileage/3", 200, {**RESULT, "odometer_km": 45120})
    tracker = tracker_factory({"mileage_last_reading": {"id": 3}}, text="nee foutje, het is 45.120", intent="inform")

    events = asyncio.run(ActionAnswerFaq().run(dispatcher, tracker, domain))

    assert SlotSet("mileage_last_reading", {"id": 3, "km": 45120}) in events
    assert dispatcher.messages[0]["text"].startswith("Dank u, ik heb uw kilometerstand van 45.120 km")
    assert api.sent("GET", "/knowledge/search") == []


def test_a_correction_the_nlu_took_for_a_request_corrects_the_reading_and_starts_no_form(
    api, dispatcher, tracker_factory, domain
):
    from actions.requests import ActionStartRequest

    api.on("POST", "/extract", 200, {"values": {"correction": "yes", "odometer": 8460}})
    api.on("PUT", "/me/mileage/3", 200, {**RESULT, "odometer_km": 8460})
    slots = {"mileage_last_reading": {"id": 3, "km": 8640}}
    text = "oeps, 8460 moet het zijn, ik had de cijfers verwisseld"
    tracker = tracker_factory(slots, text=text, intent="request_address_change")

    events = asyncio.run(ActionStartRequest().run(dispatcher, tracker, domain))

    assert events[-1] == FollowupAction("action_listen")
    assert api.body(api.sent("PUT", "/me/mileage/3")[0]) == {"odometer_km": 8460}


def test_a_number_of_another_kind_after_a_reading_is_no_correction_of_it(api, dispatcher, tracker_factory, domain):
    from actions.faq import instead_of_task

    api.on("POST", "/extract", 200, {"values": {"correction": "yes", "odometer": 5}})
    slots = {"mileage_last_reading": {"id": 3, "km": 8640}}
    tracker = tracker_factory(slots, text="ik verhuis dus naar Kerkstraat 5", intent="request_address_change")

    assert asyncio.run(instead_of_task(dispatcher, tracker, "request_address_change")) is None
    assert api.sent("PUT", "/me/mileage/3") == []


def test_a_correction_the_nlu_took_for_a_no_corrects_the_reading(api, dispatcher, tracker_factory, domain):
    """To "Wilt u uw kilometerbundel aanpassen?" after a reading: "oei nee ik heb mij vergist, er staat 32.014"."""
    from actions.conversation import ActionAnythingElse

    api.on("POST", "/extract", 200, {"values": {"correction": "explicit", "odometer": 32014}})
    api.on("PUT", "/me/mileage/3", 200, {**RESULT, "odometer_km": 32014})
    slots = {"mileage_last_reading": {"id": 3, "km": 32104}}
    tracker = tracker_factory(slots, text="oei nee ik heb mij vergist, er staat 32.014", intent="deny")

    events = asyncio.run(ActionAnythingElse().run(dispatcher, tracker, domain))

    assert SlotSet("mileage_last_reading", {"id": 3, "km": 32014}) in events
    assert api.body(api.sent("PUT", "/me/mileage/3")[0]) == {"odometer_km": 32014}

    plain = type(dispatcher)()
    assert asyncio.run(ActionAnythingElse().run(plain, tracker_factory(text="nee", intent="deny"), domain)) == []
    assert plain.messages[0]["response"] == "utter_anything_else"


def test_a_digit_too_many_is_corrected_though_far_from_the_reading(api, dispatcher, tracker_factory, domain):
    from actions.faq import ActionAnswerFaq

    api.on("POST", "/extract", 200, {"values": {"correction": "explicit", "odometer": 8642}})
    api.on("PUT", "/me/mileage/3", 200, {**RESULT, "odometer_km": 8642})
    slots = {"mileage_last_reading": {"id": 3, "km": 86420}}
    tracker = tracker_factory(slots, text="sorry een nul te veel getypt, het is 8642", intent="faq")

    asyncio.run(ActionAnswerFaq().run(dispatcher, tracker, domain))

    assert api.body(api.sent("PUT", "/me/mileage/3")[0]) == {"odometer_km": 8642}


@pytest.mark.parametrize(
    ("typed", "meant", "slip"),
    [("8642", "86420", True), ("86420", "8642", True), ("8642", "8643", True), ("32014", "32104", False),
     ("8642", "8642", False), ("8642", "9999", False)],
)  # fmt: skip
def test_one_digit_slip(typed, meant, slip):
    from actions.mileage import one_digit_slip

    assert one_digit_slip(typed, meant) is slip


def test_a_question_about_readings_is_answered_with_the_reading_offered(api, dispatcher, tracker_factory, domain):
    from actions.mileage import ActionStartMileage

    api.on("POST", "/extract", 200, {"values": {}})
    api.on("GET", "/knowledge/search", 200, {"decision": "answer", "answer": {"text": "Elk jaar.", "citation": "Bron"}})
    text = "hoe vaak moet ik eigenlijk mijn kilometerstand doorgeven?"
    tracker = tracker_factory(text=text, intent="report_mileage")

    events = asyncio.run(ActionStartMileage().run(dispatcher, tracker, domain))

    assert events[-1] == FollowupAction("action_listen")
    assert dispatcher.messages[0]["text"] == "Elk jaar.\nBron"
    assert "/report_mileage" in [b["payload"] for m in dispatcher.messages for b in m.get("buttons") or []]


@pytest.mark.parametrize(
    "text", ["ik wil mijn kilometerstand doorgeven", "mijn teller zegt 55800, moet ik dat invullen?"]
)
def test_a_reading_starts_the_form(api, dispatcher, tracker_factory, domain, text):
    from actions.mileage import ActionStartMileage

    assert (
        asyncio.run(ActionStartMileage().run(dispatcher, tracker_factory(text=text, intent="report_mileage"), domain))
        == []
    )
