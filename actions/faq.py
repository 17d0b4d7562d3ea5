"""Questions answered from the documents (GET /knowledge/search) with the source.

answer → the extract and its citation; clarify → "Bedoelt u…?" with the top candidates as
buttons; decline → say so and offer a human (chat open) or the callback and other routes.
Two unanswered turns in a row hand the conversation to a human.

Every question the customer asked is recorded (POST /knowledge/questions) for the console's knowledge
gaps ("Kennishiaten"); in the widget a direct answer comes with 👍/👎 (the custom payload
``answer_feedback``), which the customer's browser posts to the API with their own token. A candidate the
customer picked is our wording, not theirs: not recorded. Recording is best effort: a failure is logged
and the answer goes on.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import messages
from actions.api_client import ApiClient, ApiError, ApiUnavailable
from actions.common import (
    ASKS_FOR_IT,
    BREAKDOWN_TOLD,
    CALL_WORDS,
    CAR_TROUBLE,
    FIRST_PERSON,
    REQUEST_TOPICS,
    asked_route,
    asks_how_it_works,
    asks_own_bundle,
    client_for,
    customer_token,
    is_question,
    outcome,
    primary_contract,
    say,
    thousands,
)
from actions.handoff import FAILED_TURNS_SLOT, callback_start, chat_hours, hand_over
from actions.mileage import correct_last_reading

logger = logging.getLogger(__name__)

PICK_ENTITY = "faq_pick"
MAX_CANDIDATES = 3
FEEDBACK_PAYLOAD = "answer_feedback"
# Only the widget shows the payload and holds the customer's token to vote; other channels would send it on
# as a message of its own (Twilio, Messenger) or drop it.
FEEDBACK_CHANNELS = {"socketio"}
DECISIONS = ("answer", "clarify", "decline")
MAX_RECORDED_CHARS = 500  # what the search reads of a question


def candidate_label(hit: dict[str, Any]) -> str:
    """A "Bedoelt u…?" option in the customer's words: the section's closest customer question when the
    search has one, else its title."""
    return str(hit.get("question") or hit.get("title") or hit.get("section") or hit.get("doc_title") or "").strip()


def candidate_buttons(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    buttons, seen = [], set()
    for hit in hits:
        label = candidate_label(hit)
        if not label or label in seen:
            continue
        seen.add(label)
        buttons.append({"title": label, "payload": "/faq" + json.dumps({PICK_ENTITY: label}, ensure_ascii=False)})
        if len(buttons) == MAX_CANDIDATES:
            break
    buttons.append({"title": messages.FAQ_NONE_OF_THESE, "payload": "/human_handoff"})
    return buttons


def citation_of(hit: dict[str, Any]) -> str:
    parts = [str(p) for p in (hit.get("doc_title"), hit.get("section")) if p]
    return "Bron: " + ", ".join(parts) if parts else ""


async def customer_of(tracker: Tracker) -> tuple[str | None, str | None]:
    """(customer number, product) from one GET /me; the product narrows the search to the customer's own
    conditions, the number lets only them vote on the answer."""
    if customer_token(tracker) is None:
        return None, None
    try:
        me = await client_for(tracker).me()
    except (ApiUnavailable, ApiError):
        return None, None
    contract = primary_contract(me)
    return me.get("customer_number"), (contract or {}).get("product")


async def product_of(tracker: Tracker) -> str | None:
    """The customer's product narrows the search to their own conditions."""
    return (await customer_of(tracker))[1]


def top_section(hits: list[dict[str, Any]]) -> str | None:
    """The section id ("<doc>:<section>") of the first hit."""
    first = hits[0] if hits else {}
    return f"{first['doc']}:{first['section']}" if first.get("doc") and first.get("section") else None


async def record_question(
    tracker: Tracker, question: str, customer_number: str | None, product: str | None, result: dict[str, Any]
) -> int | None:
    """Record the searched question for the knowledge gaps; its id, or None when it could not be recorded."""
    decision = result.get("decision")
    if decision not in DECISIONS or not question.strip():
        return None
    body = {
        "conversation_id": tracker.sender_id,
        "customer_number": customer_number,
        "question": question.strip()[:MAX_RECORDED_CHARS],
        "product": product,
        "decision": decision,
        "top_section": top_section(result.get("hits") or []),
    }
    try:
        recorded = await ApiClient().record_question(body)
    except (ApiUnavailable, ApiError) as error:
        logger.warning("Searched question of %s not recorded: %s", tracker.sender_id, error)
        return None
    question_id = recorded.get("id")
    return question_id if isinstance(question_id, int) else None


