"""Helpers shared by all actions: who the customer is, their contract, and safe replies."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import messages
from actions.api_client import JSON, ApiClient, ApiError

TOKEN_METADATA_KEY = "customer_token"
AUTH_TOKEN_SLOT = "auth_token"
PENDING_SUBMISSION_SLOT = "pending_submission"
IDEMPOTENCY_SLOT = "submission_key"
# What a turn achieved, for the operator's analytics (api/analytics reads it from Rasa's events).
OUTCOME_SLOT = "outcome"
RETRY_BUTTONS = [
    {"title": "Opnieuw proberen", "payload": "/retry"},
    {"title": "Medewerker", "payload": "/human_handoff"},
]


def outcome(value: str) -> SlotSet:
    """Marks what a turn achieved ("faq:answered", "damage_form:completed") in the conversation's events."""
    return SlotSet(OUTCOME_SLOT, value)


def completed(form: str) -> SlotSet:
    """Marks a flow as completed: its record exists in the API."""
    return outcome(f"{form}:completed")


def customer_token(tracker: Tracker) -> str | None:
    """The customer's JWT: latest user message metadata, else session start metadata, else the
    short-lived token from identity verification. Never taken from anything the customer typed."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    if metadata.get(TOKEN_METADATA_KEY):
        return str(metadata[TOKEN_METADATA_KEY])
    for event in reversed(tracker.events):
        if event.get("event") in ("user", "session_started"):
            token = (event.get("metadata") or {}).get(TOKEN_METADATA_KEY)
            if token:
                return str(token)
    verified = tracker.get_slot(AUTH_TOKEN_SLOT)
    return str(verified) if verified else None


def client_for(tracker: Tracker) -> ApiClient:
    return ApiClient(customer_token(tracker))


def primary_contract(me: JSON, *, financing: bool = False) -> JSON | None:
    """The contract the bot talks about: the customer's lease (mileage, damage, most requests), or
    the financing contract for its own documents when ``financing`` is asked for."""
    contracts = me.get("contracts") or []
    preferred = [c for c in contracts if (c.get("product") == "financing") == financing]
    return (preferred or contracts or [None])[0]


QUESTION_START = re.compile(
    r"^\s*(?:wie|wat|wa|waar|wanneer|hoe|hoeveel|hoelang|welke?|waarom|mag|moet|kan|kun|kunt|krijg|is|zijn|heb|ben|stel|"
    r"geldt|betaal|dekt|valt|wordt)\b",
    re.IGNORECASE,
)
# The customer speaking of themselves, as typed ("ik", "mn", "kheb"): the base of each module's own-words pattern.
FIRST_PERSON = r"ik|mijn|mijne|mn|m'n|me|mij|we|wij|ons|onze|kheb"
# What a question about how a task works asks: its cost, a rule or duty, a case ("als ik …", "stel dat …").
HOW_IT_WORKS = re.compile(
    r"\b(?:kost|kosten|kostte|bedraagt|vergoeding|boete|prijs|mag ik|mag je|mag er|mag men|mogen|toegestaan|"
    r"toegelaten|moet ik|moet je|moeten|verplicht|regels|regeling|binnen hoeveel|tegen wanneer|als ik|als je|"
    r"stel da|stel dat|wat als|wat dan|wat gebeurt|hoe ?lang|hoe vaak|gemiddeld|normaal gezien|automatisch|altijd|"
    r"tussentijds|zomaar)\b",
    re.IGNORECASE,
)
# A request put as a question: "kunnen jullie mijn contract mailen?", "ik wil stoppen, mag dat?"
ASKS_FOR_IT = re.compile(
    r"\b(?:ik wil|ik zou graag|ik wou|graag|kunnen jullie|kunt u|kan u|wilt u|willen jullie|stuur|bezorg|"
    r"alstublieft|aub|pls)\b",
    re.IGNORECASE,
)


# What a customer asks for in so many words, whatever the NLU took it for: a callback ("mag ik gebeld worden?",
# "kan een medewerker mij telefonisch contacteren?"), a human ("agent aub", "is er iemand live beschikbaar?",
# "geeft mij nu ne normale mens!!"), roadside help told, not asked about ("pech", "pechhulp nodig!!" — not
# "is pechhulp inbegrepen?"). On the 1 430 dev first messages these words name another route for none but
# questions about breakdown cover (hence: not for questions) and a callback asked of a "medewerker" (hence:
# the callback first).
CALLBACK_ASKED = re.compile(
    r"\b(?:(?:ge)?bel(?:d|t|len)?\s+(?:worden|me|mij|ons)\b|terug\s*(?:bellen|gebeld|belt|bel)|terugbel\w*|"
    r"opbellen|opgebeld|telefonisch\w*\s+(?:\w+\s+){0,2}contact\w*|"
    r"(?:me|mij)\s+(?:\w+\s+){0,3}(?:bellen|opbellen|terugbellen|belt|opbelt|terugbelt))",
    re.IGNORECASE,
)
# Every callback asked for on the dev first messages names calling or contact; one that names neither is a
# message the NLU took for a callback on other grounds ("Worden te weinig gereden kilometers terugbetaald?").
CALL_WORDS = re.compile(
    r"\b(?:bel\w*|gebeld|telefo\w*|opbel\w*|terugbel\w*|teruggebeld|opgebeld|contact\w*|gsm|nummer|mobiel|"
    r"roep\w*|terugroep\w*|whatsapp|spreken|praten)\b",
    re.IGNORECASE,
)
HUMAN_ASKED = re.compile(
    r"\b(?:(?:een|ne|nen|echte?|normale?|levende?|menselijke?)\s+(?:mens|medewerker|persoon|collega)|"
    r"medewerker|agent|operator|helpdesk|iemand\s+(?:live|online|aan de lijn|in levende lijve)|"
    r"(?:met|aan)\s+iemand\s+(?:\w+\s+){0,3}(?:spreken|praten|chatten)|live\s*(?:chat|beschikbaar|iemand)|"
    r"(?:gesprek|chat)\s+overnemen)\b",
    re.IGNORECASE,
)
# "ik geef even de stand door", "ik wil mijn kilometerstand doorgeven": passing a reading, said as a statement
# (the NLU may take it for the trip it is passed before); "heb de stand doorgegeven" is past, not asked.
READING_TOLD = re.compile(
    r"\b(?:km[- ]?stand|kilometerstand|kmstand|tellerstand|stand)\b[^.?!]{0,30}\b(?:door|doorgeven|ingeven|invullen|"
    r"opgeven|doorsturen)\b(?!\s*gegeven)|\b(?:doorgeven|ingeven|opgeven|doorsturen)\b[^.?!]{0,20}\b(?:km[- ]?stand|"
    r"kilometerstand|kmstand|tellerstand)\b",
    re.IGNORECASE,
)
# Words any breakdown is told with (a car that will not start or drive, a tyre, a warning light, a battery, the
# roadside): every breakdown first message of the dev sets holds one. A message the NLU took for a breakdown
# without any ("mag ik stickers op de auto plakken?", "recept voor hutspot") is searched instead.
CAR_TROUBLE = re.compile(
    r"\b(?:pech\w*|panne|depann\w*|start\w*|springt|aan te krijgen|accu|batterij|band\w*|lek|lekke|plat\w*|lamp\w*|"
    r"waarschuwing\w*|motor\w*|sleep\w*|takel\w*|stil\s*gevallen|valt stil|viel stil|vast|rook\w*|oververhit\w*|"
    r"koel\w*|olie\w*|sleutel\w*|slot|gaat niet open|niet open|laadkabel|laden|opladen|geladen|reserve\w*|"
    r"wegenhulp|assistance|hulp|rijdt niet|wil niet|doet niets|dood|kapot|defect\w*|storing|geluid|lawaai|piep\w*|"
    r"trilt|schokt|remmen?|uitlaat|versnelling\w*|koppeling|dashboard|scherm|foutmelding|melding|snelweg|"
    r"autosnelweg|pechstrook|vluchtstrook|langs de weg|berm|onderweg|staan|sta|stond|staat|aanslaan|aan te slaan|"
    r"slaat af|sloeg af|afslaan|valt uit|viel uit|uitgevallen|brandstof|getankt|tanken)\b",
    re.IGNORECASE,
)
BREAKDOWN_TOLD = re.compile(
    r"\b(?:pech(?!strook)\w*|panne|sleepdienst|takeldienst|takelwagen|wegenhulp|depannage|stilgevallen|"
    r"(?:langs|aan) de kant (?:gezet|gestopt|moeten zetten)|"
    r"(?:begon|begint) (?:\w+ ){0,3}te (?:schokken|sputteren|roken))\b",
    re.IGNORECASE,
)
# Help on the road asked for as a question: "kan er iemand komen?", "kunnen jullie iemand sturen?"
HELP_COMING = re.compile(
    r"\b(?:kan|kunt|kunnen|komt) (?:er )?(?:iemand|jullie|u) (?:\w+ ){0,2}(?:komen|sturen|langskomen|ophalen)\b",
    re.IGNORECASE,
)


# Words a request is asked with: every first message of the dev sets that asks for one holds a word of its topic
# (a test). A message the NLU took for a request without any ("wie wint de ronde van vlaanderen?" taken for the
# debit day) is not that request: it is searched, the request one click away, as when the NLU is unsure.
REQUEST_TOPICS = {
    "request_address_change": re.compile(
        r"\b(?:\w*adres\w*|trek\w*|gegevens|verhuis\w*|verhuiz\w*|woon\w*|wonen|straat|post\w*|ingetrokken|"
        r"intrekken|samenwonen|nieuwe? (?:thuis|woning|stek)|domicilie\b|huis|appartement|gemeente|verkocht|"
        r"verandert)\b",
        re.IGNORECASE,
    ),
    "request_iban_change": re.compile(
        r"\b(?:iban|rekening\w*|bank\w*|be\d{2}|nl\d{2}|domicil\w*|incasso|afschrijving\w*|afgeschreven|betaal\w*|"
        r"debet|kbc|ing|belfius|argenta|bnp|fortis|rabo\w*|abn|sns|bunq|triodos|crelan|keytrade|fintro|nummer)\b",
        re.IGNORECASE,
    ),
    "request_domiciliation_date_change": re.compile(
        r"\b(?:domicil\w*|afschrijf\w*|afschrijving\w*|afgeschreven|afhaal\w*|afhal\w*|afgehaald|incasso\w*|"
        r"afgetrokken|aftrekken|betaal\w*|betaling\w*|dag|datum|maand\w*|\d+(?:ste|de|e)\b|loon|salaris|wedde|"
        r"uitbetaald|later|vroeger|opgenomen|incasseren|geïnd|innen|int\b|haalt|halen)\b",
        re.IGNORECASE,
    ),
    "request_document_copy": re.compile(
        r"\b(?:\w*overeenkomst|\w*contract\w*|kopie|kopij|afschrift|document\w*|\w*overzicht|\w*tabel|aflos\w*|"
        r"amorti\w*|"
        r"afbetal\w*|terugbetal\w*|plan|schema|papier\w*|pdf|attest|versturen|sturen|mailen|toesturen|opsturen|"
        r"krijgen|ontvangen|saldo|openstaand|resterend|nog moet betalen|vervroegd\w*|vroegtijdig\w*|"
        r"in (?:één|een|1) keer|lening|financiering)\b",
        re.IGNORECASE,
    ),
    "request_registration_duplicate": re.compile(
        r"\b(?:inschrijving\w*|\w*kaart\w*|grijs\w*|handschoen\w*|kenteken\w*|registratie\w*|papier\w*|"
        r"boordpapieren|keuring\w*|duplicaat|verloren|kwijt\w*|gestolen|gepikt|gejat|handtas|portefeuille|"
        r"portemonnee|tas|documenten)\b",
        re.IGNORECASE,
    ),
    "request_resident_parking_declaration": re.compile(
        r"\b(?:\w*parkeer\w*|\w*kaart\w*|parkeren|bewoner\w*|buurtbewoner\w*|vergunning\w*|straat|gemeente|"
        r"stad|zone|verklaring|attest|ondertekenen|parking)\b",
        re.IGNORECASE,
    ),
    "request_early_termination": re.compile(
        r"\b(?:\w*contract\w*|lease|verhuiz\w*|verhuis\w*|nie?t? meer nodig|stop\w*|opzeg\w*|beëindig\w*|"
        r"beeindig\w*|vroegtijdig\w*|vroeger|voortijdig\w*|eerder|afbreken|ontbind\w*|annuleren|van af|eruit|"
        r"er vanaf|ervan af|terug\w*|inlever\w*|ingeleverd|kwijt|verkopen|overlijden|overleden|ontslag\w*|"
        r"werkloos|buitenland|emigr\w*|eind\w*|afsluiten)\b",
        re.IGNORECASE,
    ),
    "request_bonus_malus_certificate": re.compile(
        r"\b(?:\w*verleden|\w*claim\w*|bonus|malus|attest\w*|schadeattest|schadevrij\w*|\w*verzekering\w*|"
        r"\w*verzekeraar|certifica\w*|schadehistoriek|histori\w*|ongevallen|ongeluk\w*|verklaring|schades)\b",
        re.IGNORECASE,
    ),
    "request_travel_certificate": re.compile(
        r"\b(?:reis\w*|buitenland\w*|vakantie|verlof|land\w*|grens|grenzen|naar \w+|toestemming|attest|"
        r"verklaring|certificaat|document\w*|meenemen|trip|roadtrip|vertrek\w*|zomer|wintersport|ski\w*|"
        r"turkije|marokko|frankrijk|spanje|italië|duitsland|europa|douane|ferry|boot)\b",
        re.IGNORECASE,
    ),
    "request_km_bundle_change": re.compile(
        r"\b(?:\w*kilometer\w*|jaarkm\w*|km|kms|bundel\w*|pakket\w*|budget|limiet|per jaar|jaarlijks\w*|\d[\d.,]*k?|"
        r"duizend|rij\w*|verhog\w*|verlag\w*|aanpass\w*|wijzig\w*|meer|minder|veel|woon-werk\w*|pendel\w*)\b",
        re.IGNORECASE,
    ),
}


# "mijn km bundel?", "wat is mijn jaarlijkse kilometerpakket": the bundle the customer has, not a new one (no
# change, no number named)
BUNDLE_NAMED = re.compile(
    r"\b(?:km|kilometer)[\s-]*(?:bundel|limiet|pakket|budget)|\bbundel|\b(?:km|kilometers?) per jaar", re.IGNORECASE
)
BUNDLE_CHANGE = re.compile(
    r"\b(?:wijzig\w*|aan ?pass\w*|passen|aangepast|verander\w*|verho\w*|verla\w*|meer|minder|ander\w*|nieuwe?|"
    r"omhoog|omlaag|naar|bij\w*|extra|upgrade\w*|op|te (?:weinig|veel)|tekort|over|mee|tellen|telt)\b|\d",
    re.IGNORECASE,
)


def asks_own_bundle(text: str) -> bool:
    """A question for the customer's own yearly km bundle, which the NLU may take for changing it."""
    own = is_question(text) or re.match(r"\s*(?:mijn|mn|m'n|mijne|onze)\b", text, re.IGNORECASE)
    return bool(own and BUNDLE_NAMED.search(text) and not BUNDLE_CHANGE.search(text))


