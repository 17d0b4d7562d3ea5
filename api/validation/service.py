"""One reader per kind of value: it finds the value in the customer's whole message, then checks it.

``/validate`` answers for one field with a Dutch message naming an example the reader accepts;
``/extract`` reads several fields from one message (an opening story, a whole address) and keeps
only what it found.
"""

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from api.validation import extract, rules
from api.validation.dates import Direction
from api.validation.schemas import ExtractIn, ExtractOut, FieldName, ValidateIn, ValidateOut

Reader = Callable[[str], Any]

# The hint of every refusal names an example its own reader accepts (tests/api/test_api_validate.py).
HINTS: dict[str, str] = {
    "date": "Schrijf de datum bijvoorbeeld als 12/11, 3 maart of vorige vrijdag.",
    "number": "Geef het getal, bijvoorbeeld 45.210 km.",
    "km_bundle": "Geef de kilometerbundel als getal, bijvoorbeeld 20.000 km per jaar.",
    "debit_day": "Geef de dag van de maand als getal tussen 1 en 28, bijvoorbeeld 'de 15de'.",
    "address": "Schrijf het adres bijvoorbeeld als 'Kerkstraat 12 bus 3, 9000 Gent'.",
    "house_number": "Een huisnummer bevat cijfers, bijvoorbeeld 12, 12A of 12 bus 3.",
    "box": "Typ het busnummer, bijvoorbeeld 3, of 'geen'.",
    "country": "Ik kan adressen in België of Nederland verwerken: typ België of Nederland.",
    "countries": "Noem het land, bijvoorbeeld Frankrijk, of meerdere: 'Frankrijk en Spanje'.",
    "damage_kind": "Kies het soort schade uit de lijst, bijvoorbeeld 'glasschade' of 'aanrijding', of typ 'andere'.",
    "loss_or_theft": "Antwoord met 'verloren' of 'gestolen'.",
    "document": "Kies een van de documenten, bijvoorbeeld 'kopie van het contract'.",
    "contract_number": "Een contractnummer ziet eruit als PL-100001.",
    "yes_no": "Antwoord met ja of nee, alstublieft.",
    "time": "Schrijf het tijdstip bijvoorbeeld als 14:30 of 14u30.",
}


def _dated(direction: Direction, today: date) -> Reader:
    def read(text: str) -> str:
        found = extract.find_date(text, today, direction)
        if found is None:
            raise ValueError("Deze datum begrijp ik niet. " + HINTS["date"])
        return rules.parse_date(found.isoformat(), today, direction).isoformat()

    return read


# A move told in the past tense: "we zijn zaterdag verhuisd" is last Saturday, not the coming one.
_MOVED_ALREADY = re.compile(
    r"\b(?:verhuisd|verhuisden|verhuisde|ingetrokken|trokken\s+(?:\w+\s+){0,3}in|gingen\s+(?:\w+\s+){0,3}wonen|"
    r"zijn\s+(?:\w+\s+){0,4}gaan\s+wonen)\b",
    re.IGNORECASE,
)


def _moving_date(today: date) -> Reader:
    """A moving date: mostly ahead ("15 januari" is next January, "zaterdag" the coming one), but a move can be
    a few days ago ("sinds zaterdag", "we zijn zaterdag verhuisd", or "12/11" said on the 13th rather than a
    date almost a year ahead)."""

    def read(text: str) -> str:
        ahead = extract.find_date(text, today, "future")
        before = extract.find_date(text, today, "past")
        if ahead is None:
            raise ValueError("Deze datum begrijp ik niet. " + HINTS["date"])
        recent = before is not None and before != ahead and (today - before).days <= 31
        if recent and ((ahead - today).days > 180 or _MOVED_ALREADY.search(text)):
            return before.isoformat()
        return ahead.isoformat()

    return read


def _dated_with_time(today: date) -> Reader:
    def read(text: str) -> dict[str, str | None]:
        time = extract.find_time(text)
        night = extract.NIGHT_BETWEEN.search(text)
        if night and time and time < "12:00":  # "in de nacht van vrijdag op zaterdag, rond 3u": on Saturday
            try:
                return {"date": _dated("past", today)(night["second"]), "time": time}
            except ValueError:
                pass
        return {"date": _dated("past", today)(text), "time": time}

    return read


