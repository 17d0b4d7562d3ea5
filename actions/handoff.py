"""Handing over to a human: in chat hours create a handoff and pause the bot; outside chat hours
say when chat opens again and offer a callback and the phone and e-mail routes.

While a handoff is open (slot ``handoff_active``), rules send every customer message to
``action_relay_to_agent``: the bot stays silent and relays the text to the agent through
POST /handoffs/{id}/messages. Once the agent releases or closes the handoff (the API answers 404),
the bot takes over again; nothing needs to call Rasa from outside.
"""

from __future__ import annotations

import uuid
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import messages
from actions.api_client import ApiClient, ApiError, ApiUnavailable
from actions.common import (
    AUTH_TOKEN_SLOT,
    CALLBACK_ASKED,
    IDEMPOTENCY_SLOT,
    PENDING_SUBMISSION_SLOT,
    client_for,
    completed,
    customer_token,
    keep_for_retry,
    relay_rejection,
    say,
    transcript,
)
from actions.forms_base import ApiValidatedForm, Prompt, Reader, api_checked_slot, free_text_slot

# Slots that never leave the bot (the short-lived verification token) or mean nothing to an agent.
PRIVATE_SLOTS = {
    AUTH_TOKEN_SLOT,
    IDEMPOTENCY_SLOT,
    "requested_slot",
    "failed_attempts",
    "mileage_result",
    "session_started_metadata",
}
REASONS = {"human_handoff": "customer_request", "upset": "customer_upset"}
FAILED_TURNS_SLOT = "failed_turns"
ACTIVE_SLOT = "handoff_active"
HANDOFF_ID_SLOT = "handoff_id"


async def customer_number(tracker: Tracker) -> str | None:
    if customer_token(tracker) is None:
        return None
    try:
        return (await client_for(tracker).me()).get("customer_number")
    except (ApiUnavailable, ApiError):
        return None


def collected_slots(tracker: Tracker) -> dict[str, Any]:
    return {
        name: value
        for name, value in tracker.current_slot_values().items()
        if value not in (None, "", [], {}) and name not in PRIVATE_SLOTS
    }


async def chat_hours() -> dict[str, Any] | None:
    try:
        return await ApiClient().chat_hours()
    except (ApiUnavailable, ApiError):
        return None


def say_closed(dispatcher: CollectingDispatcher, hours: dict[str, Any]) -> None:
    say(
        dispatcher,
        messages.HANDOFF_CLOSED.format(
            hours=hours.get("hours_text") or "van maandag tot en met vrijdag van 9.00 tot 17.00 uur",
            next_open=hours.get("next_open_text") or "op de eerstvolgende werkdag om 9:00",
        ),
        messages.CALLBACK_BUTTONS,
    )


async def hand_over(dispatcher: CollectingDispatcher, tracker: Tracker, reason: str) -> list[EventType]:
    """Create the handoff (in hours) and pause the bot, or explain the other routes."""
    hours = await chat_hours()
    if hours is None:
        say(dispatcher, messages.API_DOWN)
        return []
    if not hours.get("open"):
        say_closed(dispatcher, hours)
        return [SlotSet(FAILED_TURNS_SLOT, 0)]
    body = {
        "conversation_id": tracker.sender_id,
        "customer_number": await customer_number(tracker),
        "channel": tracker.get_latest_input_channel() or "rest",
        "reason": reason,
        "transcript": transcript(tracker),
        "slots": collected_slots(tracker),
    }
    try:
        created = await ApiClient().create_handoff(body, str(uuid.uuid4()))
    except ApiError as error:
        if error.status == 409:
            say_closed(dispatcher, hours)
            return []
        say(dispatcher, messages.API_DOWN)
        return []
    except ApiUnavailable:
        say(dispatcher, messages.API_DOWN)
        return []
    say(dispatcher, messages.HANDOFF_STARTED)
    return [SlotSet(FAILED_TURNS_SLOT, 0), SlotSet(ACTIVE_SLOT, True), SlotSet(HANDOFF_ID_SLOT, created.get("id"))]


class ActionRelayToAgent(Action):
    """During a handoff: pass the customer's message to the agent; resume once handed back."""

    def name(self) -> str:
        return "action_relay_to_agent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        handoff_id = tracker.get_slot(HANDOFF_ID_SLOT)
        text = (tracker.latest_message.get("text") or "").strip()
        try:
            if handoff_id is None:
                raise ApiError(404, "")
            if text:
                await ApiClient().relay_customer_message(int(handoff_id), text)
        except ApiError as error:
            if error.status != 404:
                say(dispatcher, messages.RELAY_FAILED)
                return []
            say(dispatcher, messages.HANDED_BACK)
            # Wait for the customer's next message instead of letting the policies guess.
            return [SlotSet(ACTIVE_SLOT, False), SlotSet(HANDOFF_ID_SLOT, None), FollowupAction("action_listen")]
        except ApiUnavailable:
            say(dispatcher, messages.RELAY_FAILED)
        return []


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name", "")
        text = str(tracker.latest_message.get("text") or "").strip()
        if not tracker.active_loop_name and not text.startswith("/") and CALLBACK_ASKED.search(text):
            # "ik wil een MENS spreken, bel me terug": the customer asked to be called, not to wait in the chat
            return [*await callback_start(tracker), FollowupAction("callback_form")]
        if intent == "upset":
            say(dispatcher, messages.HANDOFF_UPSET)
            # Angry about damage ("iemand heeft met een sleutel over heel de zijkant getrokken 😡"): the damage file
            # is what helps, one click away, with a human as the other button.
            from actions.faq import task_offer  # noqa: PLC0415 - faq imports this module

            offer = await task_offer(tracker, str(tracker.latest_message.get("text") or "").strip())
            if offer:
                text, buttons = offer
                say(dispatcher, text, [*[b for b in buttons if b["payload"] != "/deny"], messages.HUMAN_BUTTON])
                return []
        return await hand_over(dispatcher, tracker, REASONS.get(intent, "customer_request"))