# The end of the customer's own contract, asked in the ways the NLU took for a general question ("hoe lang
# heb ik de passat nog?", "wanneer moet de passat terug?", "op welke datum verstrijkt mijn huidige
# leaseovereenkomst?") — not what happens when a contract ends ("wat moet ik doen als mijn contract afloopt?"),
# nor a reading ("wanneer heb ik mijn km's doorgegeven?"). On the dev first messages and all 1 500 labelled
# knowledge questions it names no other route.
CONTRACT_END_ASKED = re.compile(
    r"^(?!.*\bals\b)(?!.*\b(?:km|kms|km's|kilometers?|kilometerstand)\b)(?:"
    r".*\b(?:hoe ?lang|tot wanneer)\b.*\bheb ik (?:de|mijn|m'n|mn|den|mijne) [\w.]+ nog\b"
    r"|.*\bwanneer moet (?:de|mijn|m'n|mn|den|mijne) [\w.]+ (?:terug|ingeleverd)\b"
    r"|(?=.*\b(?:hoe ?lang|wanneer|welke datum)\b)(?=.*\b(?:mijn|mijne|m'n|mn)\s+(?:huidige?\s+)?(?:lease|leasing|"
    r"leasecontract|contract|leaseovereenkomst|overeenkomst)\b)(?=.*\b(?:af|nog|verstrijkt|afloopt|eindigt|gedaan|stopt|"
    r"loopt)\b)"
    r"|^\W*(?:wat is\s+)?(?:de\s+|mijn\s+)?einddatum\b"
    r"|.*\b(?:welke datum|wanneer)\b.*\b(?:inleveren|teruggeven|terugbrengen)\b.*\bvolgens mijn contract\b)",
    re.IGNORECASE,
)


