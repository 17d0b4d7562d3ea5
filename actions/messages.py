"""Dutch texts the custom actions send (static texts live in the domain's responses).

Kept in one place so wording is reviewed once and tests can compare exact texts.
"""

from __future__ import annotations

HUMAN_HINT = "Typ 'medewerker' als u liever met een medewerker praat."

CONTACT_ROUTES = (
    "U kunt ons ook bellen op maandag, dinsdag en donderdag van 9.00 tot 11.00 uur en op woensdag "
    "en vrijdag van 13.00 tot 15.00 uur, of mailen via het gedeelte 'Contact' in uw klantenzone."
)

API_DOWN = "Sorry, ons systeem is op dit moment niet bereikbaar. " + HUMAN_HINT + " " + CONTACT_ROUTES
API_DOWN_SUBMIT = (
    "Sorry, ons systeem is op dit moment niet bereikbaar, dus ik kon uw aanvraag nog niet versturen. "
    "Uw gegevens blijven bewaard: typ 'opnieuw' om het nog eens te proberen, of 'medewerker' voor "
    "een medewerker."
)
API_DOWN_CHECK = (
    "Sorry, ons systeem is even niet bereikbaar, dus ik kan dit nu niet nakijken. Ik onthoud wat u "
    "ingaf en controleer het bij het versturen. " + HUMAN_HINT
)
ACTION_FAILED = "Sorry, er ging bij mij iets mis. " + HUMAN_HINT + " " + CONTACT_ROUTES
NOTHING_TO_RETRY = "Er staat niets klaar om opnieuw te versturen. Waarmee kan ik u helpen?"

# --- identity ---------------------------------------------------------------------------------
VERIFY_INTRO = (
    "Om uw persoonlijke gegevens te gebruiken, moet ik eerst nagaan wie u bent. "
    "Dat doe ik met uw contractnummer en de nummerplaat van uw wagen."
)
VERIFY_FAILED = (
    "Dat contractnummer en die nummerplaat horen niet bij elkaar. Controleer ze en probeer het "
    "opnieuw. Uw contractnummer staat op uw contract en op uw afschriften."
)
VERIFIED = "Bedankt, ik heb u herkend."

# --- forms ------------------------------------------------------------------------------------
INVALID_TWICE = (
    "Dit lukt nog niet. {hint} U kunt het nog eens proberen, 'stop' typen om te stoppen, "
    "of 'medewerker' typen: een medewerker helpt u dan verder met wat u al ingaf."
)
INVALID_AGAIN = (
    "Ik begrijp het nog niet. {hint} Een medewerker kan dit samen met u afronden, met alles wat u al ingaf; "
    "of u stopt hier en begint later opnieuw."
)
STUCK_HANDOVER = "Dit lukt me zo niet. Ik geef ons gesprek door aan een medewerker, met alles wat u al ingaf."
HUMAN_BUTTON = {"title": "Medewerker", "payload": "/human_handoff"}
STUCK_BUTTONS = [HUMAN_BUTTON, {"title": "Stoppen", "payload": "/stop"}]
CANCELLED = "Oké, ik heb de aanvraag gestopt en niets verstuurd. Waarmee kan ik u nog helpen?"
NOT_CONFIRMED = "Ik heb niets verstuurd. Wilt u iets aanpassen, begin dan gerust opnieuw. Waarmee kan ik u nog helpen?"
EMPTY_VALUE = "Ik heb hier iets nodig om verder te kunnen."
CONFIRM_QUESTION = "Klopt dit? Dan verstuur ik de aanvraag."
YES_NO_BUTTONS = [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}]
REQUEST_SUBMITTED = "Uw aanvraag is verstuurd. Uw referentienummer is {reference}. {due}"
DUE_DEFAULT = "U krijgt binnen 48 werkuren een antwoord."
FEE_NOTE = "Hiervoor betaalt u {fee} euro."
SUBMIT_REJECTED = "Ik kon de aanvraag niet versturen: {detail} " + HUMAN_HINT
SUBMIT_REJECTED_UNKNOWN = "ons systeem aanvaardde ze niet."

