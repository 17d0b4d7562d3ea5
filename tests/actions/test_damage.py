"""Damage file: plate from the contract, other party, police report, reference and next steps."""

from __future__ import annotations

import asyncio
import json

import httpx
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import messages
from actions.damage import PROMPTS, ActionStartDamage, ActionSubmitDamage, ValidateDamageForm

FILLED = {
    "damage_license_plate": "1-ABC-123",
    "damage_date": "2026-11-21",
    "damage_location": "Veldstraat, Gent",
    "damage_description": "Iemand reed achteruit tegen mijn bumper.",
    "damage_kind": "collision",
    "damage_other_party": True,
    "damage_accident_statement": True,
    "damage_confirmed": True,
    "submission_key": "22222222-2222-2222-2222-222222222222",
    "damage_time": "",  # asked, and not known
}


def test_plate_is_prefilled_from_the_contract(api, dispatcher, tracker_factory, domain):
    events = asyncio.run(ValidateDamageForm().run(dispatcher, tracker_factory(intent="report_damage"), domain))
    assert events[0] == SlotSet("damage_license_plate", "1-ABC-123")
    assert events[-1] == SlotSet("requested_slot", "damage_date")


def test_other_party_asks_for_the_accident_statement_theft_for_the_police_report(tracker_factory):
    form = ValidateDamageForm()
    collision = form.slot_plan(tracker_factory({"damage_kind": "collision", "damage_other_party": True}))
    theft = form.slot_plan(tracker_factory({"damage_kind": "theft", "damage_other_party": False}))
    assert "damage_accident_statement" in collision and "damage_police_report" not in collision
    assert "damage_police_report" in theft and "damage_accident_statement" not in theft


def test_a_kind_is_a_code_a_label_or_the_customers_words_read_by_the_api(api, dispatcher, tracker_factory, domain):
    api.on("POST", "/validate", 200, {"valid": True, "value": "natural_disaster", "detail": None})
    form = ValidateDamageForm()
    tracker = tracker_factory()
    assert asyncio.run(form.validate_damage_kind("glass", dispatcher, tracker, domain)) == {"damage_kind": "glass"}
    assert asyncio.run(form.validate_damage_kind("Inbraak", dispatcher, tracker, domain)) == {"damage_kind": "burglary"}
    typed = asyncio.run(form.validate_damage_kind("Hagelschade, door het onweer", dispatcher, tracker, domain))
    assert typed == {"damage_kind": "natural_disaster"}
    assert api.body(api.sent("POST", "/validate")[0]) == {
        "field": "damage_kind",
        "value": "Hagelschade, door het onweer",
    }


def test_submit_gives_reference_next_steps_and_photo_link(api, dispatcher, tracker_factory, domain):
    api.on(
        "POST",
        "/me/damage-files",
        201,
        {
            "id": 45,
            "reference": "SCH-2026-000045",
            "deductible_applies": True,
            "deductible_text": "Er geldt een eigen risico van 250 euro.",
            "next_steps": ["Binnen 48 uur nemen we contact op.", "Laat herstellen bij een erkende hersteller."],
            "photo_upload_url": "http://api.test/me/damage-files/45/photos",
        },
    )
    link = "http://127.0.0.1:8000/upload/signed-token"
    api.on("POST", "/me/damage-files/45/upload-link", 200, {"url": link, "expires_at": "2026-11-28T10:00:00Z"})
    events = asyncio.run(ActionSubmitDamage().run(dispatcher, tracker_factory(FILLED), domain))

    sent = api.sent("POST", "/me/damage-files")[0]
    assert api.body(sent) == {
        "contract_number": "PL-100001",
        "license_plate": "1-ABC-123",
        "occurred_on": "2026-11-21",
        "location": "Veldstraat, Gent",
        "description": "Iemand reed achteruit tegen mijn bumper.",
        "damage_kind": "collision",
        "other_party_involved": True,
        "accident_statement": True,
    }
    assert sent.headers["Idempotency-Key"] == FILLED["submission_key"]
    texts = [m["text"] for m in dispatcher.messages if m.get("text")]
    assert texts[0] == "Uw schadedossier is aangemaakt. Uw referentienummer is SCH-2026-000045."
    assert texts[1] == (
        "Wat nu?\n- Binnen 48 uur nemen we contact op.\n- Laat herstellen bij een erkende hersteller."
        "\n- Er geldt een eigen risico van 250 euro."
    )
    assert texts[2] == messages.DAMAGE_PHOTOS.format(url=link, until="28-11-2026")
    assert dispatcher.messages[3]["custom"] == {
        "type": "photo_upload",
        "damage_file_id": 45,
        "url": "http://api.test/me/damage-files/45/photos",
    }
    assert SlotSet("damage_description", None) in events
    assert events[-1] == SlotSet("outcome", "damage_form:completed")  # the operator's analytics count it


