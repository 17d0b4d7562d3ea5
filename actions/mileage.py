"""Mileage report: read the odometer the way people type it, let the API judge it, show the projection.

The reading is posted while validating, so a value below the last reading (API 422, the detail
names the last reading) is refused and asked again inside the same form.
"""

from __future__ import annotations

import uuid
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import messages
from actions.api_client import ApiClient, ApiError, ApiUnavailable
from actions.common import client_for, completed, dutch_date, primary_contract, say, thousands
from actions.forms_base import ApiValidatedForm, Prompt, Reader

RESULT_SLOT = "mileage_result"
LAST_READING_SLOT = "mileage_last_reading"  # the reading given in this conversation, correctable today


class ValidateMileageForm(ApiValidatedForm):
    PROMPTS: dict[str, Prompt] = {
        "mileage_odometer": ("Wat is de huidige kilometerstand van uw wagen? (bijvoorbeeld 45.210 km)", None),
    }

    READERS = {"mileage_odometer": Reader("odometer", "odometer")}

    def name(self) -> str:
        return "validate_mileage_form"

    def slot_plan(self, tracker: Tracker) -> list[str]:
        return ["mileage_odometer"]

    async def validate_mileage_odometer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # The whole answer goes to the API's reader: of "bijna 8000, exact 7.915 km" it takes the precise one.
        checked = await self.check_with_api(
            "mileage_odometer", "odometer", str(value or ""), dispatcher, tracker, keep_when_down=False
        )
        km = checked.get("mileage_odometer")
        if km is None:
            return checked
        client = client_for(tracker)
        last = tracker.get_slot(LAST_READING_SLOT)
        try:
            if last and await corrected_reading(str(tracker.latest_message.get("text") or ""), last) is not None:
                # "sorry, verkeerd gelezen: er staat 8.230" right after a reading: today's reading corrected
                result = await client.correct_mileage(last["id"], int(km))
                return {**checked, RESULT_SLOT: result}
            contract = primary_contract(await client.me())
            if contract is None:
                say(dispatcher, messages.NO_CONTRACT)
                return {"mileage_odometer": None}
            result = await client.report_mileage(contract["contract_number"], int(km), str(uuid.uuid4()))
        except ApiUnavailable:
            say(dispatcher, messages.API_DOWN)
            return {"mileage_odometer": None}
        except ApiError as error:
            return self.reject("mileage_odometer", error.detail or messages.EMPTY_VALUE, dispatcher, tracker)
        return {**checked, RESULT_SLOT: result}


# A reading corrected is misread or mistyped: near the one given ("8640" → "8460"), not a number of another kind
# ("ik verhuis dus naar nummer 5" after a reading).
CORRECTION_RANGE = 0.2


async def corrected_reading(text: str, last: dict[str, Any]) -> int | None:
    """The km of a message that corrects the reading just given ("oei nee, ik heb mij vergist, er staat 32.014")."""
    try:
        values = (await ApiClient().extract(text, ["correction", "odometer"])).get("values") or {}
    except (ApiUnavailable, ApiError):
        return None
    km = values.get("odometer")
    if not values.get("correction") or not isinstance(km, int):
        return None
    given = last.get("km")
    near = not isinstance(given, int) or abs(km - given) <= CORRECTION_RANGE * given
    return km if near or one_digit_slip(str(km), str(given)) else None


def one_digit_slip(typed: str, meant: str) -> bool:
    """One digit too many, too few or mistyped ("sorry een nul te veel getypt, het is 8642" after 86420)."""
    if abs(len(typed) - len(meant)) > 1 or typed == meant:
        return False
    if len(typed) == len(meant):
        return sum(a != b for a, b in zip(typed, meant, strict=True)) == 1
    short, long = sorted((typed, meant), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


async def correct_last_reading(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """A correction of the reading just given that the NLU did not take for a reading: today's reading is
    corrected and shown again. None when there is no such reading or the message is no correction of it."""
    last = tracker.get_slot(LAST_READING_SLOT)
    text = str(tracker.latest_message.get("text") or "")
    if not last or tracker.active_loop_name or text.startswith("/"):
        return None
    km = await corrected_reading(text, last)
    if km is None:
        return None
    try:
        result = await client_for(tracker).correct_mileage(last["id"], km)
    except ApiUnavailable:
        say(dispatcher, messages.API_DOWN)
        return []
    except ApiError as error:
        say(dispatcher, error.detail or messages.EMPTY_VALUE)
        return []
    return report_result(dispatcher, result)


class ActionStartMileage(Action):
    """Before the reading form: what a message the NLU took for a reading is when it is none ("hoe vaak moet ik
    mijn kilometerstand doorgeven?" is answered from the documents with the reading one click away; "Ik heb
    pechbijstand nodig." gets the roadside route)."""

    def name(self) -> str:
        return "action_start_mileage"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        from actions.faq import instead_of_task  # noqa: PLC0415 - faq imports this module

        return await instead_of_task(dispatcher, tracker, "report_mileage") or []


class ActionReportMileageResult(Action):
    """After the form: the saved reading, the projection against the bundle, and advice."""

    def name(self) -> str:
        return "action_report_mileage_result"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        result = tracker.get_slot(RESULT_SLOT) or {}
        events: list[EventType] = [SlotSet("mileage_odometer", None), SlotSet(RESULT_SLOT, None)]
        if not result:
            return events
        return [*events, completed("mileage_form"), *report_result(dispatcher, result)]


def report_result(dispatcher: CollectingDispatcher, result: dict[str, Any]) -> list[EventType]:
    """The saved reading, the projection against the bundle and advice; the reading stays correctable."""
    events: list[EventType] = [SlotSet(LAST_READING_SLOT, {"id": result.get("id"), "km": result.get("odometer_km")})]
    say(
        dispatcher,
        messages.MILEAGE_SAVED.format(
            km=thousands(result.get("odometer_km")), date=dutch_date(result.get("reading_date"))
        ),
    )
    projection = result.get("projection") or {}
    if projection.get("advice_text"):
        # The API words the projection and the settlement estimate itself.
        say(dispatcher, projection["advice_text"])
    elif projection.get("projected_yearly_km") is not None:
        say(
            dispatcher,
            messages.MILEAGE_PROJECTION.format(
                projected=thousands(projection["projected_yearly_km"]),
                bundle=thousands(projection.get("bundle_km")),
            ),
        )
    suggested = projection.get("suggested_bundle_km")
    if projection.get("bundle_change_advisable") and suggested:
        say(
            dispatcher,
            messages.MILEAGE_OFFER_CHANGE.format(suggested=thousands(suggested)),
            messages.MILEAGE_ADVICE_BUTTONS,
        )
        events.append(SlotSet("suggested_bundle_km", suggested))
    return events