Offer = tuple[str, list[dict[str, Any]]]
# Going somewhere with the car, not asking about a country in general.
TRAVEL_CUE = re.compile(
    r"\b(?:naar|reis|reizen|vakantie|rijden|rij|vertrek|toelating|toestemming|verklaring|attest|buitenland)\b", re.I
)
# The car's registration papers, named: "mijn tas met het kentekenbewijs is gestolen" is about a duplicate of
# them, not (only) damage to the car.
REGISTRATION_PAPERS = re.compile(
    r"inschrijvings(?:bewijs|papier\w*|document\w*)|kentekenbewijs|kentekencard|kentekenpas|kenteken ?papieren|"
    r"boorddocument|registratiebewijs|grijze kaart|kentekenkaart|autopapieren|boordpapieren|"
    r"papieren van (?:de|den|mijn|mijne|onze) (?:auto|wagen)",
    re.I,
)
# A document the customer wants from us, not one they ask about: "kunnen jullie mij een overzicht sturen",
# "ik kan mijn leasecontract nergens meer vinden".
WANTS_DOCUMENT = re.compile(
    r"\b(?:sturen|opsturen|toesturen|doorsturen|bezorgen|mailen|e-?mailen|krijgen|ontvangen|aanvragen|opvragen|"
    r"nodig|kwijt|vinden|kopie|downloaden)\b",
    re.I,
)
OFFER_FIELDS = ["iban", "address", "countries", "document", "odometer"]
# "odometer 56400", "kvoer ff de km in, 22100", "ik geef even de stand door": a reading, whatever the NLU took it
# for (on the dev first messages every statement with one of these words gives a reading, but for the last
# reading asked: "laatste km stand pls")
READING_CUE = re.compile(
    r"\b(?:odometer|teller\w*|km[- ]?stand\w*|kilometerstand\w*|kmstand\w*|"
    r"(?:de|mijn|mn|m'n)\s+(?:km|kms|km's|kilometers)\s+in|stand\s+(?:\w+\s+){0,2}door(?:geven|gegeven|te geven)?)\b",
    re.IGNORECASE,
)
LAST_READING = re.compile(r"\b(?:laatst\w*|vorige|opvragen|geregistreerd\w*)\b", re.IGNORECASE)


def task_button(task: str) -> dict[str, str]:
    """The button that starts a task (its intent as payload)."""
    return {"title": messages.TASK_BUTTON_TITLES[task], "payload": f"/{task}"}


def offer_for(values: dict[str, Any], text: str) -> Offer | None:
    """The task a statement the NLU sent to the documents holds, offered one click away (the form then reads
    the same message): damage told as a story, a new IBAN, a new address with its number and postcode or
    town, a trip abroad with the car, a document to be sent, an odometer reading; registration papers lost or
    stolen (with the damage report beside it when the car itself was stolen or damaged too)."""
    damage = values.get("damage_kind", values.get("event_kind")) not in (None, "other")
    if REGISTRATION_PAPERS.search(text):
        also = [messages.DAMAGE_OFFER_BUTTONS[0]] if damage else []
        return messages.REGISTRATION_OFFER, [task_button("request_registration_duplicate"), *also,
                                             messages.NOT_A_TASK_BUTTON]  # fmt: skip
    if damage:
        return messages.DAMAGE_OFFER, messages.DAMAGE_OFFER_BUTTONS
    if values.get("iban"):
        iban = str(values["iban"])
        return messages.IBAN_OFFER.format(iban=iban), [messages.IBAN_OFFER_BUTTON, messages.NOT_A_TASK_BUTTON]
    address = values.get("address") or {}
    if address.get("street") and address.get("house_number") and (address.get("postcode") or address.get("city")):
        return messages.ADDRESS_OFFER, [messages.ADDRESS_OFFER_BUTTON, messages.NOT_A_TASK_BUTTON]
    if values.get("document") and WANTS_DOCUMENT.search(text):
        return messages.TASK_OFFER, [task_button("request_document_copy"), messages.NOT_A_TASK_BUTTON]
    trips = [c for c in values.get("countries") or [] if c.get("code") not in ("BE", "NL")]
    # a trip inside the EU needs no certificate: nothing to offer
    countries = [c.get("name") for c in trips if c.get("certificate_needed", True)]
    if countries and TRAVEL_CUE.search(text):
        named = " en ".join(str(name) for name in countries)
        return messages.TRAVEL_OFFER.format(countries=named), [messages.TRAVEL_OFFER_BUTTON, messages.NOT_A_TASK_BUTTON]
    if READING_CUE.search(text) and not LAST_READING.search(text):
        km = values.get("odometer")
        reading = messages.READING_OFFER.format(km=thousands(km)) if km else messages.READING_OFFER_ASK
        return reading, [messages.READING_OFFER_BUTTON, messages.NOT_A_TASK_BUTTON]
    return None


