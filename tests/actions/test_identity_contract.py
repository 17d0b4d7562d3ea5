"""Identity from the channel's token, verification without a login, and 'my contract' answers."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.events import FollowupAction, SlotSet

from actions import messages
from actions.common import asks_own_bundle, customer_token
from actions.contract import ActionAnswerContract, is_general_question
from actions.identity import ActionResumeAfterVerify, ValidateVerifyForm
from actions.requests import ActionStartRequest
from actions.settings import get_settings

CONTRACT = {
    "contract_number": "PL-100001",
    "product": "be_private_lease",
    "start_date": "2024-03-01",
    "end_date": "2028-02-29",
    "duration_months": 48,
    "yearly_km": 15000,
    "last_reading": {"odometer_km": 48000, "reading_date": "2026-11-01"},
}


def test_token_comes_from_the_latest_message_metadata_then_session_start_then_verification(tracker_factory):
    assert customer_token(tracker_factory(token="jwt-a")) == "jwt-a"
    session = [
        {"event": "session_started", "metadata": {"customer_token": "jwt-b"}},
        {"event": "user", "text": "hallo", "metadata": {}},
    ]
    assert customer_token(tracker_factory(token=None, events=session)) == "jwt-b"
    assert customer_token(tracker_factory({"auth_token": "jwt-c"}, token=None, events=[])) == "jwt-c"
    assert customer_token(tracker_factory(token=None, events=[])) is None


def test_verification_gets_a_short_lived_token(api, dispatcher, tracker_factory, domain):
    api.on("POST", "/validate", 200, {"valid": True, "value": "1-ABC-123", "detail": None})
    api.on(
        "POST",
        "/auth/verify",
        200,
        {"access_token": "short-jwt", "token_type": "bearer", "expires_in": 900, "customer_number": "C1001"},
    )
    tracker = tracker_factory(
        {"verify_contract_number": "PL-100001", "requested_slot": "verify_license_plate"},
        token=None,
        events=[],
        typed={"verify_license_plate": "1abc123"},
    )

    events = asyncio.run(ValidateVerifyForm().run(dispatcher, tracker, domain))

    assert events == [
        SlotSet("verify_license_plate", "1-ABC-123"),
        SlotSet("auth_token", "short-jwt"),
        SlotSet("requested_slot", None),
    ]
    verify = api.sent("POST", "/auth/verify")[0]
    assert api.body(verify) == {"contract_number": "PL-100001", "license_plate": "1-ABC-123"}
    # Failed attempts count per conversation, vouched for by the service token.
    assert verify.headers["X-Conversation-Id"] == tracker.sender_id
    assert verify.headers["Authorization"] == f"Bearer {get_settings().service_token}"
    assert dispatcher.messages[0]["text"] == messages.VERIFIED


def test_failed_verification_asks_both_again(api, dispatcher, tracker_factory, domain):
    api.on("POST", "/validate", 200, {"valid": True, "value": "1-ABC-999", "detail": None})
    api.on("POST", "/auth/verify", 401, {"status": 401, "detail": "Onbekende combinatie."})
    tracker = tracker_factory(
        {"verify_contract_number": "PL-100001", "requested_slot": "verify_license_plate"},
        token=None,
        events=[],
        typed={"verify_license_plate": "1-ABC-999"},
    )

    events = asyncio.run(ValidateVerifyForm().run(dispatcher, tracker, domain))

    assert SlotSet("verify_contract_number", None) in events
    assert events[-1] == SlotSet("requested_slot", "verify_contract_number")
    assert dispatcher.messages[0]["text"] == messages.VERIFY_FAILED


def test_contract_questions(api, dispatcher, tracker_factory, domain):
    api.on("GET", "/me/contracts/PL-100001", 200, CONTRACT)
    answers = {}
    for intent in ("ask_km_bundle", "ask_contract_end", "ask_last_reading"):
        collected = type(dispatcher)()
        asyncio.run(ActionAnswerContract().run(collected, tracker_factory(intent=intent), domain))
        answers[intent] = collected.messages[0]["text"]
    assert answers["ask_km_bundle"] == "Uw kilometerbundel voor contract PL-100001 is 15.000 km per jaar."
    assert answers["ask_contract_end"] == "Uw contract PL-100001 loopt van 01-03-2024 tot 29-02-2028 (48 maanden)."
    assert answers["ask_last_reading"] == "Uw laatst doorgegeven kilometerstand is 48.000 km, op 01-11-2026."


def test_contract_question_without_login_verifies_first_then_resumes(api, dispatcher, tracker_factory, domain):
    events = asyncio.run(
        ActionAnswerContract().run(dispatcher, tracker_factory(intent="ask_km_bundle", token=None, events=[]), domain)
    )
    assert events == [
        SlotSet("pending_action", "action_answer_contract"),
        SlotSet("pending_question", "ask_km_bundle"),
        FollowupAction("verify_form"),
    ]
    assert api.requests == []

    resumed = asyncio.run(
        ActionResumeAfterVerify().run(
            dispatcher,
            tracker_factory(
                {"pending_action": "action_answer_contract", "auth_token": "short-jwt"}, token=None, events=[]
            ),
            domain,
        )
    )
    assert resumed == [
        SlotSet("pending_action", None),
        SlotSet("outcome", "verify_form:completed"),
        FollowupAction("action_answer_contract"),
    ]


def test_the_lease_is_the_primary_contract_financing_only_for_its_documents():
    from actions.common import primary_contract

    me = {
        "contracts": [
            {"contract_number": "FN-300003", "product": "financing"},
            {"contract_number": "PL-100003", "product": "be_private_lease"},
        ]
    }
    assert primary_contract(me)["contract_number"] == "PL-100003"
    assert primary_contract(me, financing=True)["contract_number"] == "FN-300003"
    assert (
        primary_contract({"contracts": [{"contract_number": "FN-1", "product": "financing"}]})["contract_number"]
        == "FN-1"
    )
    assert primary_contract({"contracts": []}) is None


def test_contract_question_without_login_inside_a_form_leaves_the_form_running(
    api, dispatcher, tracker_factory, domain
):
    tracker = tracker_factory(
        text="wat is mijn bundel?", intent="ask_km_bundle", token=None, active_loop="callback_form"
    )
    events = asyncio.run(ActionAnswerContract().run(dispatcher, tracker, domain))
    assert events == []
    assert dispatcher.messages[0]["text"] == messages.CONTRACT_NEEDS_IDENTITY


def test_a_general_question_the_nlu_is_unsure_is_a_contract_fact_is_answered_from_the_documents(
    api, dispatcher, tracker_factory, domain
):
    answer = {"text": "Je hebt 14 dagen bedenktijd.", "citation": "Bron: FAQ private lease, vraag 7"}
    api.on("GET", "/knowledge/search", 200, {"decision": "answer", "answer": answer, "hits": []})
    text = "Hoe lang heb ik bedenktijd na het ondertekenen van het contract?"
    tracker = tracker_factory(text=text, intent="ask_contract_end")
    tracker.latest_message["intent"]["confidence"] = 0.8

    asyncio.run(ActionAnswerContract().run(dispatcher, tracker, domain))

    assert dispatcher.messages[0]["text"] == "Je hebt 14 dagen bedenktijd.\nBron: FAQ private lease, vraag 7"
    assert api.sent("GET", "/me/contracts/PL-100001") == []


@pytest.mark.parametrize(
    ("text", "confidence", "general"),
    [
        ("Hoe lang heb ik bedenktijd na het ondertekenen van het contract?", 0.8, True),  # how things go
        ("hoeveel pk heeft een Passat eigenlijk", 0.73, True),  # nothing of the customer's own
        ("welke bundel heb ik nu", 0.6, False),  # the customer's own fact, the NLU unsure
        ("einde contract?", 0.85, False),
        ("hoe lang heb ik de passat nog voor ik hem moet inleveren?", 0.85, False),  # how long, of their own
        ("hoeveel kost een extra km boven de bundel?", 0.95, True),  # a price: no contract fact says one
        ("hoeveel betaal ik per km als ik boven mijn bundel uitkom", 0.97, True),
    ],
)
def test_a_contract_fact_is_searched_when_it_asks_how_things_go_or_names_nothing_of_the_customers_own(
    text, confidence, general
):
    assert is_general_question(text, confidence) is general


@pytest.mark.parametrize(
    "text", ["mijn kilometerbundel?", "mijn km-limiet per jaar?", "wat is mijn jaarlijkse kilometerpakket"]
)
def test_the_bundle_the_nlu_took_for_changing_it_is_answered_and_no_form_starts(
    api, dispatcher, tracker_factory, domain, text
):
    api.on("GET", "/me/contracts/PL-100001", 200, CONTRACT)
    tracker = tracker_factory(text=text, intent="request_km_bundle_change")

    events = asyncio.run(ActionStartRequest().run(dispatcher, tracker, domain))

    assert events == [
        SlotSet("pending_question", None),
        SlotSet("outcome", "contract:km_bundle"),
        FollowupAction("action_listen"),
    ]
    assert dispatcher.messages[0]["text"] == "Uw kilometerbundel voor contract PL-100001 is 15.000 km per jaar."


def test_a_new_bundle_asked_for_starts_the_request():
    assert not asks_own_bundle("mijn km bundel verhogen naar 20.000 aub")
    assert not asks_own_bundle("tellen de kilometers in het buitenland ook mee voor mijn km-pakket?")
    assert asks_own_bundle("welke bundel heb ik nu?")
