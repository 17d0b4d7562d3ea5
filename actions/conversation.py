"""Cross-cutting turns: stop/cancel any form, and retry a submission the API could not take."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import messages
from actions.common import IDEMPOTENCY_SLOT, PENDING_SUBMISSION_SLOT, say
from actions.damage import submit_damage
from actions.forms_base import FAILED_ATTEMPTS_SLOT
from actions.handoff import submit_callback
from actions.mileage import correct_last_reading
from actions.requests import submit_request

SUBMITTERS = {"request": submit_request, "damage": submit_damage, "callback": submit_callback}


class ActionCancelForm(Action):
    """'stop' / 'annuleren': leave the active form and forget its answers (nothing is sent)."""

    def name(self) -> str:
        return "action_cancel_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        form = (tracker.active_loop or {}).get("name")
        form_slots = domain.get("forms", {}).get(form, {}).get("required_slots", [])
        say(dispatcher, messages.CANCELLED)
        return [
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            *[
                SlotSet(slot, None)
                for slot in form_slots
                if slot not in ("verify_contract_number", "verify_license_plate")
            ],
            SlotSet(FAILED_ATTEMPTS_SLOT, None),
            SlotSet(IDEMPOTENCY_SLOT, None),
            SlotSet(PENDING_SUBMISSION_SLOT, None),
        ]


class ActionRetrySubmission(Action):
    def name(self) -> str:
        return "action_retry_submission"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        submitter = SUBMITTERS.get(tracker.get_slot(PENDING_SUBMISSION_SLOT) or "")
        if submitter is None:
            say(dispatcher, messages.NOTHING_TO_RETRY)
            return []
        return await submitter(dispatcher, tracker)


class ActionAnythingElse(Action):
    """A "nee" with nothing left to answer: what else can we do. Unless it corrects the reading just given ("oei
    nee, ik heb mij vergist, er staat 32.014" to the advised bundle change, which the NLU may take for a no)."""

    def name(self) -> str:
        return "action_anything_else"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        corrected = await correct_last_reading(dispatcher, tracker)
        if corrected is not None:
            return corrected
        dispatcher.utter_message(response="utter_anything_else")
        return []