# --- FAQ ----------------------------------------------------------------------------------------
FAQ_CLARIFY = "Ik ben niet zeker wat u bedoelt. Bedoelt u…?"
FAQ_NONE_OF_THESE = "Geen van deze"
FAQ_DECLINE = "Daar vind ik helaas geen antwoord op in onze documenten."
FAQ_DECLINE_OPEN = "Een medewerker helpt u graag verder: typ 'medewerker'."
FAQ_DECLINE_CLOSED = (
    "Onze chat is nu gesloten; we zijn er weer {next_open}. Ik kan een terugbelverzoek voor u "
    "noteren (typ 'terugbellen'). " + CONTACT_ROUTES
)

DAMAGE_OFFER = "Het klinkt alsof uw wagen schade heeft. Wilt u dat ik er meteen een schadedossier voor aanmaak?"
DAMAGE_OFFER_BUTTONS = [
    {"title": "Ja, schade melden", "payload": "/report_damage"},
    {"title": "Nee, ik heb een vraag", "payload": "/deny"},
]
NOT_A_TASK_BUTTON = {"title": "Nee, ik heb een vraag", "payload": "/deny"}
IBAN_OFFER = "Wilt u dat ik uw rekeningnummer laat wijzigen naar {iban}?"
IBAN_OFFER_BUTTON = {"title": "Ja, rekeningnummer wijzigen", "payload": "/request_iban_change"}
READING_OFFER = "Wilt u de kilometerstand van {km} km doorgeven?"
READING_OFFER_ASK = "Wilt u uw kilometerstand doorgeven?"
READING_OFFER_BUTTON = {"title": "Ja, kilometerstand doorgeven", "payload": "/report_mileage"}
ADDRESS_OFFER = "Bent u verhuisd? Wilt u dat ik uw adreswijziging doorgeef?"
ADDRESS_OFFER_BUTTON = {"title": "Ja, adres wijzigen", "payload": "/request_address_change"}
TRAVEL_OFFER = "Wilt u een verklaring aanvragen om met de wagen naar {countries} te rijden?"
TRAVEL_OFFER_BUTTON = {"title": "Ja, reisverklaring aanvragen", "payload": "/request_travel_certificate"}
ASK_HOUSE_NUMBER_ADDITION = "Heeft uw huisnummer een toevoeging, zoals 2 hoog of -2? Typ die, of 'geen'."
REGISTRATION_OFFER = (
    "Vervelend! Een duplicaat van het inschrijvingsbewijs (kentekenbewijs) kan ik hier meteen voor u aanvragen."
)
NO_TRAVEL_CERTIFICATE_NEEDED = (
    "Voor een reis naar {countries} heeft u geen reisattest nodig: binnen de Europese Unie, Zwitserland, Monaco en "
    "Liechtenstein mag u zonder verklaring van ons met de wagen rijden. Neem wel uw inschrijvingsbewijs en "
    "verzekeringsbewijs mee. Goede reis! Kan ik u nog ergens anders mee helpen?"
)
# An answer from a passage that sends the customer to a form or a phone line (knowledge/tasks.yml): the bot
# offers to do that task right here. The button starts the flow with what the customer already typed.
TASK_OFFER = "Dat kan ik hier in de chat ook meteen voor u regelen."
TASK_BUTTON_TITLES = {
    "request_address_change": "Adres wijzigen",
    "request_iban_change": "Rekeningnummer wijzigen",
    "request_domiciliation_date_change": "Datum domiciliëring wijzigen",
    "request_document_copy": "Document aanvragen",
    "request_registration_duplicate": "Duplicaat inschrijvingsbewijs",
    "request_resident_parking_declaration": "Verklaring bewonersparkeren",
    "request_early_termination": "Contract vroegtijdig beëindigen",
    "request_bonus_malus_certificate": "Attest schadeverleden aanvragen",
    "request_travel_certificate": "Reisverklaring aanvragen",
    "request_km_bundle_change": "Kilometerbundel aanpassen",
    "report_mileage": "Kilometerstand doorgeven",
    "report_damage": "Schade melden",
}
NO_THANKS_BUTTON = {"title": "Nee, bedankt", "payload": "/deny"}
KM_BUNDLE_IS_CURRENT = "Uw bundel is nu al {km} km per jaar: geef de nieuwe bundel, bijvoorbeeld 30.000 km per jaar."
BREAKDOWN_SAFETY = (
    "Vervelend dat u met pech staat. Staat u op de snelweg? Zet eerst uw gevarendriehoek, trek uw "
    "fluohesje aan en wacht achter de vangrail."
)
BREAKDOWN_NO_DOCUMENT = (
    "Ik vind het nummer van de pechhulp nu niet in uw documenten. " + HUMAN_HINT + " " + CONTACT_ROUTES
)
BREAKDOWN_DAMAGE = "Is er ook schade aan de wagen? Dan maak ik meteen een schadedossier aan."

