"""'My contract': km bundle, end date and last reading, from GET /me/contracts/{number}."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import messages
from actions.api_client import ApiError, ApiUnavailable
from actions.common import client_for, dutch_date, primary_contract, say, thousands
from actions.faq import ActionAnswerFaq
from actions.identity import ask_identity_first, is_identified

# Below this NLU confidence a "contract fact" is more often a general question with contract words
# ("Hoe lang heb ik bedenktijd na het ondertekenen van het contract?" 0.80, "hoeveel pk heeft een Passat"
# 0.73) than the customer's own fact ("tot wanneer loopt mijn contract?" 0.98): the documents answer it.
CONTRACT_FACT_CONFIDENCE = 0.9


class ActionAnswerContract(Action):
    def name(self) -> str:
        return "action_answer_contract"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        intent = tracker.latest_message.get("intent") or {}
        text = str(tracker.latest_message.get("text") or "")
        unsure = float(intent.get("confidence") or 0.0) < CONTRACT_FACT_CONFIDENCE
        if unsure and not tracker.get_slot("pending_question") and not text.startswith("/"):
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
        return [SlotSet("pending_question", None)]