# The customer's own yearly km, asked as a question the NLU may take for a general one ("hoeveel km mag ik nu
# eigenlijk rijden per jaar met mijn contract?") — not what more km cost, nor a bundle to change. On the dev first
# messages and all labelled knowledge questions it names only bundles asked for.
BUNDLE_ASKED = re.compile(
    r"^(?!.*\b(?:als|indien|meer|minder|extra|boven|over|kost\w*|betal\w*|verhog\w*|verlag\w*|wijzig\w*|"
    r"aanpass\w*|gemiddeld\w*|normaal|meestal|standaard|maximaal|maximum)\b)(?=.*\bhoeveel\s+(?:km|kms|km's|"
    r"kilometers?)\b)(?=.*\b(?:mag|mocht|kan|heb)\s+ik\b)(?=.*\b(?:per jaar|jaarlijks|mijn contract|mijn bundel|"
    r"mijn lease\w*|mijn wagen|mijn auto)\b)",
    re.IGNORECASE,
)


def asked_route(text: str) -> str | None:
    """ "callback", "human", "reading", "breakdown", "contract_end" or "km_bundle" when the message asks for it in
    so many words (see above)."""
    if CALLBACK_ASKED.search(text):
        return "callback"
    if HUMAN_ASKED.search(text):
        return "human"
    if READING_TOLD.search(text) and not is_question(text):
        return "reading"
    if BREAKDOWN_TOLD.search(text) and (not is_question(text) or HELP_COMING.search(text)):
        return "breakdown"
    if CONTRACT_END_ASKED.search(text):
        return "contract_end"
    if BUNDLE_ASKED.search(text):
        return "km_bundle"
    return None