MAX_TASK_BUTTONS = 2


def section_offer(
    hits: list[dict[str, Any]], intent_ranking: list[dict[str, Any]], asked: str | None = None
) -> Offer | None:
    """The tasks the passages point to (knowledge/tasks.yml), offered as buttons: those of the first passage
    first; among them the ones the NLU found likeliest for the customer's own words ("adres, IBAN,
    domiciliëring, documenten" are one FAQ). `asked`: the task the customer's question is about, offered
    whatever the passages point to."""
    pointed = [task for hit in hits for task in hit.get("tasks") or []]
    listed = [task for task in [*([asked] if asked else []), *pointed] if task in messages.TASK_BUTTON_TITLES]
    tasks = list(dict.fromkeys(listed))
    if not tasks:
        return None
    confidence = {str(r.get("name")): float(r.get("confidence") or 0.0) for r in intent_ranking}
    ranked = sorted(tasks, key=lambda task: -confidence.get(task, 0.0))  # stable: passage order on ties
    buttons = [task_button(task) for task in ranked[:MAX_TASK_BUTTONS]]
    return messages.TASK_OFFER, [*buttons, messages.NO_THANKS_BUTTON]


# The NLU's likeliest task for a message it sent to the documents, offered beside the answer from this
# confidence on ("ik ben mijn leasecontract kwijt, kunnen jullie het nog een keer sturen?": faq first, the
# document copy next).
LIKELY_TASK_CONFIDENCE = 0.25


def likely_task(intent_ranking: list[dict[str, Any]]) -> str | None:
    tasks = [r for r in intent_ranking if str(r.get("name")) in messages.TASK_BUTTON_TITLES]
    best = max(tasks, key=lambda r: float(r.get("confidence") or 0.0), default=None)
    return str(best["name"]) if best and float(best.get("confidence") or 0.0) >= LIKELY_TASK_CONFIDENCE else None


async def task_offer(tracker: Tracker, text: str) -> Offer | None:
    """What the customer's message asks us to do, when the NLU took it for a question: damage (a statement
    naming a kind of damage, or a question that tells a story of it: "ik heb een paaltje geraakt, wat moet
    ik nu doen?" — not "wie betaalt glasschade?"), a new IBAN, a new address, a trip abroad with the car
    ("kunnen jullie voortaan van NL24BUNQ… incasseren?"). Never inside a form."""
    if tracker.active_loop_name or not text or text.startswith("/"):
        return None
    fields = ["event_kind" if is_question(text) else "damage_kind", *OFFER_FIELDS]
    try:
        values = (await ApiClient().extract(text, fields)).get("values") or {}
    except (ApiUnavailable, ApiError):
        return None
    return offer_for(values, text)


# A question the NLU takes for a task below this confidence is more often one for the documents, or off topic
# ("hoe laat gaat de albert heijn vandaag dicht" → domiciliation date 0.45): on the 830 dev first messages
# the NLU took for a request or damage, 374 of 389 routed right with it, 367 without. So is a statement ("kent
# gij ne goeie garage rond mechelen" → registration papers 0.52, "kunde gij mij helpen met mijn belastingbrief"
# → callback 0.53): of the 1 430 dev first messages, 30 statements were taken for a task below 0.6, 9 of them
# wrongly; the task stays one click away beside the answer (and a damage story still opens the file).
UNSURE_TASK_CONFIDENCE = 0.6


# The customer telling of their own car or case, also as typed ("'k", "kben", "kreeg").
OWN_STORY_WORDS = re.compile(rf"\b(?:{FIRST_PERSON}|'?k|kben|kzit|kwas|kreeg)\b", re.I)


# The words a task is asked with: a message the NLU took for the task without any is treated as unsure.
TASK_TOPICS = {**REQUEST_TOPICS, "request_callback": CALL_WORDS}


