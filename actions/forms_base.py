"""One validation base for every form: the API checks each value, the form relays its message.

Rules (IBAN check digits, postcodes, Dutch dates, plates, …) live in the API's POST /validate, so
the bot and the API never disagree. The base class also
- asks for the next slot itself (prompts may need data, e.g. the summary before confirming),
- verifies the customer's identity first when the channel has no login,
- after two failed attempts on one slot explains and offers a human, keeping what was typed.
"""

from __future__ import annotations

import re
from abc import abstractmethod
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT, FormValidationAction
from rasa_sdk.types import DomainDict

from actions import messages
from actions.api_client import ApiClient, ApiError, ApiUnavailable
from actions.common import AUTH_TOKEN_SLOT, customer_token, is_question, say

FAILED_ATTEMPTS_SLOT = "failed_attempts"
# Intents with a rule of their own inside a form (bot/data/rules/): the form leaves such a message to it when
# it reads nothing in it. Any other message is an answer, whatever the NLU made of it ("gisteren dus, hoe
# laat weet ik niet meer" was taken for ending the contract early, and started that flow).
DIGRESSION_INTENTS = {
    "stop", "human_handoff", "upset", "request_callback", "greet", "goodbye", "thanks", "faq",
    "ask_km_bundle", "ask_contract_end", "ask_last_reading",
}  # fmt: skip
# Of those, the ones that ask something: a digression only when put as a question ("vrijdag, toen heeft de
# garage het vastgesteld. wanneer da beest daar zat weet ik ni" to the time question was taken for the
# contract's end date, answered with it, and the time asked again, turn after turn).
QUESTION_INTENTS = {"faq", "ask_km_bundle", "ask_contract_end", "ask_last_reading"}
HAND_OVER_AFTER = 4  # failures on one question: 2 and 3 get the hint with buttons (worded anew), 4 a human
VERIFY_SLOTS = ["verify_contract_number", "verify_license_plate"]
EMPTY_WORDS = {"geen", "nee", "neen", "-", "niets", "geen idee", "n.v.t.", "nvt", "/deny"}

Prompt = tuple[str, list[dict[str, Any]] | None]


@dataclass(frozen=True)
class Reader:
    """How a slot's value is read from a whole message by the API's readers (POST /extract).

    ``field`` reads it from the answer to its own question; ``elsewhere`` (with ``part``, a key or an
    index into that field's value) also from any other message of the form, the opening included, so
    "gisteren een paaltje geraakt op de parking" fills the date and place before they are asked."""

    field: str | None = None
    elsewhere: str | None = None
    part: str | int | None = None


