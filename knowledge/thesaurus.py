"""Customer words → the words the documents use.

Customers say "kentekenbewijs", "franchise", "Uber", "opzeggen"; the documents say "boorddocumenten",
"contractuele schadevergoeding", "vervoer van personen tegen betaling", "beëindigen". Each group
below is a set of interchangeable expressions (Belgian and Dutch usage); a query containing one of
them is expanded with the others before lexical matching. Keep groups about the lease domain and
add to them from real chat logs, never from the evaluation questions.
"""

from __future__ import annotations

import re

from knowledge.analysis import normalise

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("kentekenbewijs", "kentekenpapieren", "autopapieren", "inschrijvingsbewijs", "boorddocumenten",
     "kentekencertificaat"),
    ("nummerplaat", "kentekenplaat", "kenteken"),
    ("schadeverleden", "schadeattest", "attest schadeverleden", "bonus-malusverklaring", "bonus-malus"),
    ("eigen risico", "franchise", "contractuele schadevergoeding"),
    ("opzeggen", "opzegging", "stopzetten", "beëindigen", "beëindiging", "vroegtijdige beëindiging",
     "afkopen"),
    ("pech", "panne", "pechhulp", "pechverhelping", "wegenhulp", "takelen", "bijstand", "assistance"),
    ("incasso", "domiciliëring", "domiciliering", "automatische incasso"),
    ("verhuizen", "verhuis", "verhuisd", "nieuw adres", "adreswijziging"),
    ("uber", "taxi", "bolt", "deliveroo", "maaltijdbezorging", "commerciële doeleinden",
     "vervoer van personen tegen betaling"),
    ("snelheidsboete", "flitsboete", "bekeuring", "parkeerboete", "verkeersboete", "boete", "proces-verbaal"),
    ("bedenktijd", "bedenktermijn", "herroepingsrecht", "afzien van het leasecontract"),
    ("total loss", "totaal verlies", "onherstelbaar", "niet meer rendabel"),
    ("terugbrengen", "teruggeven", "binnenbrengen", "retourneren", "inleveren", "inlevering"),
    ("overlijden", "overleden", "sterven", "sterft", "overlijdt"),
    ("ontslag", "ontslagen", "werkloos", "baan kwijt", "baan verlies", "verlies van inkomen"),
    ("ruit", "voorruit", "sterretje", "barst", "glasbreuk", "glasschade"),
    ("ongeluk", "aanrijding", "botsing", "ongeval"),
    ("inbraak", "ingebroken", "diefstal", "gestolen"),
    ("garage", "werkplaats", "carrosserie", "koetswerk", "koetswerkhersteller", "hersteller"),
    ("rekening", "factuur", "facturen"),
    ("klacht", "klagen", "ontevreden", "klachten"),
    ("openingsuren", "openingstijden", "bereikbaar", "bereikbaarheid"),
    ("laadpaal", "laadpunt", "wallbox", "thuislader"),
    ("tankkaart", "brandstofkaart", "tankpas", "brandstofpas"),
    ("vervangauto", "vervangwagen", "leenwagen", "vervangende auto", "vervangend vervoer"),
    ("sneeuwbanden", "winterbanden"),
    ("leaseauto", "leasewagen", "wagen", "auto"),
    ("kilometerstand", "tellerstand", "kilometerteller"),
    ("onderhoudsbeurt", "onderhoud", "service", "onderhoudsbeurten"),
    ("schadeformulier", "aanrijdingsformulier", "schadeaangifteformulier", "europees aanrijdingsformulier"),
)


def _pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(normalise(term)) + r"(?!\w)")


_GROUPS = [[(term, _pattern(term)) for term in group] for group in SYNONYM_GROUPS]


def expand(query: str) -> str:
    """The query followed by the other members of every synonym group it mentions."""
    text = normalise(query)
    extra: list[str] = []
    for group in _GROUPS:
        present = {term for term, pattern in group if pattern.search(text)}
        if present:
            extra.extend(term for term, _ in group if term not in present)
    return f"{query} {' '.join(extra)}" if extra else query