CALLBACK_SLOTS = ["callback_name", "callback_phone", "callback_time"]


class ValidateCallbackForm(ApiValidatedForm):
    """Name, phone number and preferred time → POST /callbacks (outside chat hours)."""

    PROMPTS: dict[str, Prompt] = {
        "callback_name": ("Ik noteer een terugbelverzoek. Wat is uw naam?", None),
        "callback_phone": ("Op welk telefoonnummer kunnen we u bereiken?", None),
        "callback_time": ("Wanneer past het u het best? (bijvoorbeeld 'dinsdagvoormiddag' of 'na 14u')", None),
    }

    READERS = {
        "callback_name": Reader("name"),
        "callback_phone": Reader("phone", "phone"),
        "callback_time": Reader("callback_time"),
    }

    def name(self) -> str:
        return "validate_callback_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        # A callback does not need identity: the agent verifies on the phone.
        return self.slot_plan(tracker)

    def slot_plan(self, tracker: Tracker) -> list[str]:
        return CALLBACK_SLOTS

    async def ask_callback_phone(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        """Asked even when we know a number: the customer may be elsewhere today. The known one is a button."""
        text, _ = self.PROMPTS["callback_phone"]
        known = None
        if customer_token(tracker) is not None:
            try:
                known = (await client_for(tracker).me()).get("phone")
            except (ApiUnavailable, ApiError):
                known = None
        say(dispatcher, text, [{"title": known, "payload": known}] if known else None)

    validate_callback_name = free_text_slot("callback_name")
    validate_callback_phone = api_checked_slot("callback_phone", "phone")
    validate_callback_time = free_text_slot("callback_time")


async def submit_callback(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    key = tracker.get_slot(IDEMPOTENCY_SLOT) or str(uuid.uuid4())
    body = {
        "conversation_id": tracker.sender_id,
        "customer_number": await customer_number(tracker),
        "name": tracker.get_slot("callback_name"),
        "phone": tracker.get_slot("callback_phone"),
        "preferred_time": tracker.get_slot("callback_time"),
        "topic": _topic(tracker),
    }
    try:
        created = await ApiClient().create_callback(body, key)
    except ApiUnavailable:
        return keep_for_retry(dispatcher, "callback", key)
    except ApiError as error:
        return relay_rejection(dispatcher, error)
    say(
        dispatcher,
        messages.CALLBACK_SUBMITTED.format(
            reference=created.get("reference"), phone=body["phone"], preferred_time=body["preferred_time"]
        ),
    )
    return [
        *(SlotSet(slot, None) for slot in [*CALLBACK_SLOTS, IDEMPOTENCY_SLOT, PENDING_SUBMISSION_SLOT]),
        completed("callback_form"),
    ]


def _topic(tracker: Tracker) -> str:
    """The last thing the customer asked before the callback, so the agent knows the subject."""
    skip = {"request_callback", "affirm", "deny", "inform", "human_handoff"}
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent not in skip and event.get("text"):
                return str(event["text"])[:200]
    return "terugbelverzoek via de chat"


class ActionStartCallback(Action):
    def name(self) -> str:
        return "action_start_callback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        from actions.faq import instead_of_task  # noqa: PLC0415 - faq imports this module (hand_over)

        answered = await instead_of_task(dispatcher, tracker, "request_callback")
        if answered is not None:
            return answered  # a correction of the reading just given, or a question about being called back
        return await callback_start(tracker)


async def callback_start(tracker: Tracker) -> list[EventType]:
    """A new callback request: its idempotency key, and the logged-in customer's name already known."""
    events: list[EventType] = [SlotSet(IDEMPOTENCY_SLOT, str(uuid.uuid4()))]
    if customer_token(tracker) is not None:
        try:
            me = await client_for(tracker).me()
        except (ApiUnavailable, ApiError):
            me = {}
        if me.get("name"):
            events.append(SlotSet("callback_name", me["name"]))
    return events


class ActionSubmitCallback(Action):
    def name(self) -> str:
        return "action_submit_callback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return await submit_callback(dispatcher, tracker)
