"""action_answer_faq: answer with source, clarify with buttons, decline with a route to a human."""

from __future__ import annotations

import asyncio
import json

import pytest
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import messages
from actions.common import CAR_TROUBLE, IDEMPOTENCY_SLOT, REQUEST_TOPICS, asked_route
from actions.damage import ActionStartDamage
from actions.faq import ActionAnswerFaq, ActionBreakdown
from actions.requests import ActionStartRequest
from tests.actions.conftest import ROOT

SEARCH = "/knowledge/search"


def run(action, dispatcher, tracker, domain):
    return asyncio.run(action.run(dispatcher, tracker, domain))


def test_answer_gives_extract_and_citation_for_the_customers_product(api, dispatcher, tracker_factory, domain):
    api.on(
        "GET",
        SEARCH,
        200,
        {
            "decision": "answer",
            "answer": {
                "text": "Wij onderhouden en repareren de auto.",
                "citation": "Bron: Algemene voorwaarden private lease, art. 3.3",
            },
            "hits": [],
        },
    )
    tracker = tracker_factory(text="wie betaalt het onderhoud?", intent="faq", slots={"failed_turns": 1})

    events = run(ActionAnswerFaq(), dispatcher, tracker, domain)

    assert events == [SlotSet("failed_turns", 0), SlotSet("outcome", "faq:answered")]
    assert dispatcher.messages[0]["text"] == (
        "Wij onderhouden en repareren de auto.\nBron: Algemene voorwaarden private lease, art. 3.3"
    )
    params = api.sent("GET", SEARCH)[0].url.params
    assert params["q"] == "wie betaalt het onderhoud?"
    assert params["product"] == "be_private_lease"


def test_without_token_searches_all_products(api, dispatcher, tracker_factory, domain):
    api.on("GET", SEARCH, 200, {"decision": "answer", "answer": {"text": "Ja.", "citation": "Bron: FAQ"}})
    run(ActionAnswerFaq(), dispatcher, tracker_factory(text="vraag", intent="faq", token=None), domain)
    assert "product" not in api.sent("GET", SEARCH)[0].url.params
    assert api.sent("GET", "/me") == []


def test_clarify_offers_top_candidates_as_buttons(api, dispatcher, tracker_factory, domain):
    hits = [
        {"doc": "d", "doc_title": "Voorwaarden", "section": "art. 6", "title": t, "text": "…", "score": 1}
        for t in (
            "Welke leaseprijs moet je betalen?",
            "Kan de leaseprijs veranderen?",
            "Hoe betaal je?",
            "Wat zit er niet in de leaseprijs?",
        )
    ]
    api.on("GET", SEARCH, 200, {"decision": "clarify", "answer": None, "hits": hits})

    events = run(ActionAnswerFaq(), dispatcher, tracker_factory(text="prijs", intent="faq"), domain)

    assert events == [SlotSet("outcome", "faq:clarified")]
    message = dispatcher.messages[0]
    assert message["text"] == messages.FAQ_CLARIFY
    assert [b["title"] for b in message["buttons"]] == [
        "Welke leaseprijs moet je betalen?",
        "Kan de leaseprijs veranderen?",
        "Hoe betaal je?",
        messages.FAQ_NONE_OF_THESE,
    ]
    assert message["buttons"][0]["payload"] == '/faq{"faq_pick": "Welke leaseprijs moet je betalen?"}'


def test_clarify_words_the_options_as_the_customers_questions_when_the_search_has_them(
    api, dispatcher, tracker_factory, domain
):
    hits = [
        {"title": "Artikel 5 Informatieverplichting", "question": "Moet ik een andere wagen melden?", "text": "…"},
        {"title": "Artikel 6.1 Verzwaring van het risico", "question": None, "text": "…"},
    ]
    api.on("GET", SEARCH, 200, {"decision": "clarify", "answer": None, "hits": hits})
    run(ActionAnswerFaq(), dispatcher, tracker_factory(text="andere auto", intent="faq"), domain)
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == [
        "Moet ik een andere wagen melden?",
        "Artikel 6.1 Verzwaring van het risico",
        messages.FAQ_NONE_OF_THESE,
    ]


def test_picked_candidate_is_answered_from_its_passage(api, dispatcher, tracker_factory, domain):
    hit = {
        "doc_title": "Voorwaarden private lease",
        "section": "art. 6.2",
        "title": "Kan de leaseprijs veranderen?",
        "text": "De leaseprijs kan wijzigen bij een indexatie.",
        "score": 0.4,
    }
    api.on("GET", SEARCH, 200, {"decision": "clarify", "answer": None, "hits": [hit]})
    tracker = tracker_factory(
        text='/faq{"faq_pick": "Kan de leaseprijs veranderen?"}',
        intent="faq",
        entities=[{"entity": "faq_pick", "value": "Kan de leaseprijs veranderen?"}],
    )

    run(ActionAnswerFaq(), dispatcher, tracker, domain)

    assert api.sent("GET", SEARCH)[0].url.params["q"] == "Kan de leaseprijs veranderen?"
    assert dispatcher.messages[0]["text"] == (
        "De leaseprijs kan wijzigen bij een indexatie.\nBron: Voorwaarden private lease, art. 6.2"
    )