def test_theft_without_other_party_sends_the_police_report(api, dispatcher, tracker_factory, domain):
    api.on("POST", "/me/damage-files", 201, {"id": 46, "reference": "SCH-2026-000046", "next_steps": []})
    slots = {
        **FILLED,
        "damage_kind": "theft",
        "damage_other_party": False,
        "damage_accident_statement": None,
        "damage_police_report": "PV 2026/123",
    }
    asyncio.run(ActionSubmitDamage().run(dispatcher, tracker_factory(slots), domain))
    body = api.body(api.sent("POST", "/me/damage-files")[0])
    assert body["other_party_involved"] is False and "accident_statement" not in body
    assert body["police_report_number"] == "PV 2026/123"


def test_without_an_upload_link_the_customer_zone_is_named(api, dispatcher, tracker_factory, domain):
    created = {"id": 47, "reference": "SCH-2026-000047", "next_steps": [], "photo_upload_url": "/me/x/47/photos"}
    api.on("POST", "/me/damage-files", 201, created)
    api.down("POST", "/me/damage-files/47/upload-link")
    events = asyncio.run(ActionSubmitDamage().run(dispatcher, tracker_factory(FILLED), domain))
    texts = [m["text"] for m in dispatcher.messages if m.get("text")]
    assert texts[0] == "Uw schadedossier is aangemaakt. Uw referentienummer is SCH-2026-000047."
    assert texts[-1] == messages.DAMAGE_PHOTOS_LATER
    assert SlotSet("damage_description", None) in events


STORY = "ik heb gisteren rond 14u een paaltje geraakt op de parking van de Colruyt"
STORY_VALUES = {
    "past_datetime": {"date": "2026-11-23", "time": "14:00"},
    "location": "de parking van de Colruyt",
    "story": STORY,
    "story_kind": "collision",
}


def test_the_opening_story_fills_every_slot_it_tells_and_only_the_rest_is_asked(
    api, dispatcher, tracker_factory, domain
):
    api.on("POST", "/extract", 200, {"values": STORY_VALUES})
    api.on("POST", "/validate", 200, {"valid": True, "value": "2026-11-23", "detail": None})

    events = asyncio.run(
        ValidateDamageForm().run(dispatcher, tracker_factory(text=STORY, intent="report_damage"), domain)
    )

    sent = api.body(api.sent("POST", "/extract")[0])
    assert sent["text"] == STORY
    filled = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert filled["damage_date"] == "2026-11-23"
    assert filled["damage_time"] == "14:00"
    assert filled["damage_location"] == "de parking van de Colruyt"
    assert filled["damage_description"] == STORY
    assert filled["damage_kind"] == "collision"
    assert events[-1] == SlotSet("requested_slot", "damage_other_party")


def test_a_form_started_by_a_button_reads_the_story_typed_before_it(api, dispatcher, tracker_factory, domain):
    api.on("POST", "/extract", 200, {"values": STORY_VALUES})
    api.on("POST", "/validate", 200, {"valid": True, "value": "2026-11-23", "detail": None})
    typed = {"event": "user", "text": STORY, "parse_data": {"intent": {"name": "inform"}}}
    clicked = {"event": "user", "text": "/report_damage", "parse_data": {"intent": {"name": "report_damage"}}}
    tracker = tracker_factory(text="/report_damage", intent="report_damage", events=[typed, clicked])

    asyncio.run(ValidateDamageForm().run(dispatcher, tracker, domain))

    assert api.body(api.sent("POST", "/extract")[0])["text"] == STORY


def test_the_time_of_day_goes_to_the_api_and_the_summary(api, dispatcher, tracker_factory, domain):
    from actions.damage import damage_body, damage_summary

    tracker = tracker_factory({**FILLED, "damage_time": "14:00"})
    assert damage_body(tracker, "PL-100001")["occurred_at"] == "14:00"
    assert "- Datum: 21-11-2026 om 14:00" in damage_summary(tracker)