def is_question(text: str) -> bool:
    """A question mark, or the way Dutch questions start ("wie betaalt…", "mag ik…")."""
    return "?" in text or bool(QUESTION_START.match(text))


def asks_how_it_works(text: str) -> bool:
    """A question about what a task costs or how it goes ("wat kost het als ik mijn contract vroeger stop?",
    "moet ik een adreswijziging doorgeven?"), not the customer asking for it ("kunnen jullie mijn contract
    nog eens mailen?"): the documents answer it, the task itself is offered beside the answer."""
    return is_question(text) and bool(HOW_IT_WORKS.search(text)) and not ASKS_FOR_IT.search(text)


def say(dispatcher: CollectingDispatcher, text: str, buttons: list[dict[str, Any]] | None = None) -> None:
    if buttons:
        dispatcher.utter_message(text=text, buttons=buttons)
    else:
        dispatcher.utter_message(text=text)


def say_api_down(dispatcher: CollectingDispatcher) -> None:
    say(dispatcher, messages.API_DOWN)


def keep_for_retry(dispatcher: CollectingDispatcher, kind: str, key: str) -> list[EventType]:
    """The API is down at submit: apologise, keep every slot and the Idempotency-Key for 'opnieuw'."""
    say(dispatcher, messages.API_DOWN_SUBMIT, RETRY_BUTTONS)
    return [SlotSet(PENDING_SUBMISSION_SLOT, kind), SlotSet(IDEMPOTENCY_SLOT, key)]