ADDRESS_FAQ_HIT = {
    "doc_title": "Veelgestelde vragen klantenzone",
    "section": "1",
    "title": "Ik moet mijn contactgegevens, IBAN-bankrekening wijzigen",
    "text": "Vul in het tabblad Mijn verzoeken het formulier in.",
    "tasks": ["request_address_change", "request_iban_change", "request_document_copy"],
}


def test_an_answer_that_points_to_a_form_offers_it_here_the_customers_likeliest_task_first(
    api, dispatcher, tracker_factory, domain
):
    answer = {"text": "Vul het formulier in.", "citation": "Bron: FAQ klantenzone, vraag 1"}
    api.on("GET", SEARCH, 200, {"decision": "answer", "answer": answer, "hits": [ADDRESS_FAQ_HIT]})
    tracker = tracker_factory(text="hoe geef ik mijn nieuwe bankrekening door?", intent="faq")
    tracker.latest_message["intent_ranking"] = [
        {"name": "faq", "confidence": 0.6},
        {"name": "request_iban_change", "confidence": 0.3},
        {"name": "request_address_change", "confidence": 0.05},
    ]

    run(ActionAnswerFaq(), dispatcher, tracker, domain)

    offer = dispatcher.messages[-1]
    assert offer["text"] == messages.TASK_OFFER
    assert [b["payload"] for b in offer["buttons"]] == ["/request_iban_change", "/request_address_change", "/deny"]
    assert [b["title"] for b in offer["buttons"]] == ["Rekeningnummer wijzigen", "Adres wijzigen", "Nee, bedankt"]


def test_a_picked_candidate_that_points_to_a_form_offers_it_in_the_curated_order(
    api, dispatcher, tracker_factory, domain
):
    api.on("GET", SEARCH, 200, {"decision": "clarify", "answer": None, "hits": [ADDRESS_FAQ_HIT]})
    tracker = tracker_factory(
        text='/faq{"faq_pick": "Ik ben verhuisd"}',
        intent="faq",
        entities=[{"entity": "faq_pick", "value": "Ik ben verhuisd"}],
    )
    run(ActionAnswerFaq(), dispatcher, tracker, domain)
    assert [b["payload"] for b in dispatcher.messages[-1]["buttons"]] == [
        "/request_address_change",
        "/request_iban_change",
        "/deny",
    ]


def test_a_question_inside_a_form_is_answered_without_offering_another_task(api, dispatcher, tracker_factory, domain):
    answer = {"text": "Vul het formulier in.", "citation": "Bron: FAQ klantenzone, vraag 1"}
    api.on("GET", SEARCH, 200, {"decision": "answer", "answer": answer, "hits": [ADDRESS_FAQ_HIT]})
    tracker = tracker_factory(text="hoe wijzig ik mijn adres?", intent="faq", active_loop="damage_form")
    run(ActionAnswerFaq(), dispatcher, tracker, domain)
    assert [m["text"] for m in dispatcher.messages] == ["Vul het formulier in.\nBron: FAQ klantenzone, vraag 1"]


def test_a_declined_statement_still_offers_the_task_its_passages_point_to(api, dispatcher, tracker_factory, domain):
    # "Ik wil deze lease dus beëindigen." is no question the documents answer, but a task the bot can do.
    hits = [
        {"title": "Wanneer mogen wij de lease beëindigen?", "text": "…"},
        {**ADDRESS_FAQ_HIT, "tasks": ["request_early_termination"]},
    ]
    api.on("GET", SEARCH, 200, {"decision": "decline", "answer": None, "hits": hits})

    run(ActionAnswerFaq(), dispatcher, tracker_factory(text="Ik wil deze lease dus beëindigen.", intent="faq"), domain)

    assert dispatcher.messages[0]["text"] == messages.FAQ_DECLINE
    assert [b["payload"] for b in dispatcher.messages[-1]["buttons"]] == ["/request_early_termination", "/deny"]


def test_a_declined_question_offers_no_task(api, dispatcher, tracker_factory, domain):
    hits = [{**ADDRESS_FAQ_HIT, "tasks": ["request_early_termination"]}]
    api.on("GET", SEARCH, 200, {"decision": "decline", "answer": None, "hits": hits})
    run(ActionAnswerFaq(), dispatcher, tracker_factory(text="wat kost een nieuwe wagen?", intent="faq"), domain)
    assert all(not m.get("buttons") for m in dispatcher.messages)


