"""Every field rule the bot checks while the customer types, in one place.

Each `parse_*` function returns the normalised value or raises `ValueError` with a Dutch sentence
the chat can show as is. The request schemas reuse the same functions, so /validate and the
creating endpoints can never disagree.
"""

import re
from datetime import date

from stdnum import iban as stdnum_iban
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError

from api.validation.dates import Direction, parse_dutch_date

Country = str  # "BE" | "NL"

BE_KM_BUNDLES = (10_000, 15_000, 20_000, 25_000, 30_000)

# No travel certificate is needed inside the EU and for Switzerland, Monaco and Liechtenstein (FAQ 25): the
# request refuses such a trip, and the countries reader says of each country whether it needs one.
NO_CERTIFICATE_NEEDED = {
    "at",
    "be",
    "bg",
    "cy",
    "cz",
    "de",
    "dk",
    "ee",
    "es",
    "fi",
    "fr",
    "gr",
    "hr",
    "hu",
    "ie",
    "it",
    "lt",
    "lu",
    "lv",
    "mt",
    "nl",
    "pl",
    "pt",
    "ro",
    "se",
    "si",
    "sk",
    "ch",
    "mc",
    "li",
    "oostenrijk",
    "belgië",
    "belgie",
    "bulgarije",
    "cyprus",
    "tsjechië",
    "tsjechie",
    "duitsland",
    "denemarken",
    "estland",
    "spanje",
    "finland",
    "frankrijk",
    "griekenland",
    "kroatië",
    "kroatie",
    "hongarije",
    "ierland",
    "italië",
    "italie",
    "litouwen",
    "luxemburg",
    "letland",
    "malta",
    "nederland",
    "polen",
    "portugal",
    "roemenië",
    "roemenie",
    "zweden",
    "slovenië",
    "slovenie",
    "slowakije",
    "zwitserland",
    "monaco",
    "liechtenstein",
}


# --- IBAN -----------------------------------------------------------------------------------------


def parse_iban(value: str) -> str:
    compact = stdnum_iban.compact(value)
    if not compact:
        raise ValueError("Geef een IBAN-nummer op, bijvoorbeeld BE71 0961 2345 6769.")
    try:
        return stdnum_iban.validate(compact)
    except InvalidChecksum as exc:
        raise ValueError("Dit IBAN-nummer is ongeldig: de controlecijfers kloppen niet.") from exc
    except InvalidLength as exc:
        raise ValueError("Dit IBAN-nummer is ongeldig: het aantal tekens klopt niet.") from exc
    except InvalidComponent as exc:
        # Check digits and length right, bank code missing from python-stdnum's table: those tables lag
        # behind new banks, so the number is accepted (and flagged by iban_bank_known for the back office).
        if compact[:2] in IBAN_LENGTHS and len(compact) == IBAN_LENGTHS[compact[:2]] and iban_checksum_ok(compact):
            return compact
        raise ValueError("Dit IBAN-nummer is ongeldig: het land of de bankcode bestaat niet.") from exc
    except ValidationError as exc:
        raise ValueError(
            "Dit IBAN-nummer is ongeldig: controleer het formaat (bijvoorbeeld BE71 0961 2345 6769)."
        ) from exc


IBAN_LENGTHS = {"BE": 16, "NL": 18, "LU": 20, "DE": 22, "FR": 27}


def iban_checksum_ok(compact: str) -> bool:
    """ISO 13616 check digits (mod 97), independent of any bank table."""
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{8,30}", compact):
        return False
    return int("".join(str(int(ch, 36)) for ch in compact[4:] + compact[:4])) % 97 == 1


def iban_bank_known(value: str) -> bool:
    """False when the IBAN is valid but its bank code is not in python-stdnum's table (back office checks it)."""
    return stdnum_iban.is_valid(value)


def mask_iban(value: str) -> str:
    compact = stdnum_iban.compact(value)
    return f"{compact[:2]}** **** **** {compact[-4:]}" if len(compact) > 6 else "****"


# --- Postcodes ------------------------------------------------------------------------------------

_NL_POSTCODE = re.compile(r"^([1-9]\d{3})\s?([A-Z]{2})$")
_BE_POSTCODE = re.compile(r"^[1-9]\d{3}$")