class ApiValidatedForm(FormValidationAction):
    """Base of all form validation actions. Subclasses define ``slot_plan`` and ``PROMPTS``."""

    PROMPTS: dict[str, Prompt] = {}
    READERS: dict[str, Reader] = {}
    # The country a form's values are read for (postcodes, plates, phone numbers), when the form knows it.
    COUNTRY_SLOT: str | None = None
    # Yes/no answers a correction may take back, by the words that name their topic ("nee sorry, het formulier
    # is niet ingevuld" at the summary): a plain yes/no says nothing of which question it corrects.
    YES_NO_TOPICS: dict[str, re.Pattern[str]] = {}

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """rasa-sdk's form step; a question failed four times ends the form here and hands the conversation,
        with everything typed, to a human (out of chat hours: the callback and other routes), instead of the
        same words once more."""
        events = await super().run(dispatcher, tracker, domain)
        failures = next(
            (
                e.get("value")
                for e in reversed(events)
                if e.get("event") == "slot" and e.get("name") == FAILED_ATTEMPTS_SLOT
            ),
            None,
        )
        if any(count >= HAND_OVER_AFTER for count in (failures or {}).values()):
            return [*events, SlotSet(FAILED_ATTEMPTS_SLOT, None), ActiveLoop(None), FollowupAction("action_handoff")]
        return events

    @abstractmethod
    def slot_plan(self, tracker: Tracker) -> list[str]:
        """The form's own slots, in the order they are asked (may depend on earlier answers)."""

    # --- which slots, in which order -------------------------------------------------------------
    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        plan = self.slot_plan(tracker)
        return VERIFY_SLOTS + plan if needs_verification(tracker) else plan

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> EventType | None:
        required = await self.required_slots([], dispatcher, tracker, domain)
        missing = next((slot for slot in required if tracker.slots.get(slot) is None), None)
        failures = (tracker.get_slot(FAILED_ATTEMPTS_SLOT) or {}).get(missing, 0) if missing else 0
        if missing and failures < 2:  # after two failures the hint and its buttons stand for the question
            await self.ask(missing, dispatcher, tracker)
        return SlotSet(REQUESTED_SLOT, missing)

    async def ask(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        custom = getattr(self, f"ask_{slot}", None)
        if custom is not None:
            await custom(dispatcher, tracker)
            return
        text, buttons = {**VERIFY_PROMPTS, **self.PROMPTS}[slot]
        say(dispatcher, text, buttons)

    # --- values read from the whole message ------------------------------------------------------
    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events = await super().get_extraction_events(dispatcher, tracker, domain)
        found = await self.read_message(tracker, await self.required_slots([], dispatcher, tracker, domain))
        if not await self.is_side_question(tracker, found):
            events = [*events, *(SlotSet(slot, value) for slot, value in found.items())]
            if self.yes_no_only_guessed(tracker, found) and await yes_no_unread(tracker):
                return [*events, *await self.refuse_unread(dispatcher, tracker)]
            if tracker.slots_to_validate() or any(event.get("event") == "slot" for event in events):
                return events  # something was read (here or by a slot mapping): validation takes it from here
            kept = self.unread_answer(tracker)
            if kept or is_digression(tracker):
                # "stop", "medewerker", a greeting: nothing read, so the form declines the message and the
                # rules for it take over (the form resumes after a digression)
                return [*events, *kept]
            return [*events, *await self.refuse_unread(dispatcher, tracker)]
        if (tracker.latest_message.get("intent") or {}).get("name") == "faq":
            # Nothing read: the form declines this message and the faq rule answers it, then the form resumes.
            return events
        from actions.faq import ActionAnswerFaq  # noqa: PLC0415 - faq imports the handoff form, which imports this

        await ActionAnswerFaq().answer(dispatcher, tracker, str(tracker.latest_message.get("text") or "").strip(), None)
        return [*events, SlotSet(tracker.get_slot(REQUESTED_SLOT), None)]

    def reader_of(self, slot: str | None) -> Reader | None:
        """How a slot is read (the identity check's slots included); None for a slot without a reader."""
        return {**VERIFY_READERS, **self.READERS}.get(slot or "")

    def unread_answer(self, tracker: Tracker) -> list[EventType]:
        """What a form makes of a typed message in which no reader found anything, instead of refusing it or
        leaving it to the rules (the damage form: an optional time left out, more of the story kept)."""
        return []

    def yes_no_only_guessed(self, tracker: Tracker, found: dict[str, Any]) -> bool:
        """A yes/no question answered with words that say neither ("weet ik niet" to "Klopt dit?"), which the
        NLU still took for a yes or no: the reader decides, not the intent (it cancelled a damage file)."""
        requested = tracker.get_slot(REQUESTED_SLOT)
        text = str(tracker.latest_message.get("text") or "").strip()
        reader = self.reader_of(requested)
        return (
            reader is not None
            and reader.field == "yes_no"
            and requested in tracker.slots_to_validate()
            and requested not in found
            and bool(text)
            and not text.startswith("/")
        )

    async def refuse_unread(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """A typed answer in which the asked slot's reader finds nothing ("neje, alleen ikzelf" before "nee"
        was known): the reader's own hint is given and the failure counted, so the question is never asked
        again without a word, and after two failures the way out is offered."""
        requested = tracker.get_slot(REQUESTED_SLOT)
        text = str(tracker.latest_message.get("text") or "").strip()
        reader = self.reader_of(requested)
        if not text or text.startswith("/") or reader is None or reader.field in (None, *FREE_TEXT_FIELDS - {"yes_no"}):
            return []
        country = tracker.get_slot(self.COUNTRY_SLOT) if self.COUNTRY_SLOT else None
        checked = await self.check_with_api(str(requested), reader.field, text, dispatcher, tracker, country)
        return [SlotSet(slot, value) for slot, value in checked.items()]

    async def is_side_question(self, tracker: Tracker, found: dict[str, Any]) -> bool:
        """A question typed instead of the answer ("Moet ik dit ook aan de RDW doorgeven?"): it is answered
        from the documents and the form's question stands; it is never stored as the answer. A question that
        does hold the answer ("kan het de 15de?") is an answer; to a yes/no question only when it opens with
        the yes or no ("ja, maar kan ik …?"): "… met die kapotte ruit durf ik niet rijden?" is no "nee"."""
        requested = tracker.get_slot(REQUESTED_SLOT)
        text = str(tracker.latest_message.get("text") or "").strip()
        if not requested or text.startswith("/") or not is_question(text):
            return False
        reader = self.reader_of(requested)
        if reader is not None and reader.field == "yes_no":
            if found.get(requested) is None:
                return True
            try:
                return await read_yes_no(" ".join(text.split()[:YES_NO_OPENING])) is None
            except (ApiUnavailable, ApiError):
                return True
        free_text = reader is None or reader.field in (None, *FREE_TEXT_FIELDS)
        return free_text or requested not in found

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """rasa-sdk's loop, with two differences: a slot cleared by a correction (None) is not validated, and
        the failure count a refused unread answer set is kept."""
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        keep = set(required) | {FAILED_ATTEMPTS_SLOT}
        slots = {slot: value for slot, value in tracker.slots_to_validate().items() if slot in keep}
        for slot, value in list(slots.items()):
            validate = getattr(self, f"validate_{slot}", None)
            if value is None or validate is None:
                continue
            output = await validate(value, dispatcher, tracker, domain)
            slots.update(output)
            tracker.slots.update(output)
        return [SlotSet(slot, value) for slot, value in slots.items()]

    async def read_message(self, tracker: Tracker, plan: list[str], opening: str | None = None) -> dict[str, Any]:
        """Every open slot of the form whose value the latest message holds (normalised by the API).

        While the customer's identity is being checked only those answers are read; once it is answered, the
        message that opened the form is read (``opening``) for the rest, as it is for a customer known from the
        start. A message that opens with a correction ("nee wacht, het was woensdag") changes the slot it
        corrects and the question that was asked is asked again."""
        requested = None if opening else tracker.get_slot(REQUESTED_SLOT)
        text = opening or str(tracker.latest_message.get("text") or "").strip()
        if text.startswith("/") and requested is None:
            # Started by a button ("Wilt u schade melden?"): the story is in what the customer typed before.
            text = last_typed_message(tracker)
        if not text or text.startswith("/"):
            return {}
        readers = {**VERIFY_READERS, **self.READERS}
        verifying = [
            slot
            for slot in VERIFY_SLOTS
            if not opening and slot in plan and (tracker.get_slot(slot) is None or slot == requested)
        ]
        candidates = verifying or plan
        wanted: dict[str, tuple[str, str | int | None]] = {}
        for slot in candidates:
            reader = readers.get(slot)
            if reader is None or (tracker.get_slot(slot) is not None and slot != requested):
                continue
            if slot == requested and reader.field:
                wanted[slot] = (reader.field, reader.part)
            elif reader.elsewhere and (requested is None or reader.elsewhere not in OPENING_FIELDS):
                wanted[slot] = (reader.elsewhere, reader.part)
        asked = readers.get(requested) if requested else None
        correctable = {
            slot: (readers[slot].field, readers[slot].part)
            for slot in plan
            if not verifying
            and not opening
            and slot != requested
            and tracker.get_slot(slot) is not None
            and slot in readers
            and readers[slot].field not in (None, *FREE_TEXT_FIELDS)
            and len(text.split()) >= 3
        }
        # Slots read from the same compound value as the asked one ("Afgelopen vrijdag, op de A2" to "Weet u nog
        # hoe laat het was?"): what the answer says of them corrects them. Only parts of one value (a date and its
        # time), not items of a list (a return date answered is no new departure).
        compound = asked.elsewhere if asked is not None and isinstance(asked.part, str) else None
        siblings = {
            slot: (compound, readers[slot].part)
            for slot in plan
            if compound
            and slot != requested
            and slot in readers
            and readers[slot].elsewhere == compound
            and tracker.get_slot(slot) not in (None, "")
        }
        topics = {
            slot: clause
            for slot, topic in self.YES_NO_TOPICS.items()
            if not opening and slot in plan and slot != requested and tracker.get_slot(slot) is not None
            for clause in [_clause_naming(text, topic)]
            if clause
        }
        if not wanted and not correctable and not siblings and not topics:
            return {}
        fields = {field for field, _ in [*wanted.values(), *correctable.values(), *siblings.values()] if field}
        fields |= {"correction"} if correctable or topics else set()
        country = tracker.get_slot(self.COUNTRY_SLOT) if self.COUNTRY_SLOT else None
        try:
            values = (await ApiClient().extract(text, sorted(fields), country)).get("values") or {}
        except (ApiUnavailable, ApiError):
            return {}
        answered_yes_no = asked is not None and asked.field == "yes_no" and values.get("yes_no") is not None
        # "nee, …" answering a yes/no is no correction, unless it says so ("neeneen sorry, het was donderdag")
        if values.get("correction") and (not answered_yes_no or values.get("correction") == "explicit"):
            for slot in reversed(list(correctable)):
                value = _value_of(values, *correctable[slot])
                if value not in (None, "", []) and value != tracker.get_slot(slot):
                    return {slot: value, **({requested: None} if requested else {})}
            for slot, clause in topics.items():
                said = await _yes_or_no(clause)
                if said is not None and said != tracker.get_slot(slot):
                    return {slot: said, **({requested: None} if requested else {})}
            patched = await _piece_corrected(text, tracker, correctable, country)
            if patched:
                return {**patched, **({requested: None} if requested else {})}
        found: dict[str, Any] = {}
        for slot, (field, part) in wanted.items():
            value = _value_of(values, field, part)
            if value not in (None, "", []) or (value == "" and slot == requested):
                found[slot] = value
        answer = str(found.get(requested, "")).casefold() if requested else ""
        for slot, (field, part) in siblings.items():
            value = _value_of(values, field, part)
            # the words that answer the question are not another part too ("Amsterdam" asked for the city is
            # no street, although a street may end in -dam)
            if value not in (None, "", []) and value != tracker.get_slot(slot) and str(value).casefold() != answer:
                found[slot] = value
        if verifying == [requested] and found.get(requested) not in (None, ""):
            # identity answered: what the opening told ("gisterenavond reed er iemand in mijn achterdeur in
            # Latem") is not asked again
            told = opening_message(tracker, self.name().removeprefix("validate_"))
            rest = [slot for slot in plan if slot not in VERIFY_SLOTS]
            if told:
                found = {**await self.read_message(tracker, rest, opening=told), **found}
        return found

    # --- validation helpers ----------------------------------------------------------------------
    async def check_with_api(
        self,
        slot: str,
        field: str,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        country: str | None = None,
        *,
        keep_when_down: bool = True,
        after: str | None = None,
    ) -> dict[str, Any]:
        """Ask POST /validate; relay its Dutch message when the value is refused.

        API unreachable: apologise and offer a human at once. With ``keep_when_down`` the typed
        value is kept (the API checks it again at submission) so the form goes on; without it
        the slot is asked again (for values that are stored right away, like a reading). ``after``: dates
        are read looking forward from that day."""
        text = str(value or "").strip()
        if not text:
            return self.reject(slot, messages.EMPTY_VALUE, dispatcher, tracker)
        try:
            result = await ApiClient().validate(field, text, country, after)
        except ApiUnavailable:
            if not keep_when_down:
                say(dispatcher, messages.API_DOWN)
                return {slot: None}
            say(dispatcher, messages.API_DOWN_CHECK)
            return self.accept(slot, text, tracker)
        except ApiError:
            # Not a verdict on the value (e.g. rate limited): keep it, the submission checks it again.
            return self.accept(slot, text, tracker)
        if not result.get("valid"):
            result = await self.with_refused_answer(slot, field, text, tracker, country, after) or result
        if result.get("valid"):
            normalised = result.get("value")
            return self.accept(slot, text if normalised is None else normalised, tracker)
        return self.reject(slot, result.get("detail") or messages.EMPTY_VALUE, dispatcher, tracker)

    async def with_refused_answer(
        self, slot: str, field: str, text: str, tracker: Tracker, country: str | None, after: str | None
    ) -> dict[str, Any] | None:
        """The customer's last answer to this question was refused, and this one corrects a piece of it ("pardon,
        de laatste cijfers zijn 0915 niet 0916" after an IBAN with a wrong check digit): read together as one
        answer corrected ("…0916, nee …"). None when there is no such answer or together they hold no value."""
        if not (tracker.get_slot(FAILED_ATTEMPTS_SLOT) or {}).get(slot):
            return None
        said = [str(e.get("text") or "") for e in tracker.events if e.get("event") == "user"]
        if len(said) < 2 or not said[-2] or said[-2].startswith("/"):
            return None
        try:
            result = await ApiClient().validate(field, f"{said[-2]}, nee {text}", country, after)
        except (ApiUnavailable, ApiError):
            return None
        return result if result.get("valid") else None

    def accept(self, slot: str, value: Any, tracker: Tracker) -> dict[str, Any]:
        failures = dict(tracker.get_slot(FAILED_ATTEMPTS_SLOT) or {})
        if failures.pop(slot, None) is None:
            return {slot: value}
        return {slot: value, FAILED_ATTEMPTS_SLOT: failures}

    def reject(self, slot: str, detail: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        """Refuse a value with the reader's hint; from the second failure on one slot the question is not
        asked again as it was: the hint comes with buttons for a human or to stop (worded anew after that)."""
        failures = dict(tracker.get_slot(FAILED_ATTEMPTS_SLOT) or {})
        failures[slot] = failures.get(slot, 0) + 1
        if failures[slot] >= HAND_OVER_AFTER:
            say(dispatcher, messages.STUCK_HANDOVER)
        elif failures[slot] == 2:
            say(dispatcher, messages.INVALID_TWICE.format(hint=detail), messages.STUCK_BUTTONS)
        elif failures[slot] > 2:
            say(dispatcher, messages.INVALID_AGAIN.format(hint=detail), messages.STUCK_BUTTONS)
        else:
            say(dispatcher, detail)
        return {slot: None, FAILED_ATTEMPTS_SLOT: failures}

    @staticmethod
    def free_text(value: Any, *, optional: bool = False) -> str | None:
        """A typed answer as is; with ``optional``, 'geen'/'nee' mean 'nothing' (stored as '')."""
        text = str(value if value is not None else "").strip()
        if optional and (text == "" and value is not None or text.lower() in EMPTY_WORDS):
            return ""
        return text or None

    # --- identity verification (channels without a login) ------------------------------------
    async def validate_verify_contract_number(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "").strip().upper().replace(" ", "")
        if not any(ch.isdigit() for ch in text):
            return self.reject(
                "verify_contract_number",
                "Een contractnummer bevat cijfers, bijvoorbeeld PL-100001.",
                dispatcher,
                tracker,
            )
        return self.accept("verify_contract_number", text, tracker)

    async def validate_verify_license_plate(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        checked = await self.check_with_api(
            "verify_license_plate", "license_plate", value, dispatcher, tracker, keep_when_down=False
        )
        plate = checked.get("verify_license_plate")
        if plate is None:
            return checked
        contract_number = tracker.get_slot("verify_contract_number")
        try:
            session = await ApiClient().verify(contract_number, plate, tracker.sender_id)
        except ApiUnavailable:
            say(dispatcher, messages.API_DOWN)
            return {"verify_license_plate": None}
        except ApiError as error:
            detail = error.detail if error.status == 429 else messages.VERIFY_FAILED
            rejected = self.reject("verify_license_plate", detail, dispatcher, tracker)
            return {**rejected, "verify_contract_number": None}
        say(dispatcher, messages.VERIFIED)
        return {**checked, AUTH_TOKEN_SLOT: session.get("access_token")}


def _clause_naming(text: str, topic: re.Pattern[str]) -> str | None:
    """The part of a message (between commas or full stops) that names a topic."""
    clauses = re.split(r"[,.;!?]|\b(?:maar|want)\b", text)
    return next((clause.strip() for clause in clauses if topic.search(clause)), None)


async def _yes_or_no(text: str) -> bool | None:
    try:
        said = ((await ApiClient().extract(text, ["yes_no"])).get("values") or {}).get("yes_no")
    except (ApiUnavailable, ApiError):
        return None
    return said if isinstance(said, bool) else None


# Readers that take any text: they say nothing about whether a message corrects them or asks a question.
FREE_TEXT_FIELDS = {"yes_no", "place", "description", "name", "reason", "city", "callback_time"}
# Read only from the message that opens a form: a story told later is an answer to another question.
OPENING_FIELDS = {"story", "story_kind"}
VERIFY_READERS: dict[str, Reader] = {
    "verify_contract_number": Reader("contract_number", "contract_number"),
    "verify_license_plate": Reader("license_plate"),
}
VERIFY_PROMPTS: dict[str, Prompt] = {
    "verify_contract_number": (messages.VERIFY_INTRO + " Wat is uw contractnummer?", None),
    "verify_license_plate": ("En wat is de nummerplaat van uw wagen?", None),
}


def free_text_slot(slot: str, *, optional: bool = False) -> Any:
    """A ``validate_<slot>`` method that keeps the typed text (``optional``: 'geen' means nothing)."""

    async def validate(self: ApiValidatedForm, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return {slot: self.free_text(value, optional=optional)}

    return validate


def api_checked_slot(slot: str, field: str) -> Any:
    """A ``validate_<slot>`` method that asks POST /validate for ``field``."""

    async def validate(self: ApiValidatedForm, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return await self.check_with_api(slot, field, value, dispatcher, tracker)

    return validate


def choice_slot(slot: str, field: str, labels: dict[str, str]) -> Any:
    """A ``validate_<slot>`` method for a choice: a code or a button's label as is, else the customer's own
    words read by the API's reader for ``field`` (one reader per kind of value, shared with /extract)."""

    async def validate(self: ApiValidatedForm, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        text = str(value or "").strip()
        code = next((c for c, label in labels.items() if text.lower() in (c, label.lower())), None)
        if code is not None:
            return self.accept(slot, code, tracker)
        return await self.check_with_api(slot, field, text, dispatcher, tracker)

    return validate


def opening_message(tracker: Tracker, form: str) -> str:
    """The last message the customer typed before ``form`` was activated (a button's payload is skipped)."""
    typed, opening, active = "", "", False
    for event in tracker.events:
        if event.get("event") == "user":
            text = str(event.get("text") or "").strip()
            typed = text if text and not text.startswith("/") else typed
        elif event.get("event") == "active_loop":
            if event.get("name") == form and not active:
                opening = typed
            active = event.get("name") == form
    return opening


def last_typed_message(tracker: Tracker) -> str:
    """The customer's last message that was typed, not a button's payload."""
    for event in reversed(tracker.events):
        text = str(event.get("text") or "") if event.get("event") == "user" else ""
        if text and not text.startswith("/"):
            return text.strip()
    return ""


def is_digression(tracker: Tracker) -> bool:
    """A message with a rule of its own inside a form: not a statement the NLU took for a question, and not the
    same words typed again after the bot handled them as a digression and asked its question once more (the
    customer means them as the answer: "gisterenavond, ik was gaan sporten" taken for a greeting was greeted
    turn after turn)."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    text = str(tracker.latest_message.get("text") or "")
    if intent not in DIGRESSION_INTENTS or (intent in QUESTION_INTENTS and not is_question(text)):
        return False
    typed = [str(e.get("text") or "") for e in tracker.events if e.get("event") == "user"]
    return not (len(typed) >= 2 and " ".join(typed[-2].lower().split()) == " ".join(text.lower().split()))


async def yes_no_unread(tracker: Tracker) -> bool:
    """The API's reader finds neither yes nor no in the message (False when the API is down: then the NLU's
    yes or no stands, and the form goes on as it did before the reader was asked)."""
    try:
        return await read_yes_no(str(tracker.latest_message.get("text") or "").strip()) is None
    except (ApiUnavailable, ApiError):
        return False


YES_NO_OPENING = 3  # words in which a yes or no that answers the question stands ("ja hoor, maar …")


async def read_yes_no(text: str) -> bool | None:
    """The API's yes/no reader on (a piece of) a message: None when it says neither. Raises when the API
    cannot be reached, so each caller decides what silence means."""
    return (await ApiClient().extract(text, ["yes_no"])).get("values", {}).get("yes_no")


# Codes a customer corrects a piece of ("de laatste vier zijn 8144"); a piece put in keeps the code's length.
PIECEWISE_FIELDS = {"phone", "iban", "license_plate", "police_report"}


async def _piece_corrected(
    text: str, tracker: Tracker, correctable: dict[str, tuple[str, str | int | None]], country: str | None
) -> dict[str, Any]:
    """A correction that names only a piece of a code given earlier ("sorry, de laatste twee cijfers zijn 17, niet
    71" when the callback time is asked): the piece is put into the stored value by the same reader that corrects
    a piece within one answer. The latest such slot it changes, or nothing."""
    for slot in reversed(list(correctable)):
        field, part = correctable[slot]
        stored = tracker.get_slot(slot)
        if field not in PIECEWISE_FIELDS or slot in VERIFY_SLOTS or part is not None or not isinstance(stored, str):
            continue
        try:
            values = (await ApiClient().extract(f"{stored} {text}", [field], country)).get("values") or {}
        except (ApiUnavailable, ApiError):
            return {}
        value = values.get(field)
        if isinstance(value, str) and value != stored and len(value) == len(stored):
            return {slot: value}
    return {}


def _value_of(values: dict[str, Any], field: str, part: str | int | None) -> Any:
    """A field's value from /extract, or the part of it a slot takes (a key of a dict, an index of a list)."""
    value = values.get(field)
    if isinstance(value, dict) and part is not None:
        return value.get(str(part))
    if isinstance(value, list) and isinstance(part, int):
        return value[part] if len(value) > part else None
    return value


def needs_verification(tracker: Tracker) -> bool:
    return customer_token(tracker) is None


def yes_no_prompt(question: str) -> Prompt:
    return question, messages.YES_NO_BUTTONS