def _name(text: str) -> str:
    """A name; after a correction the name it gives, when that is a whole one ("Jan Peeters, nee wacht, die van
    mijn vrouw: An Goossens"), or the first name with a word re-spelled ("Bart Jansens, nee Janssens met dubbel
    s")."""
    later = extract.self_corrected(text)
    if later:
        corrected = extract.find_name(later)
        if corrected and len(corrected.split()) >= 2 and corrected in later:  # written as a name, capitals kept
            return corrected
        respelled = extract.respelled_name(text)
        if respelled:
            return respelled
    return _required(extract.find_name(text), "Wat is de naam, bijvoorbeeld Jan Peeters?")


def _required(found: Any, hint: str) -> Any:
    if found is None or found == [] or found == {}:
        raise ValueError(hint)
    return found


def _number(text: str) -> int:
    km = _required(extract.find_reading(text), "Deze kilometerstand begrijp ik niet. " + HINTS["number"])
    return rules.parse_odometer(str(km))


def _km_bundle(country: str | None) -> Reader:
    def read(text: str) -> int:
        km = _required(extract.find_km(text), HINTS["km_bundle"])
        return rules.parse_km_bundle(str(km), country)

    return read


def _iban(text: str) -> str:
    found = extract.find_iban(text)
    if found is None:
        rules.parse_iban(text)  # raises the precise reason (check digits, length)
        raise ValueError("Dit IBAN-nummer herken ik niet. Schrijf het bijvoorbeeld als BE71 0961 2345 6769.")
    return found.iban


def _address(country: str | None) -> Reader:
    def read(text: str) -> dict[str, str]:
        parts = extract.find_address(text)
        if not parts.get("street") and not parts.get("postcode"):
            raise ValueError(HINTS["address"])
        if "postcode" in parts:
            parts["postcode"] = rules.parse_postcode(parts["postcode"], parts.get("country") or country)
        return parts

    return read


# Values a customer may correct inside one answer ("PL-100010, nee pardon PL-100001"): read after the
# correction first. Names and free texts are read whole ("Bart Jansens, nee Janssens met dubbel s").
SELF_CORRECTABLE = {
    "iban", "postcode", "license_plate", "date", "future_date", "past_date", "past_datetime", "time", "odometer",
    "km_bundle", "phone", "debit_day", "address", "house_number", "box", "city", "country", "countries",
    "damage_kind", "loss_or_theft", "document", "contract_number", "police_report", "future_dates", "km",
}  # fmt: skip


def _self_corrected(read: Reader, *, merge: bool) -> Reader:
    """The value after the customer's own correction when there is one, else the whole answer's; with
    ``merge`` (an address) the parts read before it stay where the correction does not name them."""

    def corrected(text: str) -> Any:
        patched = extract.tail_corrected(text) or extract.piece_swapped(text)
        if patched is not None:
            try:
                return read(patched)
            except ValueError:
                pass
        later = extract.self_corrected(text)
        if later is None:
            return read(text)
        try:
            value = read(later)
        except ValueError:
            return read(text)
        if merge and isinstance(value, dict):
            try:
                return {**read(text), **value}
            except ValueError:
                return value
        return value

    return corrected


def _readers(country: str | None, today: date) -> dict[FieldName, Reader]:
    readers = _plain_readers(country, today)
    return {
        field: _self_corrected(read, merge=field == "address") if field in SELF_CORRECTABLE else read
        for field, read in readers.items()
    }