def test_a_correction_changes_the_slot_it_corrects_and_the_question_is_asked_again(
    api, dispatcher, tracker_factory, domain
):
    api.on(
        "POST",
        "/extract",
        200,
        {"values": {"correction": True, "past_datetime": {"date": "2026-11-18", "time": None}, "place": "x"}},
    )
    api.on("POST", "/validate", 200, {"valid": True, "value": "2026-11-18", "detail": None})
    text = "o nee wacht, het was woensdag de 18e"
    slots = {
        "damage_license_plate": "1-ABC-123",
        "damage_date": "2026-11-19",
        "damage_time": "",
        "requested_slot": "damage_location",
    }
    tracker = tracker_factory(slots, text=text, typed={"damage_location": text}, active_loop="damage_form")

    events = asyncio.run(ValidateDamageForm().run(dispatcher, tracker, domain))

    assert SlotSet("damage_date", "2026-11-18") in events
    assert SlotSet("damage_location", None) in events
    assert events[-1] == SlotSet("requested_slot", "damage_location")
    assert dispatcher.messages[-1]["text"] == PROMPTS["damage_location"][0]


def test_while_identity_is_checked_only_the_identity_answers_are_read(api, dispatcher, tracker_factory, domain):
    api.on("POST", "/extract", 200, {"values": {"contract_number": "PL-100001"}})
    slots = {"requested_slot": "verify_contract_number"}
    tracker = tracker_factory(slots, text="PL-100001", token=None, typed={"verify_contract_number": "PL-100001"})

    asyncio.run(ValidateDamageForm().run(dispatcher, tracker, domain))

    assert api.body(api.sent("POST", "/extract")[0])["fields"] == ["contract_number"]


def test_once_identity_is_answered_the_opening_story_fills_the_file(api, tracker_factory):
    """A customer not logged in told the story first: after the plate it is read as for a known customer, and
    the date, place and story are not asked again."""
    story = "gisterenavond reed er iemand achteruit in mijn achterdeur in Latem"
    opening = {"past_datetime": {"date": "2026-11-23", "time": None}, "location": "Latem", "story": story}

    def extract(request):
        body = json.loads(request.content)
        values = {"license_plate": "2-XYZ-789"} if body["text"] == "2XYZ789" else opening
        return httpx.Response(200, json={"values": values})

    api.handle("POST", "/extract", extract)
    events = [
        {"event": "user", "text": story},
        {"event": "user", "text": "/report_damage"},
        {"event": "active_loop", "name": "damage_form"},
        {"event": "user", "text": "PL-100003"},
        {"event": "user", "text": "2XYZ789"},
    ]
    slots = {"verify_contract_number": "PL-100003", "requested_slot": "verify_license_plate"}
    tracker = tracker_factory(slots, text="2XYZ789", token=None, events=events, active_loop="damage_form")
    plan = ValidateDamageForm().slot_plan(tracker)

    found = asyncio.run(
        ValidateDamageForm().read_message(tracker, ["verify_contract_number", "verify_license_plate", *plan])
    )

    assert found["verify_license_plate"] == "2-XYZ-789"
    assert (found["damage_date"], found["damage_location"], found["damage_description"]) == (
        "2026-11-23",
        "Latem",
        story,
    )
    assert json.loads(api.sent("POST", "/extract")[1].content)["text"] == story


def test_a_correction_at_the_summary_changes_the_value_and_shows_the_summary_again(
    api, dispatcher, tracker_factory, domain
):
    api.on("POST", "/extract", 200, {"values": {"correction": True, "police_report": "2026289151"}})
    text = "sorry typfout, het nummer is 2026289151"
    slots = {**FILLED, "damage_kind": "theft", "damage_other_party": False, "damage_police_report": "2026289115"}
    slots.update(damage_confirmed=None, requested_slot="damage_confirmed")
    tracker = tracker_factory(slots, text=text, active_loop="damage_form")

    events = asyncio.run(ValidateDamageForm().run(dispatcher, tracker, domain))

    assert SlotSet("damage_police_report", "2026289151") in events
    assert events[-1] == SlotSet("requested_slot", "damage_confirmed")
    assert "Proces-verbaal: 2026289151" in dispatcher.messages[-1]["text"]


