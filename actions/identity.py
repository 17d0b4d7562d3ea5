"""Identity on channels without a login: contract number + plate → POST /auth/verify.

The resulting short-lived customer JWT sits in the ``auth_token`` slot (not featurised, never
shown, never sent to agents). Forms verify inline (see ``forms_base``); other personal actions
start ``verify_form`` and are resumed by ``action_resume_after_verify``.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import completed, customer_token
from actions.forms_base import VERIFY_SLOTS, ApiValidatedForm

PENDING_ACTION_SLOT = "pending_action"


def is_identified(tracker: Tracker) -> bool:
    return customer_token(tracker) is not None


def ask_identity_first(dispatcher: CollectingDispatcher, tracker: Tracker, action_name: str) -> list[EventType]:
    """Remember what the customer asked and run the verification form first."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    return [
        SlotSet(PENDING_ACTION_SLOT, action_name),
        SlotSet("pending_question", intent),
        FollowupAction("verify_form"),
    ]


class ValidateVerifyForm(ApiValidatedForm):
    def name(self) -> str:
        return "validate_verify_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        return VERIFY_SLOTS if not tracker.get_slot("auth_token") else []

    def slot_plan(self, tracker: Tracker) -> list[str]:
        return []


class ActionResumeAfterVerify(Action):
    def name(self) -> str:
        return "action_resume_after_verify"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        pending = tracker.get_slot(PENDING_ACTION_SLOT)
        events: list[EventType] = [SlotSet(PENDING_ACTION_SLOT, None)]
        if is_identified(tracker):
            events.append(completed("verify_form"))
            if pending:
                events.append(FollowupAction(pending))
        return events
