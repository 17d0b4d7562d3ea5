"""Questions answered from the documents (GET /knowledge/search) with the source.

answer → the extract and its citation; clarify → "Bedoelt u…?" with the top candidates as
buttons; decline → say so and offer a human (chat open) or the callback and other routes.
Two unanswered turns in a row hand the conversation to a human.
"""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import messages
from actions.api_client import ApiClient, ApiError, ApiUnavailable
from actions.common import client_for, customer_token, is_question, outcome, primary_contract, say
from actions.handoff import FAILED_TURNS_SLOT, chat_hours, hand_over

PICK_ENTITY = "faq_pick"
MAX_CANDIDATES = 3


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


async def product_of(tracker: Tracker) -> str | None:
    """The customer's product narrows the search to their own conditions."""
    if customer_token(tracker) is None:
        return None
    try:
        contract = primary_contract(await client_for(tracker).me())
    except (ApiUnavailable, ApiError):
        return None
    return (contract or {}).get("product")


async def tells_of_damage(tracker: Tracker, text: str) -> bool:
    """Damage the NLU did not take for a report: a statement naming a kind of damage ("steenslag in de
    voorruit, er zit nu een ster in"), or a question that tells a story of it ("ik heb een paaltje
    geraakt op de parking, wat moet ik nu doen?"). Never inside a form."""
    if tracker.active_loop_name or not text or text.startswith("/"):
        return False
    field = "event_kind" if is_question(text) else "damage_kind"
    try:
        values = (await ApiClient().extract(text, [field])).get("values") or {}
    except (ApiUnavailable, ApiError):
        return False
    return values.get(field) not in (None, "other")


class ActionAnswerFaq(Action):
    def name(self) -> str:
        return "action_answer_faq"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        picked = next(tracker.get_latest_entity_values(PICK_ENTITY), None)
        question = picked or (tracker.latest_message.get("text") or "").strip()
        if not picked and tracker.active_loop_name and not is_question(question):
            return []  # an answer to the form's question that the NLU took for a question: the form reads it
        damage = not picked and await tells_of_damage(tracker, question)
        if damage and not is_question(question):
            say(dispatcher, messages.DAMAGE_OFFER, messages.DAMAGE_OFFER_BUTTONS)
            return []
        events = await self.answer(dispatcher, tracker, question, picked)
        if damage:  # the question is answered, and the report it leads to is one click away
            say(dispatcher, messages.DAMAGE_OFFER, messages.DAMAGE_OFFER_BUTTONS)
        return events

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, question: str, picked: str | None
    ) -> list[EventType]:
        try:
            result = await client_for(tracker).search(question, await product_of(tracker))
        except (ApiUnavailable, ApiError):
            say(dispatcher, messages.API_DOWN)
            return []
        decision = result.get("decision")
        hits = result.get("hits") or []
        if decision == "answer" and result.get("answer"):
            answer = result["answer"]
            say(dispatcher, f"{answer.get('text', '').strip()}\n{answer.get('citation', '').strip()}".strip())
            return [SlotSet(FAILED_TURNS_SLOT, 0), outcome("faq:answered")]
        if picked and hits:
            # The customer chose a candidate: answer from that passage rather than ask again.
            say(dispatcher, f"{hits[0].get('text', '').strip()}\n{citation_of(hits[0])}".strip())
            return [SlotSet(FAILED_TURNS_SLOT, 0), outcome("faq:answered")]
        if decision == "clarify" and hits:
            say(dispatcher, messages.FAQ_CLARIFY, candidate_buttons(hits))
            return [outcome("faq:clarified")]
        return await self.decline(dispatcher, tracker)

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
        say(dispatcher, messages.BREAKDOWN_SAFETY)
        try:
            result = await client_for(tracker).search(BREAKDOWN_QUESTION, await product_of(tracker))
        except (ApiUnavailable, ApiError):
            result = {}
        answer = result.get("answer") if result.get("decision") == "answer" else None
        if answer:
            say(dispatcher, f"{answer.get('text', '').strip()}\n{answer.get('citation', '').strip()}".strip())
        else:
            say(dispatcher, messages.BREAKDOWN_NO_DOCUMENT)
        say(dispatcher, messages.BREAKDOWN_DAMAGE, [messages.DAMAGE_OFFER_BUTTONS[0]])
        return []