def test_a_yes_or_no_taken_back_at_the_summary_changes_the_answer_whose_topic_it_names(
    api, dispatcher, tracker_factory, domain
):
    # Before, "nee sorry, …" at the summary ended the file unsent: a yes/no says nothing of its question.
    api.on("POST", "/extract", 200, {"values": {"correction": "explicit", "yes_no": False}})
    text = "nee sorry, ik zeg het verkeerd, we hebben alleen gegevens uitgewisseld, het formulier is niet ingevuld"
    slots = {**FILLED, "damage_other_party": True, "damage_accident_statement": True}
    slots.update(damage_confirmed=None, requested_slot="damage_confirmed")
    tracker = tracker_factory(slots, text=text, active_loop="damage_form")

    events = asyncio.run(ValidateDamageForm().run(dispatcher, tracker, domain))

    assert SlotSet("damage_accident_statement", False) in events
    assert SlotSet("damage_other_party", False) not in events
    clause = {"text": "het formulier is niet ingevuld", "fields": ["yes_no"]}
    assert api.body(api.sent("POST", "/extract")[1]) == clause
    assert events[-1] == SlotSet("requested_slot", "damage_confirmed")
    assert "Aanrijdingsformulier: nee" in dispatcher.messages[-1]["text"]


def test_no_to_a_yes_no_question_is_an_answer_not_a_correction(api, dispatcher, tracker_factory, domain):
    api.on("POST", "/extract", 200, {"values": {"correction": True, "yes_no": False, "place": "x"}})
    text = "nee, hij weigerde het formulier in te vullen"
    slots = {**FILLED, "damage_accident_statement": None, "requested_slot": "damage_accident_statement"}

    events = asyncio.run(ValidateDamageForm().run(dispatcher, tracker_factory(slots, text=text), domain))

    assert SlotSet("damage_accident_statement", False) in events
    assert SlotSet("damage_location", "x") not in events


def test_more_of_the_story_while_another_question_is_asked_adds_to_the_description_and_asks_again(
    api, dispatcher, tracker_factory, domain
):
    # "de linkerspiegel hangt er helemaal af" to "Was er een andere partij bij betrokken?" (NLU: report_damage):
    # before, the form dropped it and the customer got no reply at all.
    api.on("POST", "/extract", 200, {"values": {}})
    slots = {
        "damage_license_plate": "1-ABC-123",
        "damage_date": "2026-11-30",
        "damage_time": "",
        "damage_location": "de parking van de Delhaize in Gent",
        "damage_description": "er is iemand tegen mijn spiegel gereden",
        "damage_kind": "collision",
        "requested_slot": "damage_other_party",
    }
    text = "de linkerspiegel hangt er helemaal af"
    tracker = tracker_factory(slots, text=text, intent="report_damage", active_loop="damage_form")

    events = asyncio.run(ValidateDamageForm().run(dispatcher, tracker, domain))

    description = "er is iemand tegen mijn spiegel gereden. de linkerspiegel hangt er helemaal af"
    assert SlotSet("damage_description", description) in events
    assert events[-1] == SlotSet("requested_slot", "damage_other_party")
    assert dispatcher.messages[-1]["text"] == PROMPTS["damage_other_party"][0]


def test_an_answer_the_reader_cannot_read_gets_its_hint_and_counts_as_a_failure(
    api, dispatcher, tracker_factory, domain
):
    # "neje" before it was a known "no": the question was asked again and again without a word.
    api.on("POST", "/extract", 200, {"values": {}})
    api.on("POST", "/validate", 200, {"valid": False, "value": None, "detail": "Antwoord met ja of nee, alstublieft."})
    slots = {**{k: FILLED[k] for k in list(FILLED)[:5]}, "damage_time": "", "requested_slot": "damage_other_party"}
    tracker = tracker_factory(
        slots, text="neje, alleen ikzelf en da paaltje", intent="inform", active_loop="damage_form"
    )

    events = asyncio.run(ValidateDamageForm().run(dispatcher, tracker, domain))

    assert SlotSet("failed_attempts", {"damage_other_party": 1}) in events
    assert [m["text"] for m in dispatcher.messages] == [
        "Antwoord met ja of nee, alstublieft.",
        PROMPTS["damage_other_party"][0],
    ]
    assert api.body(api.sent("POST", "/validate")[0]) == {
        "field": "yes_no",
        "value": "neje, alleen ikzelf en da paaltje",
    }