def parse_postcode(value: str, country: Country | None = None) -> str:
    text = value.strip().upper()
    text = re.sub(r"^(B|BE|NL)[-\s]?(?=\d)", "", text)
    nl = _NL_POSTCODE.match(text)
    if country == "NL" or (country is None and nl):
        if nl and nl[2] not in ("SA", "SD", "SS"):
            return f"{nl[1]} {nl[2]}"
        raise ValueError("Deze Nederlandse postcode is ongeldig: gebruik vier cijfers en twee letters, bv. 3511 AB.")
    if _BE_POSTCODE.match(text):
        return text
    raise ValueError("Deze Belgische postcode is ongeldig: gebruik vier cijfers tussen 1000 en 9999, bv. 9000.")


# --- Licence plates -------------------------------------------------------------------------------

_BE_PLATES = (
    re.compile(r"^([1-9])([A-Z]{3})(\d{3})$"),  # 1-ABC-123 (since 2010)
    re.compile(r"^([A-Z]{3})(\d{3})$"),  # ABC-123
    re.compile(r"^(\d{3})([A-Z]{3})$"),  # 123-ABC
)
# Dutch side codes 1-14 (RDW): the groups are where the dashes go.
_NL_PLATES = tuple(
    re.compile(pattern)
    for pattern in (
        r"^([A-Z]{2})(\d{2})(\d{2})$",
        r"^(\d{2})(\d{2})([A-Z]{2})$",
        r"^(\d{2})([A-Z]{2})(\d{2})$",
        r"^([A-Z]{2})(\d{2})([A-Z]{2})$",
        r"^([A-Z]{2})([A-Z]{2})(\d{2})$",
        r"^(\d{2})([A-Z]{2})([A-Z]{2})$",
        r"^(\d{2})([A-Z]{3})(\d)$",
        r"^(\d)([A-Z]{3})(\d{2})$",
        r"^([A-Z]{2})(\d{3})([A-Z])$",
        r"^([A-Z])(\d{3})([A-Z]{2})$",
        r"^([A-Z]{3})(\d{2})([A-Z])$",
        r"^([A-Z])(\d{2})([A-Z]{3})$",
        r"^(\d)([A-Z]{2})(\d{3})$",
        r"^(\d{3})([A-Z]{2})(\d)$",
    )
)


def compact_plate(value: str) -> str:
    return re.sub(r"[\s\-.·]", "", value.upper())


def parse_license_plate(value: str, country: Country | None = None) -> str:
    compact = compact_plate(value)
    patterns = {"BE": _BE_PLATES, "NL": _NL_PLATES}.get(country or "", _BE_PLATES + _NL_PLATES)
    for pattern in patterns:
        match = pattern.match(compact)
        if match:
            return "-".join(match.groups())
    examples = {"BE": "1-ABC-123", "NL": "K-123-BB"}.get(country or "", "1-ABC-123 of K-123-BB")
    raise ValueError(f"Deze nummerplaat herken ik niet. Geef ze op zoals {examples}.")


# --- Dates and times ------------------------------------------------------------------------------


def parse_date(value: str, today: date, direction: Direction = "any") -> date:
    found = parse_dutch_date(value, today, direction)
    if found is None:
        raise ValueError("Deze datum begrijp ik niet. Schrijf ze bijvoorbeeld als 12/11, 3 maart of vorige vrijdag.")
    if direction == "past" and found > today:
        raise ValueError("Deze datum ligt in de toekomst; geef een datum van vandaag of vroeger.")
    if direction == "future" and found < today:
        raise ValueError("Deze datum ligt in het verleden; geef een datum van vandaag of later.")
    return found


_TIME = re.compile(r"^(\d{1,2})(?:\s*(?:[:.hu]|uur)\s*(\d{2})?)?\s*(?:u|uur)?$")


def parse_time(value: str) -> str:
    match = _TIME.match(value.strip().lower())
    if match:
        hour, minute = int(match[1]), int(match[2] or 0)
        if hour <= 23 and minute <= 59:
            return f"{hour:02d}:{minute:02d}"
    raise ValueError("Dit tijdstip begrijp ik niet. Schrijf het bijvoorbeeld als 14:30 of 14u30.")


