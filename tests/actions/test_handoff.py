"""Handoff in and out of chat hours, callback requests."""

from __future__ import annotations

import asyncio

import httpx
from rasa_sdk.events import FollowupAction, SlotSet

from actions import messages
from actions.handoff import (
    ActionHandoff,
    ActionRelayToAgent,
    ActionStartCallback,
    ActionSubmitCallback,
    ValidateCallbackForm,
)

HISTORY = [
    {
        "event": "user",
        "text": "ik wil mijn iban wijzigen",
        "timestamp": 1_763_800_000.0,
        "metadata": {"customer_token": "customer-jwt"},
        "parse_data": {"intent": {"name": "request_iban_change"}},
    },
    {"event": "bot", "text": "Wat is uw nieuwe rekeningnummer (IBAN)?", "timestamp": 1_763_800_001.0},
    {
        "event": "user",
        "text": "medewerker",
        "timestamp": 1_763_800_002.0,
        "metadata": {"customer_token": "customer-jwt"},
        "parse_data": {"intent": {"name": "human_handoff"}},
    },
]


def test_in_chat_hours_creates_a_handoff_with_transcript_and_slots_then_pauses(
    api, dispatcher, tracker_factory, domain
):
    api.on("POST", "/handoffs", 201, {"id": 9, "conversation_id": "conv-1", "status": "queued"})
    tracker = tracker_factory(
        {"req_iban": "BE68539007547034", "auth_token": "secret", "request_type": "iban_change"},
        text="medewerker",
        intent="human_handoff",
        events=HISTORY,
    )

    events = asyncio.run(ActionHandoff().run(dispatcher, tracker, domain))

    assert events == [SlotSet("failed_turns", 0), SlotSet("handoff_active", True), SlotSet("handoff_id", 9)]
    sent = api.sent("POST", "/handoffs")[0]
    assert sent.headers["Authorization"] == "Bearer service-secret"
    body = api.body(sent)
    assert body["conversation_id"] == "conv-1"
    assert body["customer_number"] == "C1001"
    assert body["reason"] == "customer_request"
    assert [line["sender"] for line in body["transcript"]] == ["customer", "bot", "customer"]
    assert body["transcript"][1]["text"] == "Wat is uw nieuwe rekeningnummer (IBAN)?"
    assert body["slots"] == {"req_iban": "BE68539007547034", "request_type": "iban_change"}
    assert dispatcher.messages[0]["text"] == messages.HANDOFF_STARTED


def test_out_of_hours_says_when_chat_opens_and_offers_a_callback(api, dispatcher, tracker_factory, domain):
    api.on(
        "GET",
        "/chat-hours",
        200,
        {
            "open": False,
            "next_open_text": "maandag 23 november om 9:00",
            "hours_text": "maandag tot en met vrijdag van 9.00 tot 17.00 uur (niet op feestdagen)",
        },
    )
    events = asyncio.run(
        ActionHandoff().run(dispatcher, tracker_factory(text="medewerker", intent="human_handoff"), domain)
    )

    assert events == [SlotSet("failed_turns", 0)]
    assert api.sent("POST", "/handoffs") == []
    message = dispatcher.messages[0]
    assert "maandag 23 november om 9:00" in message["text"]
    assert "13.00 tot 15.00" in message["text"] and "'Contact'" in message["text"]
    assert message["buttons"][0]["payload"] == "/request_callback"


def test_conflict_from_the_api_is_treated_as_closed(api, dispatcher, tracker_factory, domain):
    api.on("POST", "/handoffs", 409, {"status": 409, "detail": "De chat is gesloten."})
    events = asyncio.run(ActionHandoff().run(dispatcher, tracker_factory(intent="human_handoff"), domain))
    assert events == []
    assert dispatcher.messages[0]["buttons"][0]["payload"] == "/request_callback"


def test_upset_customer_gets_an_apology_and_the_reason_is_recorded(api, dispatcher, tracker_factory, domain):
    api.on("POST", "/handoffs", 201, {"id": 10, "status": "queued"})
    asyncio.run(ActionHandoff().run(dispatcher, tracker_factory(text="dit is belachelijk", intent="upset"), domain))
    assert dispatcher.messages[0]["text"] == messages.HANDOFF_UPSET
    assert api.body(api.sent("POST", "/handoffs")[0])["reason"] == "customer_upset"


def test_an_upset_customer_telling_of_damage_is_offered_the_damage_file_and_a_human(
    api, dispatcher, tracker_factory, domain
):
    api.on("POST", "/extract", 200, {"values": {"damage_kind": "vandalism"}})
    text = "iemand heeft met een sleutel over heel de zijkant van mijn auto getrokken, ik ben zo kwaad"

    events = asyncio.run(ActionHandoff().run(dispatcher, tracker_factory(text=text, intent="upset"), domain))

    assert events == []
    assert api.sent("POST", "/handoffs") == []
    assert [m["text"] for m in dispatcher.messages] == [messages.HANDOFF_UPSET, messages.DAMAGE_OFFER]
    assert [b["payload"] for b in dispatcher.messages[1]["buttons"]] == ["/report_damage", "/human_handoff"]


def test_api_down_never_leaves_the_customer_without_a_route(api, dispatcher, tracker_factory, domain):
    api.down("GET", "/chat-hours")
    events = asyncio.run(ActionHandoff().run(dispatcher, tracker_factory(intent="human_handoff"), domain))
    assert events == []
    assert dispatcher.messages[0]["text"] == messages.API_DOWN