def test_decline_in_chat_hours_offers_a_human(api, dispatcher, tracker_factory, domain):
    api.on("GET", SEARCH, 200, {"decision": "decline", "answer": None, "hits": []})

    events = run(ActionAnswerFaq(), dispatcher, tracker_factory(text="wat is het weer?", intent="faq"), domain)

    assert events == [SlotSet("failed_turns", 1), SlotSet("outcome", "faq:declined")]
    assert [m["text"] for m in dispatcher.messages] == [messages.FAQ_DECLINE, messages.FAQ_DECLINE_OPEN]


def test_decline_out_of_hours_gives_opening_time_and_other_routes(api, dispatcher, tracker_factory, domain):
    api.on("GET", SEARCH, 200, {"decision": "decline", "answer": None, "hits": []})
    api.on("GET", "/chat-hours", 200, {"open": False, "next_open_text": "maandag 23 november om 9:00"})

    run(ActionAnswerFaq(), dispatcher, tracker_factory(text="wat is het weer?", intent="faq"), domain)

    assert dispatcher.messages[1]["text"] == messages.FAQ_DECLINE_CLOSED.format(next_open="maandag 23 november om 9:00")
    assert "9.00 tot 11.00" in dispatcher.messages[1]["text"]


def test_second_failure_in_a_row_hands_over_to_a_human(api, dispatcher, tracker_factory, domain):
    api.on("GET", SEARCH, 200, {"decision": "decline", "answer": None, "hits": []})
    api.on("POST", "/handoffs", 201, {"id": 7, "status": "queued"})

    events = run(
        ActionAnswerFaq(),
        dispatcher,
        tracker_factory(text="blabla", intent="nlu_fallback", slots={"failed_turns": 1}),
        domain,
    )

    assert events == [
        SlotSet("failed_turns", 2),
        SlotSet("outcome", "faq:declined"),
        SlotSet("failed_turns", 0),
        SlotSet("handoff_active", True),
        SlotSet("handoff_id", 7),
    ]
    body = api.body(api.sent("POST", "/handoffs")[0])
    assert body["reason"] == "repeated_failure"
    assert dispatcher.messages[-1]["text"] == messages.HANDOFF_STARTED


def test_api_down_apologises_and_routes_to_a_human(api, dispatcher, tracker_factory, domain):
    api.down("GET", SEARCH)

    events = run(ActionAnswerFaq(), dispatcher, tracker_factory(text="vraag", intent="faq"), domain)

    assert events == []
    assert dispatcher.messages[0]["text"] == messages.API_DOWN
    assert len(api.sent("GET", SEARCH)) == 2  # one retry


def test_a_damage_story_the_nlu_sent_to_search_is_offered_as_a_damage_report(api, dispatcher, tracker_factory, domain):
    api.on("POST", "/extract", 200, {"values": {"damage_kind": "glass"}})
    tracker = tracker_factory(text="steenslag in de voorruit, er zit nu een flinke ster in", intent="inform")

    events = run(ActionAnswerFaq(), dispatcher, tracker, domain)

    assert events == []
    assert dispatcher.messages[0]["text"] == messages.DAMAGE_OFFER
    assert dispatcher.messages[0]["buttons"] == messages.DAMAGE_OFFER_BUTTONS
    assert api.sent("GET", SEARCH) == []


@pytest.mark.parametrize(
    ("text", "values", "offer", "payload"),
    [
        (
            "overgestapt naar bunq, voortaan van NL24BUNQ1396245957 afhalen aub",
            {"iban": "NL24BUNQ1396245957"},
            messages.IBAN_OFFER.format(iban="NL24BUNQ1396245957"),
            "/request_iban_change",
        ),
        (
            "Vanaf 1 december woon ik in de Kerkstraat 14 bus 3, 2800 Mechelen",
            {"address": {"street": "Kerkstraat", "house_number": "14", "postcode": "2800", "city": "Mechelen"}},
            messages.ADDRESS_OFFER,
            "/request_address_change",
        ),
        (
            "ik kan mijn leasecontract nergens meer vinden, stuur het aub nog eens op",
            {"document": "contract_copy"},
            messages.TASK_OFFER,
            "/request_document_copy",
        ),
        (
            "kzou met de wagen naar mijn familie in tunesië willen gaan in februari",
            {"countries": [{"code": "TN", "name": "Tunesië"}]},
            messages.TRAVEL_OFFER.format(countries="Tunesië"),
            "/request_travel_certificate",
        ),
        (
            "kvoer ff de km in, 22100",
            {"odometer": 22100},
            messages.READING_OFFER.format(km="22.100"),
            "/report_mileage",
        ),
        (
            "zag in de app dat jullie nog een tellerstand van me willen hebben, bij deze dan",
            {},
            messages.READING_OFFER_ASK,
            "/report_mileage",
        ),
    ],
)
def test_a_request_the_nlu_sent_to_search_is_offered_as_that_request(
    api, dispatcher, tracker_factory, domain, text, values, offer, payload
):
    api.on("POST", "/extract", 200, {"values": values})
    events = run(ActionAnswerFaq(), dispatcher, tracker_factory(text=text, intent="inform"), domain)
    assert events == []
    assert dispatcher.messages[0]["text"] == offer
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == [payload, "/deny"]
    assert api.sent("GET", SEARCH) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Ik woon in België", {"countries": [{"code": "BE", "name": "België"}]}),  # home, not a trip
        ("Spanje is een mooi land", {"countries": [{"code": "ES", "name": "Spanje"}]}),  # no travel with the car
        ("de Kerkstraat is mooi", {"address": {"street": "Kerkstraat"}}),  # no number, no town: not an address
        ("ik rij 22100 km per jaar", {"odometer": 22100}),  # a number, no odometer named
        ("laatste km stand pls", {}),  # the last reading asked for, not a new one
    ],
)
def test_a_statement_without_a_task_is_searched(api, dispatcher, tracker_factory, domain, text, values):
    api.on("POST", "/extract", 200, {"values": values})
    api.on("GET", SEARCH, 200, {"decision": "decline", "answer": None, "hits": []})
    run(ActionAnswerFaq(), dispatcher, tracker_factory(text=text, intent="inform"), domain)
    assert len(api.sent("GET", SEARCH)) == 1