def relay_rejection(dispatcher: CollectingDispatcher, error: ApiError) -> list[EventType]:
    """The API refused the submission: its Dutch detail plus the route to a human. An expired
    verification token (401) is dropped, so the next form verifies the customer again."""
    say(dispatcher, messages.SUBMIT_REJECTED.format(detail=error.detail or messages.SUBMIT_REJECTED_UNKNOWN))
    events: list[EventType] = [SlotSet(PENDING_SUBMISSION_SLOT, None)]
    if error.status == 401:
        events.append(SlotSet(AUTH_TOKEN_SLOT, None))
    return events


def transcript(tracker: Tracker, limit: int = 50) -> list[dict[str, Any]]:
    """The conversation so far as the handoff API wants it (customer and bot texts)."""
    lines: list[dict[str, Any]] = []
    for event in tracker.events:
        kind = event.get("event")
        text = event.get("text")
        if kind not in ("user", "bot") or not text:
            continue
        lines.append(
            {
                "sender": "customer" if kind == "user" else "bot",
                "text": text,
                "timestamp": _iso(event.get("timestamp")),
            }
        )
    return lines[-limit:]


def _iso(timestamp: float | None) -> str:
    moment = datetime.fromtimestamp(timestamp, tz=timezone.utc) if timestamp else datetime.now(timezone.utc)
    return moment.isoformat()


def dutch_date(iso_date: str | None) -> str:
    """'2026-11-22' → '22-11-2026' (how Belgian and Dutch customers write dates)."""
    if not iso_date:
        return ""
    parts = str(iso_date)[:10].split("-")
    return "-".join(reversed(parts)) if len(parts) == 3 else str(iso_date)


def thousands(number: int | float | None) -> str:
    """45210 → '45.210'."""
    if number is None:
        return "?"
    return f"{int(round(number)):,}".replace(",", ".")