def test_callback_prefills_the_name_asks_the_phone_offering_the_known_one_and_submits(
    api, dispatcher, tracker_factory, domain
):
    start = asyncio.run(ActionStartCallback().run(dispatcher, tracker_factory(intent="request_callback"), domain))
    assert SlotSet("callback_name", "Jan Peeters") in start
    assert not [event for event in start if event.get("name") == "callback_phone"]
    asked = type(dispatcher)()
    asyncio.run(ValidateCallbackForm().ask("callback_phone", asked, tracker_factory(intent="request_callback")))
    assert asked.messages[0]["text"] == "Op welk telefoonnummer kunnen we u bereiken?"
    assert asked.messages[0]["buttons"] == [{"title": "+32470123456", "payload": "+32470123456"}]

    api.on("POST", "/callbacks", 201, {"id": 1, "reference": "CB-2026-000001"})
    slots = {"callback_name": "Jan Peeters", "callback_phone": "+32470123456", "callback_time": "dinsdagvoormiddag"}
    asyncio.run(ActionSubmitCallback().run(dispatcher, tracker_factory(slots, events=HISTORY[:2]), domain))
    body = api.body(api.sent("POST", "/callbacks")[0])
    assert body == {
        "conversation_id": "conv-1",
        "customer_number": "C1001",
        "name": "Jan Peeters",
        "phone": "+32470123456",
        "preferred_time": "dinsdagvoormiddag",
        "topic": "ik wil mijn iban wijzigen",
    }
    assert dispatcher.messages[-1]["text"] == messages.CALLBACK_SUBMITTED.format(
        reference="CB-2026-000001", phone="+32470123456", preferred_time="dinsdagvoormiddag"
    )


def test_during_a_handoff_messages_go_to_the_agent_and_the_bot_stays_silent(api, dispatcher, tracker_factory, domain):
    api.on("POST", "/handoffs/9/messages", 200, {"id": 9, "status": "assigned"})
    tracker = tracker_factory({"handoff_active": True, "handoff_id": 9}, text="mijn iban is BE68539007547034")

    events = asyncio.run(ActionRelayToAgent().run(dispatcher, tracker, domain))

    assert events == []
    assert dispatcher.messages == []
    sent = api.sent("POST", "/handoffs/9/messages")[0]
    assert api.body(sent) == {"text": "mijn iban is BE68539007547034"}
    assert sent.headers["Authorization"] == "Bearer service-secret"


def test_after_the_agent_hands_back_the_bot_takes_over_again(api, dispatcher, tracker_factory, domain):
    api.on("POST", "/handoffs/9/messages", 404, {"status": 404, "detail": "Er is geen open overdracht."})
    tracker = tracker_factory({"handoff_active": True, "handoff_id": 9}, text="hallo?")

    events = asyncio.run(ActionRelayToAgent().run(dispatcher, tracker, domain))

    assert events == [SlotSet("handoff_active", False), SlotSet("handoff_id", None), FollowupAction("action_listen")]
    assert dispatcher.messages[0]["text"] == messages.HANDED_BACK


def test_a_correction_of_the_reading_the_nlu_took_for_a_callback_corrects_it_and_starts_no_form(
    api, dispatcher, tracker_factory, domain
):
    api.on("POST", "/extract", 200, {"values": {"correction": "yes", "odometer": 45120}})
    api.on(
        "PUT",
        "/me/mileage/3",
        200,
        {"id": 3, "odometer_km": 45120, "reading_date": "2026-11-24", "projection": None},
    )
    tracker = tracker_factory(
        {"mileage_last_reading": {"id": 3, "km": 45210}},
        text="sorry, bel... nee 45.120 staat er",
        intent="request_callback",
    )

    events = asyncio.run(ActionStartCallback().run(dispatcher, tracker, domain))

    assert events[-1] == FollowupAction("action_listen")
    assert api.body(api.sent("PUT", "/me/mileage/3")[0]) == {"odometer_km": 45120}


def test_a_piece_of_the_phone_number_corrected_when_the_time_is_asked_changes_the_number_and_asks_the_time_again(
    api, dispatcher, tracker_factory, domain
):
    """The correction names only the last digits: the stored number is handed to the reader with it."""
    text = "sorry de laatste twee cijfers zijn 17, niet 71"

    def extract(request):
        body = api.body(request)
        if body["text"].startswith("+32470123471 "):
            return httpx.Response(200, json={"values": {"phone": "+32470123417"}})
        return httpx.Response(200, json={"values": {"correction": "explicit"}})

    api.handle("POST", "/extract", extract)
    slots = {"callback_name": "Jan Peeters", "callback_phone": "+32470123471", "requested_slot": "callback_time"}
    tracker = tracker_factory(slots, text=text, active_loop="callback_form", typed={"callback_time": text})

    events = asyncio.run(ValidateCallbackForm().run(dispatcher, tracker, domain))

    assert SlotSet("callback_phone", "+32470123417") in events
    assert SlotSet("callback_time", None) in events
    assert [api.body(request)["text"] for request in api.sent("POST", "/extract")][-1] == f"+32470123471 {text}"


def test_a_human_asked_to_call_back_gets_the_callback_form(api, dispatcher, tracker_factory, domain):
    """ "Ik wil een MENS spreken, bel me terug." taken for a human: the customer asked to be called."""
    api.on("GET", "/me", 200, {"customer_number": "C1002", "name": "Sanne de Vries", "contracts": []})
    text = "Dit is nu de derde keer dat ik het vraag. Ik wil een MENS spreken, bel me terug."
    events = asyncio.run(ActionHandoff().run(dispatcher, tracker_factory(text=text, intent="human_handoff"), domain))

    assert events[1:] == [SlotSet("callback_name", "Sanne de Vries"), FollowupAction("callback_form")]
    assert api.sent("POST", "/handoffs") == []
