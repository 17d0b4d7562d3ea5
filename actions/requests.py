"""Requests of the customer zone ("Mijn verzoeken") as one dynamic form: ``request_form``.

The request type (set by ``action_start_request`` from the intent) decides which slots are asked.
Every value is checked by the API while the customer types; before sending, the customer sees a
summary and confirms. Nothing typed is lost when the API is down: the slots stay and 'opnieuw'
retries with the same Idempotency-Key.
"""

from __future__ import annotations

import uuid
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import messages
from actions.api_client import ApiError, ApiUnavailable
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
    thousands,
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
)

# request type → (Dutch name, slots asked in order); every form ends with the confirmation.
REQUEST_TYPES: dict[str, tuple[str, list[str]]] = {
    "address_change": (
        "adreswijziging",
        ["req_country", "req_street", "req_house_number", "req_box", "req_postcode", "req_city", "req_effective_date"],
    ),
    "iban_change": ("wijziging van uw rekeningnummer (IBAN)", ["req_iban", "req_account_holder"]),
    "domiciliation_date_change": ("wijziging van de datum van de domiciliëring", ["req_debit_day"]),
    "document_copy": ("aanvraag van een document", ["req_document"]),
    "registration_duplicate": (
        "duplicaat van het kentekenbewijs",
        ["req_reason", "req_incident_date", "req_police_report"],
    ),
    "resident_parking_declaration": ("verklaring voor een bewonersvergunning", ["req_municipality"]),
    "early_termination": (
        "vroegtijdige beëindiging van uw contract",
        ["req_desired_end_date", "req_termination_reason"],
    ),
    "bonus_malus_certificate": ("bonus-malusattest", []),
    "travel_certificate": (
        "reisattest (verklaring om met de wagen naar het buitenland te rijden)",
        ["req_destination_country", "req_departure_date", "req_return_date"],
    ),
    "km_bundle_change": ("aanpassing van uw kilometerbundel", ["req_new_yearly_km"]),
}
NEUTER_LABELS = {"registration_duplicate", "bonus_malus_certificate", "travel_certificate"}
CONFIRM_SLOT = "request_confirmed"
ALL_REQUEST_SLOTS = sorted({slot for _, slots in REQUEST_TYPES.values() for slot in slots})

# slot → (payload key, label in the summary)
PAYLOAD_FIELDS: dict[str, tuple[str, str]] = {
    "req_country": ("country", "Land"),
    "req_street": ("street", "Straat"),
    "req_house_number": ("house_number", "Huisnummer"),
    "req_box": ("box", "Bus"),
    "req_postcode": ("postcode", "Postcode"),
    "req_city": ("city", "Gemeente"),
    "req_effective_date": ("effective_date", "Vanaf"),
    "req_iban": ("iban", "IBAN"),
    "req_account_holder": ("account_holder", "Rekeninghouder"),
    "req_debit_day": ("debit_day", "Dag van de maand"),
    "req_document": ("document", "Document"),
    "req_reason": ("reason", "Reden"),
    "req_incident_date": ("incident_date", "Datum verlies of diefstal"),
    "req_police_report": ("police_report_number", "Nummer proces-verbaal"),
    "req_municipality": ("municipality", "Gemeente"),
    "req_desired_end_date": ("desired_end_date", "Gewenste einddatum"),
    "req_termination_reason": ("reason", "Reden"),
    "req_destination_country": ("destination_country", "Bestemming"),
    "req_departure_date": ("departure_date", "Vertrek"),
    "req_return_date": ("return_date", "Terugkeer"),
    "req_new_yearly_km": ("new_yearly_km", "Nieuwe bundel (km per jaar)"),
}
DATE_SLOTS = {
    "req_effective_date",
    "req_incident_date",
    "req_desired_end_date",
    "req_departure_date",
    "req_return_date",
}

COUNTRIES = {
    "be": "BE",
    "belgie": "BE",
    "belgië": "BE",
    "belgium": "BE",
    "nl": "NL",
    "nederland": "NL",
    "holland": "NL",
    "netherlands": "NL",
}
COUNTRY_NAMES = {"BE": "België", "NL": "Nederland"}
DOCUMENTS = {
    "prepayment_overview": "vooruitbetalingsoverzicht",
    "amortisation_table": "aflossingstabel",
    "contract_copy": "kopie van het contract",
}
FINANCING_DOCUMENTS = {"prepayment_overview", "amortisation_table"}
REASONS = {"loss": "verlies", "theft": "diefstal"}