async def instead_of_task(dispatcher: CollectingDispatcher, tracker: Tracker, task: str) -> list[EventType] | None:
    """What a message the NLU took for a task is when it is not the task: a correction of the odometer reading
    just given ("oeps, 8460 moet het zijn" taken for an address change) corrects it; a question about how a task
    works that the NLU took for the task ("hoeveel bedraagt de vergoeding bij
    een vroegtijdige beëindiging?"), or a message it is unsure of: answered from the documents with the task
    one click away, and the bot listens (the task's form does not start). None when the message asks for the
    task, tells of damage, or comes inside a form."""
    corrected = await correct_last_reading(dispatcher, tracker)
    if corrected is not None:
        return [*corrected, FollowupAction("action_listen")]
    text = str(tracker.latest_message.get("text") or "").strip()
    if tracker.active_loop_name or text.startswith("/"):
        return None  # inside a form, or a button: the task as asked
    routed = await to_asked_route(tracker, text, task)
    if routed:
        return routed
    if task == "request_km_bundle_change" and asks_own_bundle(text):
        from actions.contract import ActionAnswerContract  # noqa: PLC0415 - contract imports this module

        # "mijn km bundel?": the bundle they have, and the request's form does not start
        return [*await ActionAnswerContract().run(dispatcher, tracker, {}), FollowupAction("action_listen")]
    if task == "report_damage" and REGISTRATION_PAPERS.search(text):
        # "mijn handtas is gepikt en daar zat het inschrijvingsbewijs in": the papers first, the car's damage beside
        offer = offer_for(await damage_told(text) or {}, text)
        if offer:
            say(dispatcher, *offer)
            return [FollowupAction("action_listen")]
    confidence = float((tracker.latest_message.get("intent") or {}).get("confidence") or 0.0)
    topic = TASK_TOPICS.get(task)
    unsure = confidence < UNSURE_TASK_CONFIDENCE or (topic is not None and bool(text) and not topic.search(text))
    # A question the NLU took for damage but that tells of none ("mag er in de wagen gerookt worden?", "is er
    # een bedenktijd?"): nothing to file; on the dev first messages 10 such questions, 1 damage report.
    about_damage = task == "report_damage" and is_question(text) and not ASKS_FOR_IT.search(text)
    if not (asks_how_it_works(text) or unsure or about_damage):
        return None
    if task == "report_mileage" and re.search(r"\d", text):
        return None  # "mijn teller zegt 55800, moet ik dat ergens invullen?": the reading itself
    offered = True
    if task == "report_damage":
        damage = await damage_told(text)
        # a lone question told in no one's own words names damage in general ("binnen hoeveel dagen moet een
        # ongeval aangegeven zijn?"), however long: only an event, or a story told first, makes it the customer's
        told_first = re.search(r"[^.!?]{12,}[.!]", text)  # "aanrijding gehad op de A12. hoe nu verder?"
        own_story = (
            damage is not None and bool(damage.get("story_kind")) and bool(OWN_STORY_WORDS.search(text) or told_first)
        )
        if damage is None or damage.get("event_kind") or own_story:
            return None  # "ik heb een paaltje geraakt, moet ik dat melden?" is the damage itself
        # the report is offered beside the answer when the question is about damage ("hoe lang duurt een
        # schadedossier?") or the passage points to it, never for "is er een bedenktijd?"
        offered = bool(damage.get("damage_kind")) or "schade" in text.lower()
    elif task.startswith("request_") and unsure and not is_question(text):
        told = await damage_told(text) or {}
        if told.get("event_kind"):  # "er zit een barst in mijn voorruit die elke dag groter wordt": no debit day
            from actions.damage import damage_start  # noqa: PLC0415 - damage imports this module

            return [*damage_start(dispatcher), FollowupAction("damage_form")]
    events = await ActionAnswerFaq().respond(dispatcher, tracker, asked=task if offered else None, guess_task=offered)
    if any(event.get("event") == "followup" for event in events):
        return events  # asked in so many words for a callback, a human or roadside help: that comes next
    return [*events, FollowupAction("action_listen")]


ROUTE_TASKS = {
    "callback": "request_callback",
    "breakdown": "report_breakdown",
    "human": "human_handoff",
    "contract_end": "ask_contract_end",
    "km_bundle": "ask_km_bundle",
    "reading": "report_mileage",
}