def test_a_correction_that_says_so_is_a_correction_even_when_it_opens_with_no(api, dispatcher, tracker_factory, domain):
    # Asked "Was er een andere partij?", the customer corrects the date: "neeneen sorry, het was donderdag".
    values = {"correction": "explicit", "yes_no": False, "past_datetime": {"date": "2026-11-19", "time": "11:00"}}
    api.on("POST", "/extract", 200, {"values": values})
    api.on("POST", "/validate", 200, {"valid": True, "value": "2026-11-19", "detail": None})
    slots = {**{k: FILLED[k] for k in list(FILLED)[:5]}, "damage_time": "", "requested_slot": "damage_other_party"}
    text = "neeneen sorry, het was donderdag, woensdag was ik in Brussel. donderdag om 11u dus"

    events = asyncio.run(ValidateDamageForm().run(dispatcher, tracker_factory(slots, text=text), domain))

    assert SlotSet("damage_date", "2026-11-19") in events
    assert SlotSet("damage_other_party", False) not in events
    assert events[-1] == SlotSet("requested_slot", "damage_other_party")


def test_a_question_at_the_summary_is_answered_not_taken_for_a_no(api, dispatcher, tracker_factory, domain):
    # "… met die kapotte ruit durf ik niet rijden?" holds a "niet", but it opens with no yes or no.
    import httpx

    def extract(request: httpx.Request) -> httpx.Response:
        whole = "kapotte ruit" in request.read().decode()
        return httpx.Response(200, json={"values": {"yes_no": False} if whole else {}})

    api.handle("POST", "/extract", extract)
    answer = {"text": "U krijgt een vervangwagen.", "citation": "Bron: FAQ"}
    api.on("GET", "/knowledge/search", 200, {"decision": "answer", "answer": answer, "hits": []})
    slots = {**{k: v for k, v in FILLED.items() if k != "damage_confirmed"}, "requested_slot": "damage_confirmed"}
    text = "moet ik nu zelf een andere wagen regelen? met die kapotte ruit durf ik niet rijden"

    events = asyncio.run(ValidateDamageForm().run(dispatcher, tracker_factory(slots, text=text), domain))

    assert SlotSet("damage_confirmed", False) not in events
    assert dispatcher.messages[0]["text"] == "U krijgt een vervangwagen.\nBron: FAQ"
    assert events[-1] == SlotSet("requested_slot", "damage_confirmed")


def test_the_time_is_asked_when_the_date_came_without_it_and_no_time_is_no_failure(
    api, dispatcher, tracker_factory, domain
):
    api.on("POST", "/extract", 200, {"values": {}})
    slots = {"damage_license_plate": "1-ABC-123", "damage_date": "2026-11-23", "requested_slot": "damage_date"}
    asked = asyncio.run(ValidateDamageForm().run(dispatcher, tracker_factory(slots, text="gisteren"), domain))
    assert asked[-1] == SlotSet("requested_slot", "damage_time")
    assert dispatcher.messages[-1]["text"] == PROMPTS["damage_time"][0]

    answered = type(dispatcher)()
    slots = {**slots, "requested_slot": "damage_time"}
    events = asyncio.run(
        ValidateDamageForm().run(answered, tracker_factory(slots, text="weet ik echt niet meer"), domain)
    )
    assert SlotSet("damage_time", "") in events
    assert events[-1] == SlotSet("requested_slot", "damage_location")


def test_a_day_said_when_the_time_is_asked_corrects_the_date_and_leaves_the_time_out(
    api, dispatcher, tracker_factory, domain
):
    """The opening said "sinds vanochtend"; to "Weet u nog hoe laat het was?" the customer tells the real day."""
    api.on("POST", "/extract", 200, {"values": {"past_datetime": {"date": "2026-11-20", "time": None}}})
    api.on("POST", "/validate", 200, {"valid": True, "value": "2026-11-20", "detail": None})
    slots = {"damage_license_plate": "K-123-BB", "damage_date": "2026-11-24", "requested_slot": "damage_time"}
    text = "Afgelopen vrijdag, op de A2 sprong er toen een steentje tegen"

    events = asyncio.run(ValidateDamageForm().run(dispatcher, tracker_factory(slots, text=text), domain))

    assert SlotSet("damage_date", "2026-11-20") in events
    assert SlotSet("damage_time", "") in events
    assert events[-1] == SlotSet("requested_slot", "damage_location")
    assert {"past_datetime", "time"} <= set(api.body(api.sent("POST", "/extract")[0])["fields"])