def test_a_question_about_damage_is_searched_not_offered(api, dispatcher, tracker_factory, domain):
    api.on("POST", "/extract", 200, {"values": {}})  # a question without a story: no event_kind
    api.on("GET", SEARCH, 200, {"decision": "answer", "answer": {"text": "U betaalt niets.", "citation": "Bron: FAQ"}})

    run(ActionAnswerFaq(), dispatcher, tracker_factory(text="wie betaalt glasschade?", intent="faq"), domain)

    assert [m["text"] for m in dispatcher.messages] == ["U betaalt niets.\nBron: FAQ"]
    fields = ["event_kind", "iban", "address", "countries", "document", "odometer"]
    assert api.body(api.sent("POST", "/extract")[0])["fields"] == fields


def test_a_question_that_tells_of_damage_is_answered_and_the_report_offered(api, dispatcher, tracker_factory, domain):
    api.on("POST", "/extract", 200, {"values": {"event_kind": "collision"}})
    api.on(
        "GET",
        SEARCH,
        200,
        {"decision": "answer", "answer": {"text": "Meld het binnen 2 dagen.", "citation": "Bron: FAQ"}},
    )
    text = "iemand is achterop mijn auto gereden in de file en wou niks invullen, wat moet ik doen?"

    run(ActionAnswerFaq(), dispatcher, tracker_factory(text=text, intent="faq"), domain)

    assert [m["text"] for m in dispatcher.messages] == ["Meld het binnen 2 dagen.\nBron: FAQ", messages.DAMAGE_OFFER]
    assert dispatcher.messages[1]["buttons"] == messages.DAMAGE_OFFER_BUTTONS


def test_inside_a_form_an_answer_taken_for_a_question_is_left_to_the_form(api, dispatcher, tracker_factory, domain):
    tracker = tracker_factory(text="op de parking van de Delhaize", intent="faq", active_loop="damage_form")
    assert run(ActionAnswerFaq(), dispatcher, tracker, domain) == []
    assert dispatcher.messages == [] and api.sent("GET", SEARCH) == []


def test_a_breakdown_gets_safety_first_then_the_assistance_route_of_the_customers_conditions(
    api, dispatcher, tracker_factory, domain
):
    api.on(
        "GET",
        SEARCH,
        200,
        {"decision": "answer", "answer": {"text": "Bel 078 150 600, 24/7.", "citation": "Bron: FAQ private lease, 42"}},
    )

    events = run(
        ActionBreakdown(), dispatcher, tracker_factory(text="mijn wagen start niet", intent="report_breakdown"), domain
    )

    assert events == []
    assert [m["text"] for m in dispatcher.messages] == [
        messages.BREAKDOWN_SAFETY,
        "Bel 078 150 600, 24/7.\nBron: FAQ private lease, 42",
        messages.BREAKDOWN_DAMAGE,
    ]
    assert dispatcher.messages[2]["buttons"] == [messages.DAMAGE_OFFER_BUTTONS[0]]
    assert api.sent("GET", SEARCH)[0].url.params["product"] == "be_private_lease"


@pytest.mark.parametrize(
    "text", ["mag ik stickers van mijn bedrijf op de auto plakken?", "heb je een lekker recept voor hutspot"]
)
def test_a_message_taken_for_a_breakdown_that_tells_no_car_trouble_is_searched(
    api, dispatcher, tracker_factory, domain, text
):
    api.on("GET", SEARCH, 200, {"decision": "answer", "answer": {"text": "Ja.", "citation": "Bron: FAQ"}})

    run(ActionBreakdown(), dispatcher, tracker_factory(text=text, intent="report_breakdown"), domain)

    assert api.sent("GET", SEARCH)[0].url.params["q"] == text
    assert messages.BREAKDOWN_SAFETY not in [m["text"] for m in dispatcher.messages]