# --- handoff ------------------------------------------------------------------------------------
HANDOFF_STARTED = (
    "Ik verbind u door met een medewerker. Die ziet ons gesprek en wat u al ingaf, dus u hoeft "
    "niets te herhalen. Even geduld, u bent aan de beurt zodra er iemand vrij is."
)
HANDED_BACK = (
    "Het gesprek met onze medewerker is afgerond; u praat weer met de virtuele assistent. Stel gerust uw vraag opnieuw."
)
RELAY_FAILED = (
    "Uw bericht kon niet worden doorgegeven aan de medewerker omdat ons systeem even niet bereikbaar is. "
    + CONTACT_ROUTES
)
HANDOFF_CLOSED = (
    "Onze medewerkers zijn via de chat bereikbaar {hours}. Nu is de chat gesloten; we zijn er "
    "weer {next_open}. Zal ik een terugbelverzoek noteren? " + CONTACT_ROUTES
)
HANDOFF_AFTER_FAILURES = "Het lukt me niet goed om u te helpen."
HANDOFF_UPSET = "Het spijt me dat het zo loopt."
CALLBACK_BUTTONS = [
    {"title": "Ja, bel mij terug", "payload": "/request_callback"},
    {"title": "Nee, bedankt", "payload": "/deny"},
]
CALLBACK_SUBMITTED = (
    "Uw terugbelverzoek is genoteerd (referentie {reference}). We bellen u op {phone}, bij voorkeur {preferred_time}."
)

# --- mileage --------------------------------------------------------------------------------------
MILEAGE_SAVED = "Dank u, ik heb uw kilometerstand van {km} km op {date} genoteerd."
MILEAGE_PROJECTION = "Aan dit tempo rijdt u ongeveer {projected} km per jaar, voor een bundel van {bundle} km per jaar."
MILEAGE_ADVICE_BUTTONS = [
    {"title": "Ja, bundel aanpassen", "payload": "/request_km_bundle_change"},
    {"title": "Nee, bedankt", "payload": "/deny"},
]
MILEAGE_OFFER_CHANGE = "Wilt u uw kilometerbundel aanpassen naar {suggested} km per jaar?"

# --- damage ---------------------------------------------------------------------------------------
DAMAGE_SUBMITTED = "Uw schadedossier is aangemaakt. Uw referentienummer is {reference}."
DAMAGE_PHOTOS = "Foto's van de schade kunt u hier opladen (de link werkt tot {until}): {url}"
DAMAGE_PHOTOS_LATER = "Foto's van de schade kunt u later toevoegen bij het dossier in uw klantenzone."
DAMAGE_STATEMENT_HINT = "Vul samen met de andere partij een Europees aanrijdingsformulier in en bewaar een kopie."

# --- contract -------------------------------------------------------------------------------------
CONTRACT_BUNDLE = "Uw kilometerbundel voor contract {contract} is {yearly_km} km per jaar."
CONTRACT_END = "Uw contract {contract} loopt van {start} tot {end} ({months} maanden)."
CONTRACT_LAST_READING = "Uw laatst doorgegeven kilometerstand is {km} km, op {date}."
CONTRACT_NO_READING = "Voor contract {contract} is nog geen kilometerstand doorgegeven."
CONTRACT_NEEDS_IDENTITY = (
    "Dat kan ik opzoeken zodra ik weet wie u bent (met uw contractnummer en nummerplaat). Eerst maken we dit af."
)
NO_CONTRACT = "Ik vind geen lopend contract op uw naam. " + HUMAN_HINT