def test_a_day_corrected_when_the_time_is_asked_leaves_the_time_out(api, dispatcher, tracker_factory, domain):
    """ "o nee wacht, het was woensdag de 18e" to "Weet u nog hoe laat het was?": the date is corrected and the
    time is not asked again (the customer who repeats the day they first gave would undo the correction)."""
    values = {"correction": "explicit", "past_datetime": {"date": "2026-11-18", "time": None}}
    api.on("POST", "/extract", 200, {"values": values})
    api.on("POST", "/validate", 200, {"valid": True, "value": "2026-11-18", "detail": None})
    slots = {"damage_license_plate": "K-123-BB", "damage_date": "2026-11-19", "requested_slot": "damage_time"}
    text = "o nee wacht, het was woensdag de 18e, donderdag stond ik al bij de garage"

    events = asyncio.run(ValidateDamageForm().run(dispatcher, tracker_factory(slots, text=text), domain))

    assert SlotSet("damage_date", "2026-11-18") in events
    assert SlotSet("damage_time", "") in events
    assert events[-1] == SlotSet("requested_slot", "damage_location")


def test_words_that_say_neither_yes_nor_no_are_not_taken_for_the_nlus_no(api, dispatcher, tracker_factory, domain):
    # "weet ik niet" to "Klopt dit?" was mapped to /deny by its intent and cancelled the damage file.
    api.on("POST", "/extract", 200, {"values": {}})
    api.on("POST", "/validate", 200, {"valid": False, "value": None, "detail": "Antwoord met ja of nee, alstublieft."})
    slots = {**{k: v for k, v in FILLED.items() if k != "damage_confirmed"}, "requested_slot": "damage_confirmed"}
    tracker = tracker_factory(slots, text="weet ik niet", intent="deny", typed={"damage_confirmed": False})

    events = asyncio.run(ValidateDamageForm().run(dispatcher, tracker, domain))

    assert SlotSet("damage_confirmed", False) not in events
    assert SlotSet("failed_attempts", {"damage_confirmed": 1}) in events
    assert dispatcher.messages[0]["text"] == "Antwoord met ja of nee, alstublieft."


def test_a_question_about_damage_files_is_answered_not_opened_but_a_story_with_a_question_is_opened(
    api, dispatcher, tracker_factory, domain
):
    answer = {"text": "Een schadedossier is meestal binnen 10 werkdagen afgehandeld.", "citation": "Bron: FAQ"}
    api.on("GET", "/knowledge/search", 200, {"decision": "answer", "answer": answer, "hits": []})
    api.on("POST", "/extract", 200, {"values": {}})
    question = tracker_factory(
        text="hoe lang duurt het gemiddeld voor een schadedossier afgehandeld is?", intent="report_damage"
    )

    events = asyncio.run(ActionStartDamage().run(dispatcher, question, domain))

    assert events[-1] == FollowupAction("action_listen")
    assert [b["payload"] for b in dispatcher.messages[-1]["buttons"]] == ["/report_damage", "/deny"]

    api.on("POST", "/extract", 200, {"values": {"event_kind": "collision"}})
    story = tracker_factory(text="ik heb een paaltje geraakt, moet ik dat melden?", intent="report_damage")
    events = asyncio.run(ActionStartDamage().run(CollectingDispatcher(), story, domain))
    assert FollowupAction("action_listen") not in events


def test_a_confident_damage_guess_for_a_question_that_tells_of_no_damage_is_answered_from_the_documents(
    api, dispatcher, tracker_factory, domain
):
    """ "Mag er in de wagen gerookt worden?" taken for damage at 0.99: no event, no story, so nothing to file, and
    no damage report offered either: the question names no damage and the passage points to no report."""
    answer = {"text": "Roken in de wagen is niet toegestaan.", "citation": "Bron: gedragscode"}
    api.on("GET", "/knowledge/search", 200, {"decision": "answer", "answer": answer, "hits": []})
    api.on("POST", "/extract", 200, {"values": {}})
    question = tracker_factory(text="Mag er in de wagen gerookt worden?", intent="report_damage")

    events = asyncio.run(ActionStartDamage().run(dispatcher, question, domain))

    assert events[-1] == FollowupAction("action_listen")
    assert [m["text"] for m in dispatcher.messages] == ["Roken in de wagen is niet toegestaan.\nBron: gedragscode"]
    assert api.body(api.sent("POST", "/extract")[0])["fields"] == ["event_kind", "story_kind", "damage_kind"]