def test_every_breakdown_first_message_of_the_scored_sets_tells_car_trouble():
    for name in SCORED_FIRST_MESSAGES:
        for line in (ROOT / "tests" / "language" / name).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            assert item["route"] != "breakdown" or CAR_TROUBLE.search(item["text"]), item["text"]


def test_every_request_first_message_of_the_scored_sets_names_its_topic():
    for name in SCORED_FIRST_MESSAGES:
        for line in (ROOT / "tests" / "language" / name).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            task = "request_" + item["route"].removeprefix("request:")
            assert task not in REQUEST_TOPICS or REQUEST_TOPICS[task].search(item["text"]), item["text"]


def test_a_message_taken_for_a_request_that_names_nothing_of_it_is_searched(api, dispatcher, tracker_factory, domain):
    api.on("GET", SEARCH, 200, {"decision": "decline", "answer": None, "hits": []})
    text = "wie gaat er volgens u de ronde van vlaanderen winnen"
    tracker = tracker_factory(text=text, intent="request_domiciliation_date_change")

    events = run(ActionStartRequest(), dispatcher, tracker, domain)

    assert events[-1] == FollowupAction("action_listen")
    assert api.sent("GET", SEARCH)[0].url.params["q"] == text


def test_a_breakdown_without_an_answer_in_the_documents_gives_the_human_route(api, dispatcher, tracker_factory, domain):
    api.down("GET", SEARCH)
    run(ActionBreakdown(), dispatcher, tracker_factory(text="pech", intent="report_breakdown"), domain)
    assert dispatcher.messages[1]["text"] == messages.BREAKDOWN_NO_DOCUMENT


# --- the knowledge learning loop: every searched question is recorded, a direct answer gets 👍/👎 ----------

QUESTIONS = "/knowledge/questions"
ANSWER = {
    "decision": "answer",
    "answer": {"text": "Wij onderhouden de auto.", "citation": "Bron: Voorwaarden private lease, art. 3.3"},
    "hits": [{"doc": "private-lease-voorwaarden", "section": "3.3", "title": "Onderhoud", "text": "…"}],
}


def test_an_answer_in_the_widget_is_recorded_and_offers_feedback(api, dispatcher, tracker_factory, domain):
    api.on("GET", SEARCH, 200, ANSWER)
    tracker = tracker_factory(text="wie betaalt het onderhoud?", intent="faq", channel="socketio")

    events = run(ActionAnswerFaq(), dispatcher, tracker, domain)

    assert events == [SlotSet("failed_turns", 0), SlotSet("outcome", "faq:answered")]
    [sent] = api.sent("POST", QUESTIONS)
    assert sent.headers["Authorization"] == "Bearer service-secret" and sent.headers["Idempotency-Key"]
    assert api.body(sent) == {
        "conversation_id": "conv-1",
        "customer_number": "C1001",
        "question": "wie betaalt het onderhoud?",
        "product": "be_private_lease",
        "decision": "answer",
        "top_section": "private-lease-voorwaarden:3.3",
    }
    assert len(api.sent("GET", "/me")) == 1  # one look-up gives the product and the customer number
    assert dispatcher.messages[0]["text"].startswith("Wij onderhouden de auto.")
    assert dispatcher.messages[1]["custom"] == {"type": "answer_feedback", "question_id": 41}
    assert len(dispatcher.messages) == 2


def test_clarify_and_decline_are_recorded_without_feedback(api, dispatcher, tracker_factory, domain):
    hits = [{"doc": "d", "section": "art. 6", "title": "Leaseprijs", "text": "…"}]
    api.on("GET", SEARCH, 200, {"decision": "clarify", "answer": None, "hits": hits})
    events = run(ActionAnswerFaq(), dispatcher, tracker_factory(text="prijs", intent="faq", channel="socketio"), domain)
    assert events == [SlotSet("outcome", "faq:clarified")]
    assert api.body(api.sent("POST", QUESTIONS)[0])["top_section"] == "d:art. 6"

    api.on("GET", SEARCH, 200, {"decision": "decline", "answer": None, "hits": []})
    declined = CollectingDispatcher()
    events = run(
        ActionAnswerFaq(), declined, tracker_factory(text="het weer?", intent="faq", channel="socketio"), domain
    )
    assert events == [SlotSet("failed_turns", 1), SlotSet("outcome", "faq:declined")]
    body = api.body(api.sent("POST", QUESTIONS)[1])
    assert (body["decision"], body["top_section"]) == ("decline", None)
    assert not [m for m in dispatcher.messages + declined.messages if m.get("custom")]