async def to_asked_route(tracker: Tracker, text: str, task: str | None = None) -> list[EventType] | None:
    """A callback, a human, a reading, roadside help or the contract's end asked for in so many words (`asked_route`)
    comes next, whatever the NLU took the message for (`task`); roadside help not for a damage story that names
    the damage ("pech gehad: iemand reed tegen mijn spiegel"). None otherwise."""
    route = asked_route(text)
    if route is None or ROUTE_TASKS[route] == task:
        return None
    if route == "breakdown" and task == "report_damage":
        # damage named beside the breakdown words is the damage ("pech gehad: iemand reed tegen mijn spiegel");
        # none named ("begon te schokken, nu staat hij langs de kant. kan er iemand komen?"): roadside help
        told = await damage_told(text)
        if told is None or any(
            told.get(kind) not in (None, "other") for kind in ("event_kind", "story_kind", "damage_kind")
        ):
            return None
    if route == "callback":  # "mag ik gebeld worden?": the callback form, not a passage about calling
        return [*await callback_start(tracker), FollowupAction("callback_form")]
    if route in ("contract_end", "km_bundle"):  # "hoe lang heb ik de passat nog?": their own end date, not a clause
        return [SlotSet("pending_question", ROUTE_TASKS[route]), FollowupAction("action_answer_contract")]
    if route == "reading":  # "we gaan op wintersport, ik geef even de stand door": the reading, not the trip
        return [FollowupAction("mileage_form")]
    return [FollowupAction("action_handoff" if route == "human" else "action_breakdown")]


async def damage_told(text: str) -> dict[str, Any] | None:
    """What the damage readers find in a message: an event ("paaltje geraakt"), a story of one ("aanrijding
    gehad op de A12, formulier is ingevuld. hoe …"), a kind of damage named; None when the API is down."""
    try:
        return (await ApiClient().extract(text, ["event_kind", "story_kind", "damage_kind"])).get("values") or {}
    except (ApiUnavailable, ApiError):
        return None  # unsure: the damage file it was taken for