def parse_hhmm(value: str) -> str:
    """Strict HH:MM as stored; the bot normalises free text through /validate first."""
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        raise ValueError("Het tijdstip moet de vorm UU:MM hebben, bijvoorbeeld 14:30.")
    return value


# --- Numbers --------------------------------------------------------------------------------------

_ODOMETER = re.compile(r"^(\d{1,3}(?:[.\s ]\d{3})+|\d+)$")
MAX_ODOMETER_KM = 2_000_000


def parse_odometer(value: str) -> int:
    text = re.sub(r"\s*(km|kilometer|kilometers)\.?$", "", value.strip().lower()).strip()
    if not _ODOMETER.match(text):
        raise ValueError("Deze kilometerstand begrijp ik niet. Geef enkel het getal, bijvoorbeeld 45.210 km.")
    km = int(re.sub(r"\D", "", text))
    if km > MAX_ODOMETER_KM:
        raise ValueError("Deze kilometerstand is onwaarschijnlijk hoog. Controleer het getal op je teller.")
    return km


def parse_km_bundle(value: str, country: Country | None = None) -> int:
    try:
        km = parse_odometer(value)
    except ValueError as exc:
        raise ValueError("Geef de kilometerbundel als getal, bijvoorbeeld 20.000 km per jaar.") from exc
    if country == "NL":
        if 5_000 <= km <= 100_000 and km % 1_000 == 0:
            return km
        raise ValueError("Kies een jaarkilometrage tussen 5.000 en 100.000 km, in stappen van 1.000 km.")
    if km in BE_KM_BUNDLES:
        return km
    raise ValueError("Kies een kilometerbundel van 10.000, 15.000, 20.000, 25.000 of 30.000 km per jaar.")


def check_debit_day(day: int) -> int:
    if not 1 <= day <= 28:
        raise ValueError("Kies een domiciliëringsdag tussen 1 en 28 van de maand.")
    return day


def parse_debit_day(value: str) -> int:
    text = re.sub(r"(ste|de|e)$", "", value.strip().lower()).strip()
    if not text.isdigit():
        raise ValueError("Geef de dag van de maand als getal tussen 1 en 28.")
    return check_debit_day(int(text))


# --- Contact --------------------------------------------------------------------------------------

_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")


def parse_email(value: str) -> str:
    text = value.strip()
    if len(text) > 254 or not _EMAIL.match(text) or ".." in text:
        raise ValueError("Dit e-mailadres is ongeldig. Schrijf het zoals naam@voorbeeld.be.")
    local_part, domain = text.rsplit("@", 1)
    return f"{local_part}@{domain.lower()}"


def parse_phone(value: str, country: Country | None = None) -> str:
    """A Belgian or Dutch phone number in international form (+32…, +31…)."""
    text = re.sub(r"[\s\-./()]", "", value.strip())
    if text.startswith("00"):
        text = "+" + text[2:]
    if re.fullmatch(r"0\d{8,9}", text):
        # Belgian numbers have 9 digits, or 10 for mobiles (04…); Dutch ones always have 10.
        dutch = country == "NL" or (country is None and len(text) == 10 and not text.startswith("04"))
        text = ("+31" if dutch else "+32") + text[1:]
    if re.fullmatch(r"\+32\d{8,9}", text) or re.fullmatch(r"\+31\d{9}", text):
        return text
    if re.fullmatch(r"\+(?!3[12])\d{8,14}", text):
        return text
    raise ValueError("Dit telefoonnummer is ongeldig. Schrijf het bijvoorbeeld als 0470 12 34 56 of +32 470 12 34 56.")


_YES = {
    "ja",
    "jawel",
    "j",
    "yes",
    "y",
    "ok",
    "oké",
    "okay",
    "zeker",
    "klopt",
    "juist",
    "correct",
    "akkoord",
    "inderdaad",
    "goed",
    "prima",
}
_NO = {"nee", "neen", "n", "no", "nop", "niet", "zeker niet", "klopt niet", "liever niet", "nooit"}


def parse_yes_no(value: str) -> bool:
    text = re.sub(r"[!.?,]+$", "", value.strip().lower()).strip()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError("Antwoord met ja of nee, alstublieft.")