PROMPTS: dict[str, Prompt] = {
    "req_country": (
        "In welk land ligt uw nieuwe adres?",
        [{"title": "België", "payload": "België"}, {"title": "Nederland", "payload": "Nederland"}],
    ),
    "req_street": ("Wat is de straatnaam van uw nieuwe adres?", None),
    "req_house_number": ("Welk huisnummer?", None),
    "req_box": ("Heeft u een busnummer? Typ het nummer, of 'geen'.", None),
    "req_postcode": ("Wat is de postcode?", None),
    "req_city": ("En de gemeente (woonplaats)?", None),
    "req_effective_date": (
        "Vanaf welke datum woont u op het nieuwe adres? (bijvoorbeeld 1/12 of 'volgende maandag')",
        None,
    ),
    "req_iban": ("Wat is uw nieuwe rekeningnummer (IBAN)?", None),
    "req_account_holder": ("Op wiens naam staat die rekening?", None),
    "req_debit_day": ("Op welke dag van de maand wilt u dat we het bedrag innen? Kies een dag van 1 tot 28.", None),
    "req_document": (
        "Welk document wilt u ontvangen?",
        [{"title": label, "payload": label} for label in DOCUMENTS.values()],
    ),
    "req_reason": (
        "Bent u het kentekenbewijs verloren, of is het gestolen?",
        [{"title": "Verloren", "payload": "verlies"}, {"title": "Gestolen", "payload": "diefstal"}],
    ),
    "req_incident_date": ("Wanneer bent u het kwijtgeraakt? (bijvoorbeeld 'gisteren' of 12/11)", None),
    "req_police_report": ("Wat is het nummer van het proces-verbaal van de politie?", None),
    "req_municipality": ("Voor welke gemeente heeft u de verklaring nodig?", None),
    "req_desired_end_date": ("Op welke datum wilt u het contract laten eindigen?", None),
    "req_termination_reason": ("Wilt u kort zeggen waarom? Typ 'geen' als u dat liever niet zegt.", None),
    "req_destination_country": ("Naar welk land of welke landen reist u?", None),
    "req_departure_date": ("Wanneer vertrekt u?", None),
    "req_return_date": ("En wanneer komt u terug?", None),
    "req_new_yearly_km": ("Hoeveel kilometer per jaar wilt u in uw nieuwe bundel?", None),
}


# How each request slot is read from whole messages (actions/forms_base.py, Reader).
READERS: dict[str, Reader] = {
    "req_country": Reader("country", "address", "country"),
    "req_street": Reader(None, "address", "street"),
    "req_house_number": Reader("house_number", "address", "house_number"),
    "req_box": Reader("box", "address", "box"),
    "req_postcode": Reader("postcode", "address", "postcode"),
    "req_city": Reader("city", "address", "city"),
    "req_effective_date": Reader("date", "date"),
    "req_iban": Reader("iban", "iban"),
    "req_account_holder": Reader("name"),
    "req_debit_day": Reader("debit_day"),
    "req_document": Reader("document", "document"),
    "req_reason": Reader("loss_or_theft", "loss_or_theft"),
    "req_incident_date": Reader("past_date", "past_date"),
    "req_police_report": Reader("police_report"),
    "req_municipality": Reader("city"),
    "req_desired_end_date": Reader("future_date", "future_date"),
    "req_termination_reason": Reader("reason"),
    "req_destination_country": Reader("countries", "countries"),
    "req_departure_date": Reader("future_date", "future_dates", 0),
    "req_return_date": Reader("future_date", "future_dates", 1),
    "req_new_yearly_km": Reader("km", "km"),
    "request_confirmed": Reader("yes_no"),
}