def test_a_failed_record_never_stops_the_answer(api, dispatcher, tracker_factory, domain, caplog):
    api.on("GET", SEARCH, 200, ANSWER)
    api.down("POST", QUESTIONS)
    tracker = tracker_factory(text="wie betaalt het onderhoud?", intent="faq", channel="socketio")

    events = run(ActionAnswerFaq(), dispatcher, tracker, domain)

    assert events == [SlotSet("failed_turns", 0), SlotSet("outcome", "faq:answered")]
    assert [m["text"] for m in dispatcher.messages] == [
        "Wij onderhouden de auto.\nBron: Voorwaarden private lease, art. 3.3"
    ]  # no feedback without a recorded question
    assert len(api.sent("POST", QUESTIONS)) == 1  # best effort: no retry
    assert "not recorded" in caplog.text and "onderhoud" not in caplog.text  # never what the customer typed
    api.on("POST", QUESTIONS, 422, {"detail": "Ongeldige gegevens."})
    assert run(ActionAnswerFaq(), CollectingDispatcher(), tracker, domain) == events


def test_only_the_widget_gets_the_feedback_payload(api, dispatcher, tracker_factory, domain):
    api.on("GET", SEARCH, 200, ANSWER)
    for channel in ("twilio", "rest", None):
        run(ActionAnswerFaq(), dispatcher, tracker_factory(text="onderhoud?", intent="faq", channel=channel), domain)
    assert len(api.sent("POST", QUESTIONS)) == 3
    assert not [m for m in dispatcher.messages if m.get("custom")]


def test_without_a_token_the_question_is_recorded_without_a_customer(api, dispatcher, tracker_factory, domain):
    api.on("GET", SEARCH, 200, ANSWER)
    run(ActionAnswerFaq(), dispatcher, tracker_factory(text="onderhoud?", intent="faq", token=None), domain)
    body = api.body(api.sent("POST", QUESTIONS)[0])
    assert (body["customer_number"], body["product"]) == (None, None)


def test_a_picked_candidate_is_not_recorded(api, dispatcher, tracker_factory, domain):
    api.on("GET", SEARCH, 200, {"decision": "clarify", "answer": None, "hits": ANSWER["hits"]})
    tracker = tracker_factory(
        text='/faq{"faq_pick": "Onderhoud"}',
        intent="faq",
        entities=[{"entity": "faq_pick", "value": "Onderhoud"}],
        channel="socketio",
    )
    run(ActionAnswerFaq(), dispatcher, tracker, domain)
    assert api.sent("POST", QUESTIONS) == []


def test_the_nlus_likeliest_task_is_offered_beside_an_answer_from_a_quarter_on():
    from actions.faq import likely_task

    ranking = [{"name": "faq", "confidence": 0.6}, {"name": "request_document_copy", "confidence": 0.3}]
    assert likely_task(ranking) == "request_document_copy"
    assert likely_task([{"name": "faq", "confidence": 0.9}, {"name": "report_damage", "confidence": 0.05}]) is None
    assert likely_task([{"name": "greet", "confidence": 0.5}]) is None  # not a task


@pytest.mark.parametrize(
    "text",
    [
        "Mijn tas is gisteren gestolen in de trein en daar zat ook het kentekenbewijs van de auto in",
        "ze hebben mijn handtas gepikt op de markt en daar zaten de inschrijvingspapieren van de wagen in",
    ],
)
def test_stolen_registration_papers_are_offered_as_a_duplicate_before_damage(
    api, dispatcher, tracker_factory, domain, text
):
    api.on("POST", "/extract", 200, {"values": {"damage_kind": "theft"}})
    api.on("GET", SEARCH, 200, {"decision": "decline", "answer": None, "hits": []})

    run(ActionAnswerFaq(), dispatcher, tracker_factory(text=text, intent="inform"), domain)

    assert dispatcher.messages[0]["text"] == messages.REGISTRATION_OFFER
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == [
        "/request_registration_duplicate",
        "/report_damage",
        "/deny",
    ]


# --- asked in so many words: a callback, a human, roadside help ---------------------------------------------

