"""'My contract': km bundle, end date and last reading, from GET /me/contracts/{number}."""

from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import messages
from actions.api_client import ApiError, ApiUnavailable
from actions.common import (
    CONTRACT_END_ASKED,
    FIRST_PERSON,
    asks_how_it_works,
    client_for,
    dutch_date,
    outcome,
    primary_contract,
    say,
    thousands,
)
from actions.faq import ActionAnswerFaq
from actions.identity import ask_identity_first, is_identified

# A "contract fact" the NLU is not sure of is a general question with contract words when it asks how things
# go ("Hoe lang heb ik bedenktijd na het ondertekenen van het contract?" 0.80), or, less sure still, when it
# names nothing of the customer's own ("hoeveel pk heeft een Passat" 0.73); "welke bundel heb ik nu" (0.6)
# is the customer's fact. On the 830 dev first messages the NLU took for contract facts: 55 of 61 routed
# right, against 42 when everything below 0.9 was searched.
CONTRACT_FACT_CONFIDENCE = 0.9
IMPERSONAL_CONFIDENCE = 0.8
OWN_WORDS = re.compile(rf"\b(?:{FIRST_PERSON}|gij|ge|uw|jullie|hebde)\b", re.I)


ASKS_COST = re.compile(r"\b(?:kost\w*|betaal\w*|betalen|bijbetal\w*|prijs|tarief|meerprijs|vergoeding|boete)\b", re.I)


def is_general_question(text: str, confidence: float) -> bool:
    """Whether a message the NLU took for a contract fact asks the documents instead."""
    if CONTRACT_END_ASKED.search(text):  # "hoe lang heb ik de passat nog?" asks how long, of their own contract
        return False
    if ASKS_COST.search(text):  # "hoeveel betaal ik per km boven mijn bundel?": no contract fact says a price
        return True
    return (confidence < CONTRACT_FACT_CONFIDENCE and asks_how_it_works(text)) or (
        confidence < IMPERSONAL_CONFIDENCE and not OWN_WORDS.search(text)
    )


class ActionAnswerContract(Action):
    def name(self) -> str:
        return "action_answer_contract"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        intent = tracker.latest_message.get("intent") or {}
        text = str(tracker.latest_message.get("text") or "")
        general = is_general_question(text, float(intent.get("confidence") or 0.0))
        if general and not tracker.get_slot("pending_question") and not text.startswith("/"):
            return await ActionAnswerFaq().run(dispatcher, tracker, domain)
        if not is_identified(tracker):
            if tracker.active_loop_name:  # inside a form: the form goes on, identity comes with it or later
                say(dispatcher, messages.CONTRACT_NEEDS_IDENTITY)
                return []
            return ask_identity_first(dispatcher, tracker, self.name())
        asked = tracker.get_slot("pending_question") or intent.get("name")
        client = client_for(tracker)
        try:
            summary = primary_contract(await client.me())
            if summary is None:
                say(dispatcher, messages.NO_CONTRACT)
                return []
            contract = await client.contract(summary["contract_number"])
        except ApiUnavailable:
            say(dispatcher, messages.API_DOWN)
            return []
        except ApiError:
            say(dispatcher, messages.NO_CONTRACT)
            return []
        number = contract.get("contract_number")
        fact = {"ask_contract_end": "contract_end", "ask_last_reading": "last_reading"}.get(str(asked), "km_bundle")
        if asked == "ask_contract_end":
            say(
                dispatcher,
                messages.CONTRACT_END.format(
                    contract=number,
                    start=dutch_date(contract.get("start_date")),
                    end=dutch_date(contract.get("end_date")),
                    months=contract.get("duration_months"),
                ),
            )
        elif asked == "ask_last_reading":
            reading = contract.get("last_reading")
            if reading:
                say(
                    dispatcher,
                    messages.CONTRACT_LAST_READING.format(
                        km=thousands(reading.get("odometer_km")), date=dutch_date(reading.get("reading_date"))
                    ),
                )
            else:
                say(dispatcher, messages.CONTRACT_NO_READING.format(contract=number))
        else:
            say(
                dispatcher,
                messages.CONTRACT_BUNDLE.format(contract=number, yearly_km=thousands(contract.get("yearly_km"))),
            )
        return [SlotSet("pending_question", None), outcome(f"contract:{fact}")]