def _plain_readers(country: str | None, today: date) -> dict[FieldName, Reader]:
    return {
        "iban": _iban,
        "postcode": lambda text: rules.parse_postcode(extract.find_postcode(text) or text, country),
        "license_plate": lambda text: extract.find_plate(text, country) or rules.parse_license_plate(text, country),
        "date": _moving_date(today),
        "future_date": _dated("future", today),
        "past_date": _dated("past", today),
        "past_datetime": _dated_with_time(today),
        "time": lambda text: _required(extract.find_time(text), "Dit tijdstip begrijp ik niet. " + HINTS["time"]),
        "odometer": _number,
        "km_bundle": _km_bundle(country),
        "email": rules.parse_email,
        "phone": lambda text: extract.find_phone(text, country) or rules.parse_phone(text, country),
        "debit_day": lambda text: rules.check_debit_day(_required(extract.find_day_of_month(text), HINTS["debit_day"])),
        "yes_no": lambda text: _required(extract.find_yes_no(text), HINTS["yes_no"]),
        "address": _address(country),
        "house_number": lambda text: _required(extract.find_house_number(text), HINTS["house_number"]),
        "box": lambda text: _required(extract.find_box(text), HINTS["box"]),
        "country": lambda text: _required(extract.find_home_country(text), HINTS["country"]),
        "countries": lambda text: [
            {
                "code": code,
                "name": extract.country_name(code),
                "certificate_needed": code.lower() not in rules.NO_CERTIFICATE_NEEDED,  # a trip abroad with the car
            }
            for code in _required(extract.find_countries(text), HINTS["countries"])
        ],
        "damage_kind": lambda text: _required(extract.find_damage_kind(text), HINTS["damage_kind"]),
        "loss_or_theft": lambda text: _required(
            extract.find_choice(text, extract.LOSS_OR_THEFT, exclusive=True), HINTS["loss_or_theft"]
        ),
        "document": lambda text: _required(extract.find_choice(text, extract.DOCUMENTS), HINTS["document"]),
        "contract_number": lambda text: _required(extract.find_contract_number(text), HINTS["contract_number"]),
        "location": lambda text: _required(extract.find_location(text), "Waar is het gebeurd?"),
        "future_dates": lambda text: _required(
            [found.value.isoformat() for found in extract.find_dates(text, today, "future")], HINTS["date"]
        ),
        "km": lambda text: _required(extract.find_km(text), HINTS["km_bundle"]),
        "story": lambda text: _required(extract.find_story(text), "Wat is er gebeurd?"),
        "event_kind": lambda text: _required(
            extract.find_event(text) and extract.find_damage_kind(text), HINTS["damage_kind"]
        ),
        "story_kind": lambda text: _required(
            extract.find_story(text) and extract.find_damage_kind(text), HINTS["damage_kind"]
        ),
        "name": _name,
        "city": lambda text: _required(extract.find_city(text), "Welke gemeente, bijvoorbeeld Gent?"),
        "place": lambda text: _required(
            extract.find_place(text), "Waar is het gebeurd, bijvoorbeeld 'parking van de Colruyt in Gent'?"
        ),
        "description": lambda text: _required(
            extract.find_description(text),
            "Vertel kort wat er gebeurd is, bijvoorbeeld 'paaltje geraakt bij het achteruitrijden'.",
        ),
        "callback_time": lambda text: _required(
            extract.find_callback_time(text), "Wanneer past het, bijvoorbeeld 'dinsdagvoormiddag' of 'na 14u'?"
        ),
        "reason": extract.find_reason,
        "correction": extract.correction_in,
        "police_report": lambda text: _required(
            extract.find_police_report(text),
            "Het nummer van het proces-verbaal bevat cijfers, bijvoorbeeld GE.12.L3.012345/2026.",
        ),
    }


def validate(body: ValidateIn, today: date) -> ValidateOut:
    reading_day = max(today, body.after) if body.after else today
    try:
        value = _readers(body.country, reading_day)[body.field](body.value)
    except ValueError as exc:
        return ValidateOut(valid=False, value=None, detail=str(exc))
    return ValidateOut(valid=True, value=value, detail=None)


def extract_fields(body: ExtractIn, today: date) -> ExtractOut:
    readers = _readers(body.country, today)
    values: dict[str, Any] = {}
    for field in body.fields:
        try:
            values[field] = readers[field](body.text)
        except ValueError:
            continue
    return ExtractOut(values=values)