# every first message of the customer-language sets scored so far (tests/language/README.md)
SCORED_FIRST_MESSAGES = ["first_messages_dev.jsonl"] + [
    f"first_messages_holdout{n}.jsonl" for n in ("", "2", "3", "4", "5", "6", "7", "8", "9")
]


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("mag ik gebeld worden? tis te ingewikkeld om hier allemaal uit te typen", "callback"),
        ("Zou een medewerker mij vandaag nog kunnen bellen ivm mijn contract?", "callback"),
        ("Kan een medewerker mij telefonisch contacteren?", "callback"),
        ("Ik wil dat iemand mij belt. Vandaag nog.", "callback"),
        ("agent aub", "human"),
        ("is er iemand live beschikbaar om te chatten? mijn situatie is nogal ingewikkeld", "human"),
        ("kan een mens dit gesprek overnemen? het gaat over een factuur die niet klopt", "human"),
        ("ik heb al drie keer uitgelegd wat er scheelt, geeft mij nu ne normale mens!!", "human"),
        ("pech", "breakdown"),
        ("pechhulp nodig!!", "breakdown"),
        ("is pechhulp in het buitenland ook inbegrepen?", None),  # a question about the cover
        ("we hebben de papieren ingevuld op de pechstrook", None),
        ("onderweg begon de auto te schokken, nu heb ik hem langs de kant gezet. Kan er iemand komen?", "breakdown"),
        ("kan er iemand komen om de schade te bekijken?", None),  # help asked, no breakdown told
        ("staat er in de gedragscode iets over bellen achter het stuur", None),
        ("mag een andere persoon met mijn wagen rijden?", None),
        ("hoe lang heb ik de passat nog voor ik hem moet inleveren?", "contract_end"),
        ("Kunt u mij meedelen op welke datum mijn huidige leaseovereenkomst verstrijkt?", "contract_end"),
        ("wat moet ik doen als mijn contract afloopt, komen jullie de wagen halen?", None),
        ("wanneer heb ik nog eens mijn km's doorgegeven?", None),
        ("hoeveel km mag ik nu eigenlijk rijden per jaar met mijn contract?", "km_bundle"),
        ("hoeveel km mag ik meer rijden dan mijn bundel?", None),
        ("wat kost het als ik meer kilometers rijd dan mijn contract toelaat?", None),
        ("We gaan volgende week op wintersport met de auto, ik dacht ik geef even de stand door", "reading"),
        ("ik wil graag mijn kilometerstand doorgeven", "reading"),
        ("hoe geef ik mijn kilometerstand door?", None),  # how it goes: the documents, the reading offered
        ("ik heb de kilometerstand vorige week al doorgegeven maar zie hem niet", None),
    ],
)
def test_what_a_customer_asks_for_in_so_many_words(text, route):
    assert asked_route(text) == route


def test_no_scored_first_message_is_sent_elsewhere_by_the_words_it_asks_with():
    for name in SCORED_FIRST_MESSAGES:
        for line in (ROOT / "tests" / "language" / name).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            said = asked_route(item["text"]) or ""
            route = {
                "contract_end": "contract_fact:contract_end",
                "km_bundle": "contract_fact:km_bundle",
                "reading": "mileage_reading",
            }.get(said)
            assert (route or asked_route(item["text"])) in (None, item["route"]), item["text"]


@pytest.mark.parametrize(
    ("text", "events"),
    [
        ("agent aub", [FollowupAction("action_handoff")]),
        ("pech onderweg", [FollowupAction("action_breakdown")]),
        (
            "hoelang heb ik de passat nog",
            [SlotSet("pending_question", "ask_contract_end"), FollowupAction("action_answer_contract")],
        ),
        ("we vertrekken morgen op reis, ik geef eerst nog even de km-stand door", [FollowupAction("mileage_form")]),
        (
            "hoeveel km mag ik per jaar rijden met mijn wagen?",
            [SlotSet("pending_question", "ask_km_bundle"), FollowupAction("action_answer_contract")],
        ),
    ],
)
def test_a_human_roadside_help_or_the_contracts_end_asked_for_is_given_not_searched(
    api, dispatcher, tracker_factory, domain, text, events
):
    assert run(ActionAnswerFaq(), dispatcher, tracker_factory(text=text, intent="faq"), domain) == events
    assert api.sent("GET", SEARCH) == [] and dispatcher.messages == []


def test_a_callback_asked_for_starts_the_callback_form_with_the_customers_name(
    api, dispatcher, tracker_factory, domain
):
    tracker = tracker_factory(text="mag ik gebeld worden?", intent="nlu_fallback")

    events = run(ActionAnswerFaq(), dispatcher, tracker, domain)

    assert events[0]["name"] == IDEMPOTENCY_SLOT and events[0]["value"]
    assert events[1:] == [SlotSet("callback_name", "Jan Peeters"), FollowupAction("callback_form")]
    assert api.sent("GET", SEARCH) == []


def test_a_fire_the_nlu_took_for_a_breakdown_starts_the_damage_file(api, dispatcher, tracker_factory, domain):
    api.on("POST", "/extract", 200, {"values": {"event_kind": "fire", "story_kind": "fire", "damage_kind": "fire"}})
    text = "er kwam rook uit het dashboard en daarna stond de auto in brand, de brandweer heeft het geblust"

    events = run(ActionBreakdown(), dispatcher, tracker_factory(text=text, intent="report_breakdown"), domain)

    assert events[-1] == FollowupAction("damage_form")
    assert SlotSet("damage_kind", None) in events  # an earlier file's answers cleared
    assert [m["text"] for m in dispatcher.messages] == [
        "Vervelend dat u schade heeft. Ik maak samen met u een schadedossier aan."
    ]
    assert api.sent("GET", SEARCH) == []


