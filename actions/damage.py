"""Damage file: plate (prefilled from the contract), when, where, what, other party, police report.

Other party involved → ask about the European accident statement; theft or burglary → police
report number (the API enforces "within 24 h"). The reference, next steps and photo link come
from the API response.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from actions import messages
from actions.api_client import ApiClient, ApiError, ApiUnavailable
from actions.common import (
    IDEMPOTENCY_SLOT,
    PENDING_SUBMISSION_SLOT,
    client_for,
    completed,
    dutch_date,
    keep_for_retry,
    primary_contract,
    relay_rejection,
    say,
)
from actions.faq import instead_of_task
from actions.forms_base import (
    FAILED_ATTEMPTS_SLOT,
    ApiValidatedForm,
    Prompt,
    Reader,
    api_checked_slot,
    choice_slot,
    free_text_slot,
    is_digression,
    yes_no_prompt,
)
from actions.identity import is_identified

# damage kind → its Dutch label (buttons, summary); what customers type is read by the API's damage_kind reader
DAMAGE_KINDS: dict[str, str] = {
    "collision": "aanrijding",
    "glass": "glasschade",
    "attempted_theft": "poging tot diefstal",
    "theft": "diefstal",
    "burglary": "inbraak",
    "vandalism": "vandalisme",
    "fire": "brand",
    "animal": "aanrijding met een dier",
    "natural_disaster": "natuurramp of storm",
    "other": "andere schade",
}
POLICE_KINDS = {"theft", "burglary", "attempted_theft"}
DAMAGE_SLOTS = [
    "damage_license_plate",
    "damage_date",
    "damage_time",
    "damage_location",
    "damage_description",
    "damage_kind",
    "damage_other_party",
    "damage_accident_statement",
    "damage_police_report",
    "damage_confirmed",
]

PROMPTS: dict[str, Prompt] = {
    "damage_license_plate": ("Over welke wagen gaat het? Geef de nummerplaat.", None),
    "damage_date": ("Wanneer is het gebeurd? (bijvoorbeeld 'gisteren' of 12/11)", None),
    # Asked once when the date came without it: insurers ask it; "weet ik niet" (or no time) leaves it out.
    "damage_time": ("Weet u nog ongeveer hoe laat het was? (bijvoorbeeld 'rond 14u', of 'weet ik niet')", None),
    "damage_location": ("Waar is het gebeurd? (straat en gemeente, of bijvoorbeeld 'parking van de supermarkt')", None),
    "damage_description": ("Wat is er gebeurd? Beschrijf het kort in uw eigen woorden.", None),
    "damage_kind": (
        "Wat voor schade is het?",
        [
            {"title": label, "payload": label}
            for code, label in DAMAGE_KINDS.items()
            if code in ("collision", "glass", "theft", "burglary", "vandalism", "other")
        ],
    ),
    "damage_other_party": yes_no_prompt("Was er een andere partij bij betrokken?"),
    "damage_accident_statement": yes_no_prompt(
        "Heeft u samen met de andere partij een Europees aanrijdingsformulier ingevuld?"
    ),
    "damage_police_report": (
        "Bij diefstal of inbraak heeft u binnen 24 uur aangifte gedaan bij de politie. "
        "Wat is het nummer van het proces-verbaal?",
        None,
    ),
}


# How each damage slot is read from whole messages: the opening story fills what it tells.
READERS: dict[str, Reader] = {
    "damage_license_plate": Reader("license_plate"),
    "damage_date": Reader("past_datetime", "past_datetime", "date"),
    "damage_time": Reader("time", "past_datetime", "time"),
    "damage_location": Reader("place", "location"),
    "damage_description": Reader("description", "story"),
    "damage_kind": Reader("damage_kind", "story_kind"),
    "damage_other_party": Reader("yes_no"),
    "damage_accident_statement": Reader("yes_no"),
    "damage_police_report": Reader("police_report"),
    "damage_confirmed": Reader("yes_no"),
}


class ValidateDamageForm(ApiValidatedForm):
    PROMPTS = PROMPTS
    READERS = READERS
    YES_NO_TOPICS = {
        "damage_other_party": re.compile(
            r"\b(?:andere partij|tegenpartij|iemand anders|niemand|ander voertuig|andere (?:auto|wagen|bestuurder))\b",
            re.IGNORECASE,
        ),
        "damage_accident_statement": re.compile(r"\b(?:\w*formulier|constat\w*)\b", re.IGNORECASE),
    }

    def name(self) -> str:
        return "validate_damage_form"

    def unread_answer(self, tracker: Tracker) -> list[EventType]:
        """The time is optional: an answer without one ("weet ik niet", "ergens in de namiddag") leaves it out
        rather than being refused. More of the story told while the form asks something else ("de
        linkerspiegel hangt er helemaal af" to "Was er een andere partij bij betrokken?") is added to the
        description and the question asked again (it was dropped with no reply at all)."""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if tracker.get_slot(REQUESTED_SLOT) == "damage_time" and not is_digression(tracker):
            return [SlotSet("damage_time", "")]
        text = str(tracker.latest_message.get("text") or "").strip()
        described = tracker.get_slot("damage_description")
        if intent == "report_damage" and described and text and text not in described:
            return [SlotSet("damage_description", f"{described.rstrip('.')}. {text}")]
        return []

    async def read_message(self, tracker: Tracker, plan: list[str], opening: str | None = None) -> dict[str, Any]:
        """A day told when the time is asked corrects the date; with no time in it the (optional) time is left
        out rather than asked once more."""
        found = await super().read_message(tracker, plan, opening)
        time_asked = not opening and tracker.get_slot(REQUESTED_SLOT) == "damage_time"
        if time_asked and found.get("damage_date") and not found.get("damage_time"):
            found["damage_time"] = ""  # also after "o nee wacht, het was woensdag": that is no answer to "hoe laat?"
        return found

    def slot_plan(self, tracker: Tracker) -> list[str]:
        conditional = {
            "damage_accident_statement": tracker.get_slot("damage_other_party") is True,
            "damage_police_report": tracker.get_slot("damage_kind") in POLICE_KINDS,
        }
        return [slot for slot in DAMAGE_SLOTS if conditional.get(slot, True)]

    async def extract_damage_license_plate(self, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        """Prefill the plate from the customer's contract (once identity is known)."""
        if tracker.get_slot("damage_license_plate") is not None or not is_identified(tracker):
            return {}
        try:
            contract = primary_contract(await client_for(tracker).me())
        except (ApiUnavailable, ApiError):
            return {}
        plate = ((contract or {}).get("vehicle") or {}).get("license_plate")
        return {"damage_license_plate": plate} if plate else {}

    validate_damage_license_plate = api_checked_slot("damage_license_plate", "license_plate")

    async def validate_verify_license_plate(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        """The plate that proved who the customer is, is the car of the damage file (asked once)."""
        checked = await super().validate_verify_license_plate(value, dispatcher, tracker, domain)
        plate = checked.get("verify_license_plate")
        if plate and tracker.get_slot("damage_license_plate") is None:
            return {**checked, "damage_license_plate": plate}
        return checked

    validate_damage_date = api_checked_slot("damage_date", "past_date")
    validate_damage_location = free_text_slot("damage_location")
    validate_damage_description = free_text_slot("damage_description")

    validate_damage_kind = choice_slot("damage_kind", "damage_kind", DAMAGE_KINDS)
    validate_damage_police_report = free_text_slot("damage_police_report")

    async def ask_damage_confirmed(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        say(dispatcher, damage_summary(tracker) + "\n" + messages.CONFIRM_QUESTION, messages.YES_NO_BUTTONS)


def damage_summary(tracker: Tracker) -> str:
    kind = tracker.get_slot("damage_kind")
    lines = [
        "Ik vat uw schademelding samen:",
        f"- Nummerplaat: {tracker.get_slot('damage_license_plate')}",
        f"- Datum: {dutch_date(tracker.get_slot('damage_date'))}"
        + (f" om {tracker.get_slot('damage_time')}" if tracker.get_slot("damage_time") else ""),
        f"- Plaats: {tracker.get_slot('damage_location')}",
        f"- Wat er gebeurde: {tracker.get_slot('damage_description')}",
        f"- Soort schade: {DAMAGE_KINDS.get(kind, kind)}",
        f"- Andere partij betrokken: {'ja' if tracker.get_slot('damage_other_party') else 'nee'}",
    ]
    if tracker.get_slot("damage_other_party"):
        lines.append(f"- Aanrijdingsformulier: {'ja' if tracker.get_slot('damage_accident_statement') else 'nee'}")
    if tracker.get_slot("damage_police_report"):
        lines.append(f"- Proces-verbaal: {tracker.get_slot('damage_police_report')}")
    return "\n".join(lines)


def damage_body(tracker: Tracker, contract_number: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "contract_number": contract_number,
        "license_plate": tracker.get_slot("damage_license_plate"),
        "occurred_on": tracker.get_slot("damage_date"),
        "location": tracker.get_slot("damage_location"),
        "description": tracker.get_slot("damage_description"),
        "damage_kind": tracker.get_slot("damage_kind"),
        "other_party_involved": bool(tracker.get_slot("damage_other_party")),
    }
    if tracker.get_slot("damage_time"):
        body["occurred_at"] = tracker.get_slot("damage_time")
    if tracker.get_slot("damage_other_party"):
        body["accident_statement"] = bool(tracker.get_slot("damage_accident_statement"))
    if tracker.get_slot("damage_police_report"):
        body["police_report_number"] = tracker.get_slot("damage_police_report")
    return body


def cleared_damage_slots() -> list[EventType]:
    return [
        SlotSet(slot, None) for slot in [*DAMAGE_SLOTS, IDEMPOTENCY_SLOT, PENDING_SUBMISSION_SLOT, FAILED_ATTEMPTS_SLOT]
    ]


class ActionStartDamage(Action):
    def name(self) -> str:
        return "action_start_damage"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        answered = await instead_of_task(dispatcher, tracker, "report_damage")
        if answered is not None:
            return answered
        return damage_start(dispatcher)


def damage_start(dispatcher: CollectingDispatcher) -> list[EventType]:
    """A new damage file: what an earlier one left cleared, a fresh idempotency key."""
    say(dispatcher, "Vervelend dat u schade heeft. Ik maak samen met u een schadedossier aan.")
    return [*cleared_damage_slots(), SlotSet(IDEMPOTENCY_SLOT, str(uuid.uuid4()))]


async def submit_damage(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    if tracker.get_slot("damage_confirmed") is not True:
        say(dispatcher, messages.NOT_CONFIRMED)
        return cleared_damage_slots()
    client = client_for(tracker)
    key = tracker.get_slot(IDEMPOTENCY_SLOT) or str(uuid.uuid4())
    try:
        contract = primary_contract(await client.me())
        if contract is None:
            say(dispatcher, messages.NO_CONTRACT)
            return cleared_damage_slots()
        created = await client.create_damage_file(damage_body(tracker, contract["contract_number"]), key)
    except ApiUnavailable:
        return keep_for_retry(dispatcher, "damage", key)
    except ApiError as error:
        return relay_rejection(dispatcher, error)
    say(dispatcher, messages.DAMAGE_SUBMITTED.format(reference=created.get("reference")))
    if tracker.get_slot("damage_other_party") and not tracker.get_slot("damage_accident_statement"):
        say(dispatcher, messages.DAMAGE_STATEMENT_HINT)
    steps = [step for step in created.get("next_steps") or [] if step]
    if created.get("deductible_text"):
        steps.append(created["deductible_text"])
    if steps:
        say(dispatcher, "Wat nu?\n" + "\n".join(f"- {step}" for step in steps))
    if created.get("photo_upload_url"):
        say(dispatcher, await photo_link_text(client, created["id"]))
        dispatcher.utter_message(
            json_message={
                "type": "photo_upload",
                "damage_file_id": created.get("id"),
                "url": created["photo_upload_url"],
            }
        )
    return [*cleared_damage_slots(), completed("damage_form")]


async def photo_link_text(client: ApiClient, damage_file_id: int) -> str:
    """Where to send photos: a link that works in any browser without logging in (the widget also shows
    its own upload field); the customer zone when no link can be made now — the file is filed either way."""
    try:
        link = await client.photo_upload_link(damage_file_id)
    except (ApiUnavailable, ApiError):
        return messages.DAMAGE_PHOTOS_LATER
    return messages.DAMAGE_PHOTOS.format(url=link["url"], until=dutch_date(link.get("expires_at")))


class ActionSubmitDamage(Action):
    def name(self) -> str:
        return "action_submit_damage"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return await submit_damage(dispatcher, tracker)