class ValidateRequestForm(ApiValidatedForm):
    PROMPTS = PROMPTS
    READERS = READERS
    COUNTRY_SLOT = "req_country"

    def name(self) -> str:
        return "validate_request_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """A trip only to countries that need no certificate (the EU, Switzerland, Monaco, Liechtenstein) is said
        so as soon as the countries are known, and the request ends: not after the dates and the summary."""
        said_before = len(dispatcher.messages)
        events = await super().run(dispatcher, tracker, domain)
        told = [
            e.get("value") for e in events if e.get("event") == "slot" and e.get("name") == "req_destination_country"
        ]
        countries = told[-1] if told else None
        if tracker.get_slot("request_type") != "travel_certificate" or not isinstance(countries, list) or not countries:
            return events
        if any(country.get("certificate_needed", True) for country in countries):
            return events
        names = " en ".join(str(country.get("name") or country.get("code")) for country in countries)
        del dispatcher.messages[said_before:]  # not the next question: the request ends here
        say(dispatcher, messages.NO_TRAVEL_CERTIFICATE_NEEDED.format(countries=names))
        return [*cleared_request_slots(), ActiveLoop(None), FollowupAction("action_listen")]

    def slot_plan(self, tracker: Tracker) -> list[str]:
        _, slots = REQUEST_TYPES.get(tracker.get_slot("request_type") or "", ("", []))
        if tracker.get_slot("req_reason") != "theft":
            slots = [slot for slot in slots if slot != "req_police_report"]
        return [*slots, CONFIRM_SLOT]

    async def ask_req_box(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        """A Dutch address has a "toevoeging" (12A, 12-2, 3 hoog), a Belgian one a "bus"."""
        if tracker.get_slot("req_country") == "NL":
            say(dispatcher, messages.ASK_HOUSE_NUMBER_ADDITION)
        else:
            say(dispatcher, self.PROMPTS["req_box"][0])

    async def ask_request_confirmed(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        say(dispatcher, request_summary(tracker) + "\n" + messages.CONFIRM_QUESTION, messages.YES_NO_BUTTONS)

    async def validate_req_country(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        code = COUNTRIES.get(str(value or "").strip().lower().rstrip("."))
        if code is None:  # "in België", "gewoon in Antwerpen blijven wonen": the API's country reader
            return await self.check_with_api("req_country", "country", value, dispatcher, tracker)
        return self.accept("req_country", code, tracker)

    async def validate_req_postcode(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        country = tracker.get_slot("req_country")
        return await self.check_with_api("req_postcode", "postcode", value, dispatcher, tracker, country)

    validate_req_effective_date = api_checked_slot("req_effective_date", "date")
    validate_req_iban = api_checked_slot("req_iban", "iban")
    validate_req_debit_day = api_checked_slot("req_debit_day", "debit_day")
    validate_req_incident_date = api_checked_slot("req_incident_date", "past_date")
    validate_req_desired_end_date = api_checked_slot("req_desired_end_date", "future_date")
    validate_req_departure_date = api_checked_slot("req_departure_date", "future_date")

    async def validate_req_return_date(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        checked = await self.check_with_api("req_return_date", "future_date", value, dispatcher, tracker)
        departure = tracker.get_slot("req_departure_date")
        returned = checked.get("req_return_date")
        if returned and departure and str(returned) < str(departure):
            # "zondag de 21e" after a departure on 13 February: what the customer typed, read from the departure on
            typed = str(tracker.latest_message.get("text") or "").strip() or value
            checked = await self.check_with_api(
                "req_return_date", "future_date", typed, dispatcher, tracker, after=str(departure)
            )
            returned = checked.get("req_return_date")
        if returned and departure and str(returned) < str(departure):
            return self.reject("req_return_date", "De terugkeer moet na het vertrek liggen.", dispatcher, tracker)
        return checked

    async def validate_req_new_yearly_km(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        """Belgian private lease has fixed bundles, Dutch business lease any thousand: judged by the contract."""
        try:
            contract = primary_contract(await client_for(tracker).me()) or {}
        except (ApiUnavailable, ApiError):
            contract = {}
        country = "NL" if str(contract.get("product", "")).startswith("nl_") else None
        checked = await self.check_with_api("req_new_yearly_km", "km_bundle", value, dispatcher, tracker, country)
        current = contract.get("yearly_km")
        if current and checked.get("req_new_yearly_km") == current:
            # "ik ga de 25.000 km ruim overschrijden": the bundle they have, not the one they want.
            hint = messages.KM_BUNDLE_IS_CURRENT.format(km=thousands(int(current)))
            return self.reject("req_new_yearly_km", hint, dispatcher, tracker)
        return checked

    async def validate_req_destination_country(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        if isinstance(value, list) and value:
            return self.accept("req_destination_country", value, tracker)
        return await self.check_with_api("req_destination_country", "countries", value, dispatcher, tracker)

    validate_req_document = choice_slot("req_document", "document", DOCUMENTS)
    validate_req_reason = choice_slot("req_reason", "loss_or_theft", REASONS)

    async def validate_req_box(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        """The box read by the API's box reader ("geen" is "", "bus 3" is "3"); a side remark is no box."""
        if value == "":
            return self.accept("req_box", "", tracker)
        return await self.check_with_api("req_box", "box", value, dispatcher, tracker)

    validate_req_termination_reason = free_text_slot("req_termination_reason", optional=True)
    validate_req_street = free_text_slot("req_street")

    async def validate_req_house_number(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        text = self.free_text(value)
        if not text or not any(ch.isdigit() for ch in text):
            return self.reject(
                "req_house_number", "Een huisnummer bevat cijfers, bijvoorbeeld 12 of 12A.", dispatcher, tracker
            )
        return self.accept("req_house_number", text, tracker)

    validate_req_city = free_text_slot("req_city")
    validate_req_account_holder = free_text_slot("req_account_holder")
    validate_req_police_report = free_text_slot("req_police_report")
    validate_req_municipality = free_text_slot("req_municipality")


def display_value(slot: str, value: Any) -> str:
    if slot in DATE_SLOTS:
        return dutch_date(value)
    if slot == "req_country":
        return COUNTRY_NAMES.get(value, str(value))
    if slot == "req_document":
        return DOCUMENTS.get(value, str(value))
    if slot == "req_reason":
        return REASONS.get(value, str(value))
    if slot == "req_new_yearly_km":
        return thousands(value)
    if slot == "req_destination_country" and isinstance(value, list):
        return ", ".join(str(country.get("name") or country.get("code")) for country in value)
    return str(value)


def request_summary(tracker: Tracker) -> str:
    request_type = tracker.get_slot("request_type") or ""
    label, slots = REQUEST_TYPES.get(request_type, (request_type, []))
    lines = [f"Ik vat samen: {label}."]
    for slot in slots:
        value = tracker.get_slot(slot)
        if value not in (None, ""):
            lines.append(f"- {PAYLOAD_FIELDS[slot][1]}: {display_value(slot, value)}")
    return "\n".join(lines)


def request_payload(tracker: Tracker) -> dict[str, Any]:
    _, slots = REQUEST_TYPES[tracker.get_slot("request_type")]
    payload: dict[str, Any] = {}
    for slot in slots:
        value = tracker.get_slot(slot)
        if slot == "req_destination_country" and isinstance(value, list):
            value = ", ".join(str(country.get("code")) for country in value)
        if value not in (None, ""):
            payload[PAYLOAD_FIELDS[slot][0]] = value
    return payload


def cleared_request_slots() -> list[EventType]:
    return [
        SlotSet(slot, None)
        for slot in [
            *ALL_REQUEST_SLOTS,
            CONFIRM_SLOT,
            "request_type",
            IDEMPOTENCY_SLOT,
            PENDING_SUBMISSION_SLOT,
            FAILED_ATTEMPTS_SLOT,
        ]
    ]


INTENT_TO_TYPE = {f"request_{name}": name for name in REQUEST_TYPES}


class ActionStartRequest(Action):
    """Start a fresh request of the type the customer asked for (from the intent)."""

    def name(self) -> str:
        return "action_start_request"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name", "")
        answered = await instead_of_task(dispatcher, tracker, intent)
        if answered is not None:
            return answered
        request_type = INTENT_TO_TYPE.get(intent)
        events = [
            *cleared_request_slots(),
            SlotSet("request_type", request_type),
            SlotSet(IDEMPOTENCY_SLOT, str(uuid.uuid4())),
        ]
        label, _ = REQUEST_TYPES.get(request_type or "", ("aanvraag", []))
        article = "het" if request_type in NEUTER_LABELS else "de"  # het duplicaat, het attest
        say(dispatcher, f"Ik help u met {article} {label}.")
        suggested = tracker.get_slot("suggested_bundle_km")
        if request_type == "km_bundle_change" and suggested:
            events.append(SlotSet("req_new_yearly_km", int(suggested)))
        return events


async def submit_request(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """POST /me/requests; on success the reference and the 48-working-hours promise."""
    if tracker.get_slot(CONFIRM_SLOT) is not True:
        say(dispatcher, messages.NOT_CONFIRMED)
        return cleared_request_slots()
    client = client_for(tracker)
    key = tracker.get_slot(IDEMPOTENCY_SLOT) or str(uuid.uuid4())
    try:
        financing_document = tracker.get_slot("req_document") in FINANCING_DOCUMENTS
        contract = primary_contract(await client.me(), financing=financing_document)
        if contract is None:
            say(dispatcher, messages.NO_CONTRACT)
            return cleared_request_slots()
        created = await client.create_request(
            tracker.get_slot("request_type"), contract["contract_number"], request_payload(tracker), key
        )
    except ApiUnavailable:
        return keep_for_retry(dispatcher, "request", key)
    except ApiError as error:
        return relay_rejection(dispatcher, error)
    # The API words the promise itself ("… uiterlijk donderdag 26 november om 10:00 (binnen 48 werkuren).")
    due = created.get("due_text") or messages.DUE_DEFAULT
    text = messages.REQUEST_SUBMITTED.format(reference=created.get("reference"), due=due)
    if created.get("fee_eur") and not created.get("due_text"):
        text += " " + messages.FEE_NOTE.format(fee=f"{float(created['fee_eur']):.2f}".replace(".", ","))
    say(dispatcher, text)
    return [*cleared_request_slots(), SlotSet("suggested_bundle_km", None), completed("request_form")]


class ActionSubmitRequest(Action):
    def name(self) -> str:
        return "action_submit_request"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return await submit_request(dispatcher, tracker)