def test_a_human_asked_for_in_a_message_the_nlu_took_for_a_request_is_handed_over(
    api, dispatcher, tracker_factory, domain
):
    text = "ik heb al drie keer uitgelegd wat er scheelt, geeft mij nu ne normale mens!!"
    tracker = tracker_factory(text=text, intent="request_early_termination")
    assert run(ActionStartRequest(), dispatcher, tracker, domain) == [FollowupAction("action_handoff")]


def test_bad_luck_in_a_damage_story_is_no_breakdown(api, dispatcher, tracker_factory, domain):
    api.on("POST", "/extract", 200, {"values": {"event_kind": "vandalism"}})
    tracker = tracker_factory(text="pech gehad, iemand heeft mijn spiegel eraf gereden", intent="report_damage")
    events = run(ActionStartDamage(), dispatcher, tracker, domain)
    assert FollowupAction("action_breakdown") not in events and SlotSet("damage_kind", None) in events


def test_a_breakdown_told_without_damage_is_roadside_help_though_taken_for_damage(
    api, dispatcher, tracker_factory, domain
):
    api.on("POST", "/extract", 200, {"values": {}})
    text = "onderweg begon de auto te schokken, nu heb ik hem langs de kant gezet. Kan er iemand komen?"
    events = run(ActionStartDamage(), dispatcher, tracker_factory(text=text, intent="report_damage"), domain)
    assert events == [FollowupAction("action_breakdown")]


def test_a_statement_the_nlu_is_unsure_of_is_searched_with_the_task_beside(api, dispatcher, tracker_factory, domain):
    api.on("POST", "/extract", 200, {"values": {}})
    api.on("GET", SEARCH, 200, {"decision": "decline", "answer": None, "hits": []})
    tracker = tracker_factory(
        text="kent gij ne goeie garage rond mechelen voor mijn andere auto", intent="request_registration_duplicate"
    )
    tracker.latest_message["intent"]["confidence"] = 0.52

    events = run(ActionStartRequest(), dispatcher, tracker, domain)

    assert events[-1] == FollowupAction("action_listen")
    assert len(api.sent("GET", SEARCH)) == 1
    assert dispatcher.messages[-1]["buttons"][0]["payload"] == "/request_registration_duplicate"


def test_damage_told_that_the_nlu_took_unsure_for_a_request_opens_the_damage_file(
    api, dispatcher, tracker_factory, domain
):
    api.on("POST", "/extract", 200, {"values": {"event_kind": "glass", "story_kind": "glass"}})
    text = "er zit een barst in mijn voorruit die elke dag groter wordt, begon als een klein stipje"
    tracker = tracker_factory(text=text, intent="request_domiciliation_date_change")
    tracker.latest_message["intent"]["confidence"] = 0.52

    events = run(ActionStartRequest(), dispatcher, tracker, domain)

    assert events[-1] == FollowupAction("damage_form")
    assert api.sent("GET", SEARCH) == []
    assert dispatcher.messages[-1]["text"].startswith("Vervelend dat u schade heeft")


def test_a_callback_that_names_no_calling_is_searched_with_the_callback_beside(
    api, dispatcher, tracker_factory, domain
):
    from actions.handoff import ActionStartCallback

    api.on("POST", "/extract", 200, {"values": {}})
    api.on("GET", SEARCH, 200, {"decision": "answer", "answer": {"text": "Ja, per km.", "citation": "Bron: FAQ"}})
    tracker = tracker_factory(text="Worden te weinig gereden kilometers terugbetaald?", intent="request_callback")

    events = run(ActionStartCallback(), dispatcher, tracker, domain)

    assert events[-1] == FollowupAction("action_listen")
    assert dispatcher.messages[0]["text"] == "Ja, per km.\nBron: FAQ"


def test_an_unsure_statement_is_offered_the_task_the_nlu_saw_not_a_guess_from_its_words(
    api, dispatcher, tracker_factory, domain
):
    api.on("POST", "/extract", 200, {"values": {"damage_kind": "collision"}})
    api.on("GET", SEARCH, 200, {"decision": "decline", "answer": None, "hits": []})
    text = "ik stop met leasen en koop zelf een wagen, en de verzekering wil weten hoeveel ongevallen ik had"
    tracker = tracker_factory(text=text, intent="request_bonus_malus_certificate")
    tracker.latest_message["intent"]["confidence"] = 0.57

    run(ActionStartRequest(), dispatcher, tracker, domain)

    payloads = [b["payload"] for m in dispatcher.messages for b in m.get("buttons") or []]
    assert "/request_bonus_malus_certificate" in payloads and "/report_damage" not in payloads