class ActionAnswerFaq(Action):
    def name(self) -> str:
        return "action_answer_faq"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return await self.respond(dispatcher, tracker)

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, asked: str | None = None, guess_task: bool = True
    ) -> list[EventType]:
        """Answer from the documents; `asked`: the task the question is about, offered beside the answer;
        `guess_task`: also offer the NLU's likeliest task (not when that task is known to be a misreading)."""
        corrected = await correct_last_reading(dispatcher, tracker)  # "sorry, er staat 8.230" after a reading
        if corrected is not None:
            return corrected
        picked = next(tracker.get_latest_entity_values(PICK_ENTITY), None)
        question = picked or (tracker.latest_message.get("text") or "").strip()
        if not picked and tracker.active_loop_name and not is_question(question):
            return []  # an answer to the form's question that the NLU took for a question: the form reads it
        routed = None if picked or tracker.active_loop_name else await to_asked_route(tracker, question)
        if routed:
            return routed
        # a statement the NLU took, unsure, for a task (`asked`): that task is offered, not a guess from its words
        # ("de verzekering wil weten hoeveel ongevallen ik had" is the certificate, not damage)
        guessed = picked or (asked and not is_question(question))
        if guessed:
            offer = None
            events, pointing = await self.answer(dispatcher, tracker, question, picked)
        elif is_question(question):
            # answered whatever the task readers find: both at once, the API's two round trips overlap
            offer, (events, pointing) = await asyncio.gather(
                task_offer(tracker, question), self.answer(dispatcher, tracker, question, picked)
            )
        else:
            offer = await task_offer(tracker, question)
            if offer:  # a statement that asks for a task: the task, no passage
                say(dispatcher, *offer)
                return []
            events, pointing = await self.answer(dispatcher, tracker, question, picked)
        ranking = tracker.latest_message.get("intent_ranking") or []
        asked = asked or (likely_task(ranking) if guess_task and not picked else None)
        if not offer and (pointing or asked) and not tracker.active_loop_name:
            offer = section_offer(pointing, ranking, asked)
        if offer:  # the question is answered, and the task it leads to is one click away
            say(dispatcher, *offer)
        return events

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, question: str, picked: str | None
    ) -> tuple[list[EventType], list[dict[str, Any]]]:
        """The answer, a "Bedoelt u…?" or a decline; with the passages whose tasks may be offered beside it:
        the one answered from; the first of a "Bedoelt u"; and for a statement that is no question ("ik wil
        deze lease beëindigen") the first three, also when declined."""
        customer_number, product = await customer_of(tracker)
        try:
            result = await client_for(tracker).search(question, product)
        except (ApiUnavailable, ApiError):
            say(dispatcher, messages.API_DOWN)
            return [], []
        question_id = None if picked else await record_question(tracker, question, customer_number, product, result)
        decision = result.get("decision")
        hits = result.get("hits") or []
        if decision == "answer" and result.get("answer"):
            answer = result["answer"]
            say(dispatcher, f"{answer.get('text', '').strip()}\n{answer.get('citation', '').strip()}".strip())
            if question_id is not None and tracker.get_latest_input_channel() in FEEDBACK_CHANNELS:
                dispatcher.utter_message(json_message={"type": FEEDBACK_PAYLOAD, "question_id": question_id})
            return [SlotSet(FAILED_TURNS_SLOT, 0), outcome("faq:answered")], hits[:1]
        if picked and hits:
            # The customer chose a candidate: answer from that passage rather than ask again.
            say(dispatcher, f"{hits[0].get('text', '').strip()}\n{citation_of(hits[0])}".strip())
            return [SlotSet(FAILED_TURNS_SLOT, 0), outcome("faq:answered")], hits[:1]
        statement = not picked and not is_question(question)
        if decision == "clarify" and hits:
            say(dispatcher, messages.FAQ_CLARIFY, candidate_buttons(hits))
            return [outcome("faq:clarified")], hits[: MAX_CANDIDATES if statement else 1]
        return await self.decline(dispatcher, tracker), hits[:MAX_CANDIDATES] if statement else []

    async def decline(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        failed = int(tracker.get_slot(FAILED_TURNS_SLOT) or 0) + 1
        say(dispatcher, messages.FAQ_DECLINE)
        if failed >= 2:
            say(dispatcher, messages.HANDOFF_AFTER_FAILURES)
            return [
                SlotSet(FAILED_TURNS_SLOT, failed),
                outcome("faq:declined"),
                *await hand_over(dispatcher, tracker, "repeated_failure"),
            ]
        hours = await chat_hours()
        if hours is None or hours.get("open"):
            say(dispatcher, messages.FAQ_DECLINE_OPEN)
        else:
            say(
                dispatcher,
                messages.FAQ_DECLINE_CLOSED.format(
                    next_open=hours.get("next_open_text") or "op de eerstvolgende werkdag om 9:00"
                ),
            )
        return [SlotSet(FAILED_TURNS_SLOT, failed), outcome("faq:declined")]


BREAKDOWN_QUESTION = "Ik heb pech onderweg. Wie moet ik bellen voor pechhulp?"


class ActionBreakdown(Action):
    """A breakdown is no damage file: safety first, then the roadside-assistance route of the customer's
    own conditions (searched like any question, with their product), and a way to report damage too."""

    def name(self) -> str:
        return "action_breakdown"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = str(tracker.latest_message.get("text") or "").strip()
        typed_here = bool(text) and not text.startswith("/") and not tracker.active_loop_name
        if typed_here and not CAR_TROUBLE.search(text):  # no car trouble told: what the documents say
            return await ActionAnswerFaq().respond(dispatcher, tracker, guess_task=False)
        told_here = typed_here and not is_question(text)
        if told_here and not BREAKDOWN_TOLD.search(text):
            # "… daarna stond de auto in brand, de brandweer heeft het geblust": damage that happened, no breakdown
            told = await damage_told(text)
            if told and told.get("event_kind"):
                from actions.damage import damage_start  # noqa: PLC0415 - damage imports this module

                return [*damage_start(dispatcher), FollowupAction("damage_form")]
        say(dispatcher, messages.BREAKDOWN_SAFETY)
        try:
            result = await client_for(tracker).search(BREAKDOWN_QUESTION, await product_of(tracker))
        except (ApiUnavailable, ApiError):
            result = {}
        # Our own question, precise: the first passage is used also when another comes close ("clarify").
        answer = result.get("answer") if result.get("decision") in ("answer", "clarify") else None
        if answer:
            say(dispatcher, f"{answer.get('text', '').strip()}\n{answer.get('citation', '').strip()}".strip())
        else:
            say(dispatcher, messages.BREAKDOWN_NO_DOCUMENT)
        say(dispatcher, messages.BREAKDOWN_DAMAGE, [messages.DAMAGE_OFFER_BUTTONS[0]])
        return []