def test_a_question_about_damage_in_general_is_answered_however_long(api, dispatcher, tracker_factory, domain):
    """ "binnen hoeveel dagen moet een ongeval aangegeven zijn?" names a kind of damage in eight words (a story
    to the API's reader) but tells no one's own: answered from the documents, the report one click away."""
    answer = {"text": "Meld een ongeval binnen 8 dagen.", "citation": "Bron: algemene voorwaarden"}
    api.on("GET", "/knowledge/search", 200, {"decision": "answer", "answer": answer, "hits": []})
    api.on("POST", "/extract", 200, {"values": {"story_kind": "collision", "damage_kind": "collision"}})
    question = tracker_factory(text="binnen hoeveel dagen moet een ongeval aangegeven zijn?", intent="report_damage")

    events = asyncio.run(ActionStartDamage().run(dispatcher, question, domain))

    assert events[-1] == FollowupAction("action_listen")
    assert dispatcher.messages[0]["text"] == "Meld een ongeval binnen 8 dagen.\nBron: algemene voorwaarden"


def test_a_damage_story_put_as_a_question_or_a_request_for_the_file_still_opens_it(
    api, dispatcher, tracker_factory, domain
):
    api.on("POST", "/extract", 200, {"values": {"story_kind": "collision"}})
    story = "aanrijding gehad op de A12 bij Utrecht, formulier is ingevuld. hoe gaat het nu verder?"
    events = asyncio.run(
        ActionStartDamage().run(dispatcher, tracker_factory(text=story, intent="report_damage"), domain)
    )
    assert FollowupAction("action_listen") not in events

    asking = tracker_factory(text="kunnen jullie een schadedossier openen?", intent="report_damage")
    events = asyncio.run(ActionStartDamage().run(CollectingDispatcher(), asking, domain))
    assert FollowupAction("action_listen") not in events


def test_a_statement_the_nlu_took_for_a_contract_fact_is_an_answer_inside_the_form(
    api, dispatcher, tracker_factory, domain
):
    """It was answered with the contract's end date and the time asked again, turn after turn."""
    api.on("POST", "/extract", 200, {"values": {}})
    slots = {"damage_license_plate": "1-ABC-123", "damage_date": "2026-11-20", "requested_slot": "damage_time"}
    text = "vrijdag, toen heeft de garage het vastgesteld. wanneer da beest daar juist zat weet ik ni"
    tracker = tracker_factory(slots, text=text, intent="ask_contract_end")

    events = asyncio.run(ValidateDamageForm().run(dispatcher, tracker, domain))

    assert SlotSet("damage_time", "") in events
    assert events[-1] == SlotSet("requested_slot", "damage_location")


def test_the_same_words_typed_again_after_a_digression_are_the_answer(api, dispatcher, tracker_factory, domain):
    """Taken for a greeting, "gisterenavond, ik was gaan sporten" was greeted turn after turn."""
    api.on("POST", "/extract", 200, {"values": {}})
    slots = {"damage_license_plate": "1-ABC-123", "damage_date": "2026-11-23", "requested_slot": "damage_time"}
    text = "gisterenavond, ik was gaan sporten"
    once = [{"event": "user", "text": text}, {"event": "bot", "text": "Hallo!"}]
    first = tracker_factory(slots, text=text, intent="greet", events=once[:1])
    again = tracker_factory(slots, text=text, intent="greet", events=[*once, {"event": "user", "text": text}])

    assert SlotSet("damage_time", "") not in asyncio.run(ValidateDamageForm().run(dispatcher, first, domain))
    assert SlotSet("damage_time", "") in asyncio.run(ValidateDamageForm().run(CollectingDispatcher(), again, domain))


def test_stolen_registration_papers_taken_for_damage_offer_the_duplicate_first(
    api, dispatcher, tracker_factory, domain
):
    api.on("POST", "/extract", 200, {"values": {"event_kind": "theft", "damage_kind": "theft"}})
    text = "mijn handtas is gisteren gepikt op de markt en daar zaten de papieren van den auto in"

    events = asyncio.run(
        ActionStartDamage().run(dispatcher, tracker_factory(text=text, intent="report_damage"), domain)
    )

    assert events == [FollowupAction("action_listen")]
    assert dispatcher.messages[0]["text"] == messages.REGISTRATION_OFFER
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == [
        "/request_registration_duplicate",
        "/report_damage",
        "/deny",
    ]
