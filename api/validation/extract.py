"""Values found inside whole customer messages: one finder per kind of value, shared by every form.

Customers rarely answer with a bare value: "gisteren rond 14u op de parking", "25.000 km per jaar",
"Brugsesteenweg 112 bus 4, 9000 Gent", "mijn nieuwe rekening is be55 0015 2601 8144". Each
``find_*`` function scans a message and returns the normalised value it holds, or None. They are
pure (today's date is an argument) so the customer-language sets test them directly; the strict
``rules.parse_*`` functions still guard what is stored.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, timedelta
from difflib import SequenceMatcher, get_close_matches
from functools import cache
from pathlib import Path

import phonenumbers
import pycountry
from stdnum import iban as stdnum_iban
from text_to_num import alpha2digit

from api.validation.dates import FUTURE_WORDS, PAST_WORDS, WEEKDAYS, Direction, _safe_date, parse_dutch_date
from api.validation.rules import iban_bank_known, parse_iban, parse_license_plate

# --- text preparation -----------------------------------------------------------------------------

# "nee", "neen", "neeë", Flemish "neje", and said twice in one word: "neeneen", "nenee".
NO_WORD = r"(?:(?:ne(?:e+n?)?){2,}|nee+n?|ne+je)"
CORRECTION = re.compile(
    rf"\b(?:{NO_WORD}|sorry|pardon|oeps|correctie|ik bedoel|bedoel ik|excuses|of nee|dus|liever|of toch|precies|"
    r"zeg maar)\b"
)
DONT_KNOW = re.compile(
    r"\b(?:weet (?:ik|het) (?:het |nog |echt |eigenlijk |zelf )?niet|weet niet|kweenie|kweetnie|"
    r"geen (?:flauw )?idee|geen flauw benul|ik weet het niet|weet ik veel|wie weet|kan ik niet zeggen|"
    r"weten (?:we|wij|ze) (?:het |dat )?(?:nog |zelf )?niet|(?:dat|het) weten (?:we|wij) (?:nog )?niet)\b"
)
# An answer that gives nothing: a shrug, a refusal, or the question sent back ("hoe bedoelt u?").
_NOTHING_GIVEN = re.compile(
    r"^\W*(?:(?:pff+|tja+|euh+|ehm+|hm+|ja|nee|sorry|dat|geen|commentaar|weet|ik|het|niet|veel|echt|eigenlijk|"
    r"zeg|liever|hoe|wat|bedoelt|bedoel|je|u|jij|gij|ge|idee|flauw|benul|nog|wie|moet|is|nodig|verplicht)\W*)+$"
)


PLAIN_PUNCTUATION = str.maketrans("’‘–—\u00a0", "''-- ")


def fold(text: str) -> str:
    """Lower case, accents kept (België), typographic quotes and dashes made plain."""
    text = unicodedata.normalize("NFC", text).lower()
    text = re.sub(r"([a-zà-ÿ])\1{2,}", r"\1", text)  # "gestoleeeen" → "gestolen"
    return text.translate(PLAIN_PUNCTUATION)


def without_accents(text: str) -> str:
    """Each letter without its accents, positions kept ("belgiê" → "belgie")."""
    return "".join(unicodedata.normalize("NFD", c)[0] for c in text)


_FLEMISH_ORDINAL = re.compile(
    r"\b((?:[a-z]+ën)?(?:eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|negende|[a-z]*tiende|elfde|"
    r"twaalfde|twintigste|dertigste))n\b"
)


_DIGIT_WORDS = {"nul": "0", "een": "1", "één": "1", "twee": "2", "drie": "3", "vier": "4", "vijf": "5", "zes": "6",
                "zeven": "7", "acht": "8", "negen": "9"}  # fmt: skip
_DIGIT_WORD = "|".join(_DIGIT_WORDS)
# Digits read out one by one ("drie nul nul nul", "nul zes een twee …"): three or more in a row are one number.
_SPELLED_DIGITS = re.compile(rf"\b(?:{_DIGIT_WORD})(?:[\s,-]+(?:{_DIGIT_WORD})){{2,}}\b", re.IGNORECASE)


def with_digits(text: str) -> str:
    """Dutch number words as digits ("vijftien duizend" → 15000, "drieëntwintigste" → 23e, "drie nul nul nul"
    → 3000)."""
    text = _SPELLED_DIGITS.sub(lambda m: "".join(_DIGIT_WORDS[w.lower()] for w in re.findall(r"\w+", m[0])), text)
    protected = re.sub(r"\been\b(?!\s*(?:en|duizend|honderd|miljoen))", "één_", text)
    protected = _FLEMISH_ORDINAL.sub(r"\1", protected)  # "den vijftienden" → "den vijftiende"
    protected = re.sub(r"\b(?:den |de )?eerste\b", lambda m: m[0].replace("eerste", "1ste"), protected)
    try:
        converted = alpha2digit(protected, "nl")
    except Exception:  # text2num rejects some odd inputs; the words stay words then
        converted = protected
    return converted.replace("één_", "een")


def after_last_correction(text: str) -> str:
    """What the customer said after 'nee, …' / 'sorry, …', when something follows it."""
    matches = list(CORRECTION.finditer(text))
    if matches and matches[-1].start() > 0:
        tail = text[matches[-1].end() :]
        if re.search(r"\w", tail):
            return tail
    return text


# A customer correcting themselves inside one answer: "22, nee 24 sorry", "PL-100010, nee pardon PL-100001",
# "Aalst, nee Dendermonde", "verloren, euh nee eigenlijk gestolen". A run of such words holds at least one
# that really corrects ("nee", "sorry", "pardon", "oeps", "ik bedoel"); fillers only join a run.
_CORRECTING = rf"(?:{NO_WORD}|sorry|pardon|oeps|oei|ik bedoel|bedoel ik|wacht(?=\s*[,.:;!…]))"
_FILLER = r"(?:ah|euh|wacht|eigenlijk|toch|dus|typfout|tikfout|foutje)"
_SELF_CORRECTION = re.compile(
    rf"[\s,;.!]*(?:\b{_FILLER}\b[\s,;.!]*)*\b{_CORRECTING}\b(?:[\s,;.!]*\b(?:{_CORRECTING}|{_FILLER})\b)*[\s,;.!:]*",
    re.IGNORECASE,
)
# a house or box number corrected by one of about the same length, not part of a plate, phone or IBAN
_CORRECTED_NUMBER = re.compile(
    r"(?<![\d.\-/])(?<!\d )\b(\d{1,4}[a-z]?)" + _SELF_CORRECTION.pattern + r"(\d{1,4}[a-z]?)\b(?![\-/.]?\d|-)",
    re.IGNORECASE,
)


# "Brussel, Elsene eigenlijk": the last of two said, marked as the right one at its end
_CORRECTED_AT_END = re.compile(
    r"^.*\w.*?,\s*([^,]*\w[^,]*?)\s+(?:eigenlijk|dan toch|moet het zijn|bedoel ik)[\s.!]*$", re.IGNORECASE
)


def self_corrected(text: str) -> str | None:
    """What the customer said after correcting themselves mid-answer (None when they did not): a number
    corrected in place keeps the rest ("Molenstraat 22, nee 24 sorry, 8800 Roeselare" → "Molenstraat 24,
    8800 Roeselare"); otherwise the words after the correction ("Aalst, nee Dendermonde" → "Dendermonde"),
    or the last of two said with "eigenlijk" after it ("Brussel, Elsene eigenlijk" → "Elsene")."""
    in_place = _CORRECTED_NUMBER.sub(lambda m: m[2] if abs(len(m[1]) - len(m[2])) <= 1 else m[0], text)
    if in_place != text:
        return re.sub(r"(?<=\d)\s+(?:sorry|pardon)\b", "", in_place, flags=re.IGNORECASE)
    correction = _first_correction(text)
    if correction:
        return text[correction.end() :]
    at_end = _CORRECTED_AT_END.match(text)
    return at_end[1] if at_end else None


def _first_correction(text: str) -> re.Match | None:
    """The first place the customer corrects themselves with words said before and after it."""
    return next(
        (
            match
            for match in _SELF_CORRECTION.finditer(text)
            if re.search(r"\w", text[: match.start()]) and re.search(r"\w", text[match.end() :])
        ),
        None,
    )


_TRAILING_FILLER = re.compile(
    r"[\s,.;!]*(?:\b(?:op|aan)\s+(?:het|t|'t)\s+(?:einde?|eind)\b|\bachteraan\b|\bop het laatst\b|\bsorry\b|"
    r"\bpardon\b|\bmoet het zijn\b|\bis het\b)[\s,.;!]*$",
    re.IGNORECASE,
)


# The piece a correction names, and the old piece it denies: "de laatste cijfers zijn 0915 (, niet 0916)".
_PIECE_NAMED = re.compile(
    r"^\s*(?:(?:de|het)\s+)?(?:laatste|eerste)\s+(?:(?:\w+\s+)?(?:cijfers?|letters?|nummers?|getallen|stukje|deel|"
    r"groep)|(?:twee|drie|vier|vijf|zes|[2-6]))\s+(?:zijn|is|moeten|moet)?\s*(?:zijn\s+)?|[\s,]+(?:en\s+)?(?:niet|ni|nie)\s+\S+\s*$|\s+zijn\s*$",
    re.IGNORECASE,
)


def _shape(text: str) -> str:
    return "".join("9" if c.isdigit() else "a" if c.isalpha() else c for c in text)


# "GE.55.L2.001122/2026 sorry niet L2 maar L3": the piece denied, and the one said instead
_NOT_THIS_BUT = re.compile(r"[\s,;.!]*\b(?:niet|nie|ni)\s+(\S+?),?\s+maar\s+(\S+?)[\s.!]*$", re.IGNORECASE)


def piece_swapped(text: str) -> str | None:
    """The answer with the piece it denies replaced by the one said instead ("… L2 …, niet L2 maar L3" → "… L3 …");
    None when the denied piece is not in what came before."""
    swap = _NOT_THIS_BUT.search(text)
    if not swap:
        return None
    before = _SELF_CORRECTION.sub(" ", text[: swap.start()]).rstrip(" ,;.!")
    at = before.lower().rfind(swap[1].lower())
    if at < 0:
        return None
    return before[:at] + swap[2] + before[at + len(swap[1]) :]


def tail_corrected(text: str) -> str | None:
    """The answer with only its end corrected, when the correction names just that end: "6211 LE, nee LH sorry"
    → "6211 LH", "BE20 1431 8190 9365 oeps, 9356 op het einde" → "BE20 1431 8190 9356", "GE.43.L6.031122/26, nee
    sorry 031212/26" → "GE.43.L6.031212/26". None when the correction is not such a piece."""
    for match in _SELF_CORRECTION.finditer(text):
        before, fragment = text[: match.start()].rstrip(" ,.;:!"), text[match.end() :]
        fragment = _PIECE_NAMED.sub("", fragment)  # "de laatste cijfers zijn 0915 niet 0916" → "0915"
        while (shorter := _TRAILING_FILLER.sub("", fragment)) != fragment:
            fragment = shorter
        fragment = fragment.strip(" ,.;:!")
        last = re.search(r"\S+$", before)
        if not last or not fragment or " " in fragment or len(fragment) < 2 or len(fragment) > len(last[0]):
            continue
        if len(fragment) < len(last[0]) and not re.search(r"\d", last[0]):
            continue  # only codes are corrected piecewise; "Hasselt, nee sorry Genk" is another word
        if _shape(last[0][-len(fragment) :]).lower() == _shape(fragment).lower():
            return before[: last.end() - len(fragment)] + fragment
    return None


# --- dates and times ------------------------------------------------------------------------------

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "febr": 2, "maart": 3, "mrt": 3, "maa": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8,
    "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_ORD = r"(?:ste|de|e|ste?)?"
_DAYPART_WORDS = r"(?:ochtend|morgen|voormiddag|middag|namiddag|avond|nacht)"
RELATIVE = {
    "eergisteren": -2, "gisteren": -1, "gister": -1, "vandaag": 0, "vanochtend": 0, "vanmorgen": 0,
    "vanmiddag": 0, "vanavond": 0, "vannacht": 0, "deze morgen": 0, "deze middag": 0, "overmorgen": 2,
    "morgen": 1,
}  # fmt: skip
HOLIDAYS = {
    "kerstavond": (12, 24), "kerstmis": (12, 25), "kerstdag": (12, 25), "eerste kerstdag": (12, 25),
    "tweede kerstdag": (12, 26), "oudejaarsavond": (12, 31), "oudjaar": (12, 31), "oudejaarsdag": (12, 31),
    "nieuwjaarsdag": (1, 1), "nieuwjaar": (1, 1), "valentijn": (2, 14),
}  # fmt: skip
_WEEKDAY = "|".join(sorted((d for d in WEEKDAYS if len(d) > 2), key=len, reverse=True))
_UNITS = {"dag": 1, "dagen": 1, "week": 7, "weken": 7}

_PATTERNS = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("numeric", re.compile(
        r"(?<![\d:.])(\d{1,2})\s?[/.\-]\s?(\d{1,2})(?:\s?[/.\-]\s?(\d{4}|\d{2}))?"
        r"(?![\d:]|\s*(?:u\b|uur|h\b))"
    )),
    ("day_month", re.compile(rf"\b(\d{{1,2}}){_ORD}\s*(?:van\s+)?({_MONTH})\b\.?(?:\s*,?\s*(\d{{4}}))?")),
    ("month_day", re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}}){_ORD}\b(?!\s*(?:u\b|uur|:))")),
    ("ago", re.compile(r"\b(\d+|een|twee|enkele)\s+(dagen|dag|weken|week)\s+(?:geleden|terug)\b")),
    ("in", re.compile(r"\b(?:over|binnen)\s+(\d+|een|twee)\s+(dagen|dag|weken|week)\b")),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<mod>{'|'.join(PAST_WORDS + FUTURE_WORDS)}|deze)\s+(?:week\s+)?)?"
            rf"(?P<day>{_WEEKDAY})(?:{_DAYPART_WORDS}|en)?"
            r"(?:\s+(?P<suffix>ll|l\.l\.|laatstleden|jongstleden|vorige week|van vorige week|"
            r"volgende week|van volgende week|deze week|aanstaande))?\b"
        ),
    ),
    ("relative", re.compile(r"\b(" + "|".join(sorted(RELATIVE, key=len, reverse=True)) + ")")),
    # "net, om half tien", "zonet", "een uurtje geleden": today
    ("just_now", re.compile(
        r"\b(?:zonet|daarnet|daarjuist|zopas|zojuist|zo-even|net(?!\s+(?:als|over|voor|na|niet|wel|zo|genoeg|"
        r"goed|op tijd))|(?:\d+|een|twee|een half|anderhalf)\s+(?:uur|uurtje|uren|minuten|minuutjes)\s+"
        r"(?:geleden|terug))\b"
    )),
    ("month_relative", re.compile(
        r"\b(\d{1,2})(?:ste|de|e)?\s+(?:van\s+)?(?:de\s+)?(volgende|komende|deze|vorige|afgelopen)\s+maand\b"
    )),
    ("holiday", re.compile(r"\b(" + "|".join(sorted(HOLIDAYS, key=len, reverse=True)) + r")\b")),
    ("mid_month", re.compile(rf"\b(?:half|midden|medio)\s+({_MONTH})\b")),
    ("day_only", re.compile(r"\b(?:de|den|op|vanaf|per|tegen)\s+(\d{1,2})(?:ste|de|e)\b(?!\s*(?:jaar|keer|maand))")),
    # "de laatste dag van de maand", "eind januari": a human agent files the month's last day
    ("last_day", re.compile(rf"\b(?:(?:de\s+)?laatste dag van|eind(?:e)?(?:\s+van)?)\s+(?:de maand\b|deze maand\b|"
                            rf"(?:de maand\s+)?({_MONTH})\b)")),
]  # fmt: skip


@dataclass(frozen=True)
class FoundDate:
    value: date
    start: int
    end: int
    explicit: bool = False
    kind: str = ""
    starts: bool = False  # said as the date things start from ("vanaf zaterdag", "per 1 maart")


EXPLICIT_KINDS = {"iso", "numeric", "day_month", "month_day", "holiday"}


def _year_for(day: int, month: int, year: int | None, today: date, direction: Direction) -> date | None:
    if year is not None:
        return _safe_date(year + (2000 if year < 100 else 0), month, day)
    candidate = _safe_date(today.year, month, day)
    if candidate is None:
        return _safe_date(today.year + (-1 if direction == "past" else 1), month, day)
    if direction == "past" and candidate > today + timedelta(days=31):
        return _safe_date(today.year - 1, month, day)
    if direction == "future" and candidate < today:
        return _safe_date(today.year + 1, month, day)
    return candidate


def _weekday_date(match: re.Match, today: date, direction: Direction) -> date:
    target = WEEKDAYS[match["day"]]
    modifier = (match["mod"] or "").strip()
    suffix = (match["suffix"] or "").strip()
    if modifier and re.match(rf"{modifier}\s+week\s", match[0]):
        suffix = f"{'vorige' if modifier in PAST_WORDS else 'volgende'} week"
        modifier = ""
    if re.search(r"\b(?:sinds|al sinds|vanaf vorige)\s*$", match.string[: match.start()]):
        modifier = "vorige"
    if "vorige week" in suffix:
        monday = today - timedelta(days=today.weekday() + 7)
        return monday + timedelta(days=target)
    if "volgende week" in suffix:
        monday = today + timedelta(days=7 - today.weekday())
        return monday + timedelta(days=target)
    if modifier == "deze" or suffix == "deze week":
        return today - timedelta(days=today.weekday()) + timedelta(days=target)
    past = modifier in PAST_WORDS or suffix in ("ll", "l.l.", "laatstleden", "jongstleden")
    future = modifier in FUTURE_WORDS or suffix == "aanstaande"
    if not past and not future:
        past = direction != "future"
    if past:
        return today - timedelta(days=(today.weekday() - target) % 7 or 7)
    return today + timedelta(days=(target - today.weekday()) % 7 or 7)


def _count(word: str) -> int:
    return {"een": 1, "twee": 2, "enkele": 3}.get(word) or int(word)


def _date_from(kind: str, match: re.Match, today: date, direction: Direction) -> date | None:
    if kind == "iso":
        return _safe_date(int(match[1]), int(match[2]), int(match[3]))
    if kind == "numeric":
        day, month = int(match[1]), int(match[2])
        if not (1 <= month <= 12):
            return None
        return _year_for(day, month, int(match[3]) if match[3] else None, today, direction)
    if kind == "day_month":
        return _year_for(int(match[1]), MONTHS[match[2]], int(match[3]) if match[3] else None, today, direction)
    if kind == "month_day":
        return _year_for(int(match[2]), MONTHS[match[1]], None, today, direction)
    if kind == "ago":
        return today - timedelta(days=_count(match[1]) * _UNITS[match[2]])
    if kind == "in":
        return today + timedelta(days=_count(match[1]) * _UNITS[match[2]])
    if kind == "weekday":
        return _weekday_date(match, today, direction)
    if kind == "relative":
        return today + timedelta(days=RELATIVE[match[1]])
    if kind == "just_now":
        return today
    if kind == "holiday":
        month, day = HOLIDAYS[match[1]]
        return _year_for(day, month, None, today, direction)
    if kind == "mid_month":
        return _year_for(15, MONTHS[match[1]], None, today, direction)
    if kind == "month_relative":
        shift = {"volgende": 1, "komende": 1, "deze": 0}.get(match[2], -1)
        month_index = today.year * 12 + today.month - 1 + shift
        return _safe_date(month_index // 12, month_index % 12 + 1, int(match[1]))
    if kind == "last_day":  # "de laatste dag van de maand" (this month, or the one the message names)
        return _last_day_in(MONTHS[match[1]], today, direction) if match[1] else _last_day_of(today)
    if kind == "day_only":
        day = int(match[1])
        candidate = _safe_date(today.year, today.month, day)
        if candidate is None:
            return None
        if direction == "future" and candidate < today:
            month = today.month % 12 + 1
            return _safe_date(today.year + (today.month == 12), month, day)
        if direction == "past" and candidate > today:
            month = (today.month - 2) % 12 + 1
            return _safe_date(today.year - (today.month == 1), month, day)
        return candidate
    return None


_STARTING_FROM = re.compile(
    r"\b(?:vanaf|per|met ingang van|ingaand(?:e)?|startend|beginnend)\s+(?:de\s+|den\s+|op\s+)?$"
)


def find_dates(text: str, today: date, direction: Direction = "any") -> list[FoundDate]:
    """Every date a message mentions, in order; overlapping phrases keep the more specific."""
    folded = with_digits(fold(text))
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            value = _date_from(kind, match, today, direction)
            if value is not None:
                found.append(FoundDate(value, match.start(), match.end(), kind in EXPLICIT_KINDS, kind))
                taken.append((match.start(), match.end()))
    found.sort(key=lambda item: item.start)

    # "zaterdag 19 december", "zondag de 21e" are one date: a weekday right beside a day of the month only
    # names its day
    def beside(item: FoundDate, others: list[FoundDate]) -> bool:
        return any(abs(other.start - item.end) <= 3 or abs(item.start - other.end) <= 3 for other in others)

    found = _month_for_bare_days(found, folded, today, direction)
    found = _weekday_in_counted_week(found, folded)
    explicit = [item for item in found if item.explicit]
    days = [item for item in found if item.kind == "day_only"]
    return [
        replace(item, starts=bool(_STARTING_FROM.search(folded[: item.start])))
        for item in found
        if item.explicit or not (beside(item, explicit) or (item.kind == "weekday" and beside(item, days)))
    ]


_BARE_MONTH = re.compile(rf"\b(?:eind|einde|begin|midden)?\s*({_MONTH})\b")


def _last_day_of(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _last_day_in(month: int, today: date, direction: Direction) -> date | None:
    first = _year_for(1, month, None, today, direction)
    return _last_day_of(first) if first else None


def _month_for_bare_days(found: list[FoundDate], folded: str, today: date, direction: Direction) -> list[FoundDate]:
    """ "eind februari graag, de 28ste": a bare day of the month takes the one month the message names."""
    # a month named on its own, or in a phrase that names no day of it ("eind februari", "half maart")
    taken = [(item.start, item.end) for item in found if item.kind not in ("last_day", "mid_month")]
    months = {
        MONTHS[m[1]] for m in _BARE_MONTH.finditer(folded) if not any(start <= m.start(1) < end for start, end in taken)
    }
    if len(months) != 1:
        return found
    month = months.pop()
    kept: list[FoundDate] = []
    for item in found:
        last = _last_day_in(month, today, direction) if item.kind == "last_day" else None
        if last is not None:
            item = FoundDate(last, item.start, item.end, True, "day_month")
        if item.kind == "day_only":
            value = _year_for(item.value.day, month, None, today, direction)
            if value is not None:
                item = FoundDate(value, item.start, item.end, True, "day_month")
        kept.append(item)
    return kept


def _weekday_in_counted_week(found: list[FoundDate], folded: str) -> list[FoundDate]:
    """ "over twee weken, op dinsdag": a plain weekday beside a counted offset is that weekday nearest the
    offset's date (one date, not two)."""
    counted = [item for item in found if item.kind in ("in", "ago")]
    if not counted:
        return found
    kept: list[FoundDate] = []
    used: set[int] = set()
    for item in found:
        anchor = next((c for c in counted if abs(c.end - item.start) <= 12 or abs(item.end - c.start) <= 12), None)
        if (
            item.kind == "weekday"
            and anchor is not None
            and not re.match(r"(?:volgende|vorige|deze|komende)", folded[item.start :])
        ):
            shift = (item.value.weekday() - anchor.value.weekday() + 3) % 7 - 3
            item = FoundDate(
                anchor.value + timedelta(days=shift),
                min(item.start, anchor.start),
                max(item.end, anchor.end),
                False,
                "weekday",
            )
            used.add(id(anchor))
        kept.append(item)
    return [item for item in kept if id(item) not in used]


_FOUND_OUT = re.compile(r"\b(?:ontdekt|gemerkt|opgemerkt|gezien|vastgesteld|gevonden|zag|merkte|ontdekte)\b")
_CLAUSE_END = re.compile(r"[,.;!?]|\b(?:maar|en|want)\b")


def _found_out_on(text: str, found: FoundDate) -> bool:
    """The date sits in a clause that tells when the damage was found ("gister ontdekt, maar …")."""
    folded = with_digits(fold(text))
    before = _CLAUSE_END.split(folded[: found.start])[-1]
    after = _CLAUSE_END.split(folded[found.end :])[0]
    return bool(_FOUND_OUT.search(before) or _FOUND_OUT.search(after))


def find_date(text: str, today: date, direction: Direction = "any") -> date | None:
    """The date a message gives: after a correction ("nee, eergisteren") the corrected one; else the first."""
    tail = after_last_correction(fold(text))
    for candidate in (tail, text):
        dates = find_dates(candidate, today, direction)
        if len(dates) > 1:  # "vandaag precies twee weken geleden": today only anchors another date
            dates = [d for d in dates if not (d.kind == "relative" and d.value == today)] or dates
        if dates:
            # "vrijdag krijgen we de sleutels en vanaf zaterdag slapen we er": the date things start from
            starting = [d for d in dates if d.starts]
            if len(starting) == 1 and len(dates) > 1:
                return starting[0].value
            # "gister ontdekt maar t is zondag gebeurd": the day it happened, not the day it was found
            dates = [d for d in dates if not _found_out_on(candidate, d)] or dates
            # "zondag 15 november", "de woensdag ervoor, de 11de": the day of the month is what the customer
            # checked, a weekday is colour
            return next(
                (d for d in dates if d.explicit), next((d for d in dates if d.kind == "day_only"), dates[0])
            ).value
    # Last resort for phrasings the patterns do not know ("3 dagen geleden" variants, "1 maart 27").
    return parse_dutch_date(text, today, direction)


_CLOCK = re.compile(
    r"(?<![\d/.\-])(?P<h>[01]?\d|2[0-3])\s*(?:(?::|u|h|\.|uur)\s*(?P<m>[0-5]\d)(?:\s*(?:u|uur|h))?\b|(?P<unit>u|uur|h)\b)"
    r"(?:\s*(?:'s|des)?\s*(?P<part>ochtends|morgens|voormiddags|middags|namiddags|avonds|nachts))?"
)
_CONTEXT_CLOCK = re.compile(
    r"\b(?:om|rond|rond de klok van|omstreeks|tegen|na|voor|vanaf|ergens rond)\s+(?P<h>[01]?\d|2[0-3])"
    r"(?:[.:](?P<m>[0-5]\d))?\b(?![/.\-]\d|\s*(?:ste|de|e)\b|\s*(?:van\s+)?(?:" + _MONTH + r")\b)"
)
# Hours as words where text2num leaves them ("een uur of twee": it reads "een" as the number, not "twee").
HOUR_WORDS = {
    "een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
    "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12,
}  # fmt: skip
_HOUR = r"(?P<h>1[0-2]|[1-9]|" + "|".join(HOUR_WORDS) + r")"
_ABOUT_HOUR = re.compile(r"\buur of " + _HOUR + r"\b")
# "kwart over zes", Flemish "kwart na zes", "kwart voor zes", "half zes"
_HALF = re.compile(r"\b(?:(?P<q>kwart)\s+(?P<dir>over|na|voor)\s+|(?P<half>half)\s+)" + _HOUR + r"\b")
# "tien over acht", "5 voor half drie": minutes before or after the hour (or the half hour)
_MINUTES_FROM = re.compile(
    r"\b(?P<min>[1-9]|1\d|2[0-9]|vijf|tien|twintig)\s+(?:minuten\s+)?(?P<dir>over|na|voor)\s+(?P<half>half\s+)?"
    + _HOUR
    + r"\b"
)
# "de nacht van vrijdag op zaterdag", "de nacht van den tiende op den elfde": the second day after midnight
NIGHT_BETWEEN = re.compile(r"\bnacht\s+van\s+.{3,30}?\s+op\s+(?P<second>(?:de |den )?[\w-]+(?: \w+)?)", re.I)
_NOON = re.compile(r"\b(?:rond|om|tegen)\s+(?:de|den)\s+middag\b|\bmiddaguur\b")


def _hour(word: str) -> int:
    return HOUR_WORDS.get(word) or int(word)


_EVENING = re.compile(
    r"(?:'s|des)?\s*(?:avond|avonds|namiddag|namiddags|middag|middags)|gisteravond|gisterenavond|vanavond|vanmiddag|pm\b"
)


def find_time(text: str) -> str | None:
    """A clock time in a message ("rond 14u", "om 8 uur 's avonds", "half drie 's middags") as HH:MM."""
    # "2 uur geleden" is a duration, not two o'clock
    folded = re.sub(r"\b\d+\s*(?:uur|uren|u)\s+(?:geleden|terug)\b", "", with_digits(fold(text)))
    evening = bool(_EVENING.search(folded))
    hour = minute = None
    match = _CLOCK.search(folded)
    minutes = _MINUTES_FROM.search(folded)
    if match:
        hour, minute = int(match["h"]), int(match["m"] or 0)
        part = match["part"] or ""
        evening = evening or part in ("avonds", "namiddags", "middags")
    elif minutes:
        offset = HOUR_WORDS.get(minutes["min"]) or {"twintig": 20}.get(minutes["min"]) or int(minutes["min"])
        base = (_hour(minutes["h"]) - (1 if minutes["half"] else 0)) * 60 + (30 if minutes["half"] else 0)
        total = base + (offset if minutes["dir"] in ("over", "na") else -offset)
        hour, minute = total // 60, total % 60
    elif _NOON.search(folded):
        return "12:00"
    else:
        half = _HALF.search(folded)
        if half and not _ABOUT_HOUR.search(folded):
            base = _hour(half["h"])
            if half["half"]:
                hour, minute = base - 1, 30
            elif half["dir"] in ("over", "na"):
                hour, minute = base, 15
            else:
                hour, minute = base - 1, 45
        elif about := _ABOUT_HOUR.search(folded):
            hour, minute = _hour(about["h"]), 0
        else:
            context = _CONTEXT_CLOCK.search(folded)
            if not context:
                return None
            hour, minute = int(context["h"]), int(context["m"] or 0)
    night = re.search(r"(?:'s|s|des) (?:ochtends|morgens|nachts)", folded)
    if re.search(r"(?:'s|s|des) nachts", folded) and 9 <= hour <= 12:  # "kwart voor twaalf 's nachts"
        return f"{(hour + 12) % 24:02d}:{minute:02d}"
    late_morning = hour >= 10 and re.search(r"middag", folded) and "namiddag" not in folded
    # "rond kwart over vijf", "om 3u": without a morning or a night said, the afternoon — five in the morning
    # is told as such ("'s morgens vroeg", "vannacht")
    morning = night or re.search(r"ochtend|morgen|nacht|vroeg|\bam\b", folded)
    if (evening or (1 <= hour <= 5 and not morning)) and 1 <= hour < 12 and not night and not late_morning:
        hour += 12
    return f"{hour:02d}:{minute:02d}"


# --- numbers --------------------------------------------------------------------------------------

_NUMBER = re.compile(
    r"(?<![\w.,-])(\d{1,3}(?:[.\s ]\d{3})+|\d+(?:[.,]\d+)?)\s*(k\b|duizend|mille\b|000\b)?"
    r"(?=\s*(km|kilometer|kilometers|kms|per jaar|op de teller|\b)|$)"
)


@dataclass(frozen=True)
class FoundNumber:
    value: int
    start: int
    has_unit: bool
    denied: bool = False  # "31.260 moet het zijn, niet 31.206": the number after "niet" is the wrong one


def find_numbers(text: str) -> list[FoundNumber]:
    """Whole numbers as written in Belgium and the Netherlands: 21.340, 21 340, 21k, 21 duizend, 21,5k."""
    folded = with_digits(fold(text))
    folded = re.sub(r"(\d)\s+1000\b", r"\1 duizend", folded)  # "25 duizend" after text2num's "een 25 1000"
    # "7 duizend 640": the thousands and the rest are one number
    folded = re.sub(
        r"(?<![\d.,])(\d{1,3})\s*duizend\s+(?:en\s+)?(\d{1,3})(?![\d.,])",
        lambda m: str(int(m[1]) * 1000 + int(m[2])),
        folded,
    )
    found = []
    for match in _NUMBER.finditer(folded):
        digits, multiplier, unit = match[1], match[2], match[3]
        if re.fullmatch(r"\d{1,3}(?:[.\s ]\d{3})+", digits):
            value = float(re.sub(r"\D", "", digits))
        else:
            value = float(digits.replace(",", "."))
            if "." in digits and not multiplier and len(digits.split(".")[1]) != 3:
                continue  # a decimal without a thousands meaning (12.5) is not a count of km
        if multiplier in ("k", "duizend", "mille"):
            value *= 1000
        denied = bool(re.search(r"\b(?:niet|ni|nie|geen)\s*$", folded[: match.start()]))
        found.append(FoundNumber(int(round(value)), match.start(), bool(unit) or bool(multiplier), denied))
    return [n for n in found if not n.denied] or found


_A_BOUND = re.compile(r"\b(?:boven|onder|meer dan|minder dan|over)\s+(?:de\s+)?$")


def find_km(text: str, minimum: int = 100) -> int | None:
    """A distance in km: after 'naar'/'nieuwe' the new one, else the first with a unit, else the first large one."""
    folded = fold(text)
    numbers: list[FoundNumber] = []
    for source in (after_last_correction(folded), folded):
        numbers = [n for n in find_numbers(source) if n.value >= minimum]
        if numbers:
            written = with_digits(source)  # what find_numbers' positions count in
            # "ik zit nu al ruim boven de 50k": a bound of what they drive, not the distance they ask for
            numbers = [n for n in numbers if not _A_BOUND.search(written[max(0, n.start - 20) : n.start])]
        if numbers:
            break
    if not numbers:
        return None
    target = re.search(r"\b(?:naar|tot|op|nieuwe|wordt|moet|maar|liever|geef|doe|maak)\b", with_digits(folded))
    if target and len(numbers) > 1:
        later = [n for n in numbers if n.start > target.start()]
        if later:
            return later[0].value
    with_unit = [n for n in numbers if n.has_unit]
    return (with_unit or numbers)[0].value


def find_reading(text: str) -> int | None:
    """An odometer reading: of several numbers the most precise one ("ruim 55 duizend, 55.400 precies")."""
    numbers = [n for n in find_numbers(text) if n.value >= 10]
    if not numbers:
        return None
    return max(numbers, key=lambda n: (len(str(n.value).rstrip("0")), n.start)).value


def find_day_of_month(text: str) -> int | None:
    """A day of the month: "de 15de", "15", "vijftiende", "op de 3e van de maand"."""
    folded = with_digits(re.sub(r"\btweede\b", "2de", fold(text)))  # text2num leaves ordinals below 3 as words
    day = re.compile(r"(?<![\d/.\-])(\d{1,2})\s*(?:sten|den|en|ste|de|e)?\b(?![/.\-]\d)")
    # after a correction ("de 20ste, zeg maar de 21ste") the corrected day; "de 28e, dus die dag zelf" the 28th
    match = day.search(after_last_correction(folded)) or day.search(folded)
    return int(match[1]) if match else None


# --- identifiers ------------------------------------------------------------------------------------

_IBAN = re.compile(r"\b([a-z]{2}[\s.-]?\d{2}(?:[\s.-]?[a-z0-9]){10,30})\b", re.IGNORECASE)


@dataclass(frozen=True)
class FoundIban:
    iban: str
    bank_known: bool


def find_iban(text: str) -> FoundIban | None:
    """An IBAN with valid check digits; a bank code missing from python-stdnum's table is still valid
    (those tables lag behind new banks) and flagged for the back office."""
    for match in _IBAN.finditer(text):
        compact = stdnum_iban.compact(re.sub(r"[.-]", "", match[1]))
        for length in range(len(compact), 13, -1):  # trailing words glued on by the pattern
            try:
                iban = parse_iban(compact[:length])
            except ValueError:
                continue
            return FoundIban(iban, iban_bank_known(iban))
    return None


def find_phone(text: str, country: str | None = None) -> str | None:
    """A phone number in international form (+32…, +31…), Belgian or Dutch when no prefix says otherwise."""
    regions = [country] if country else []
    regions += [r for r in ("BE", "NL") if r not in regions]
    cleaned = re.sub(r"(?<=\d)[/.](?=\d)", " ", text.replace("(0)", " "))  # "+31 (0)6 …": the 0 is not dialled
    best = None
    for region in regions:
        for match in phonenumbers.PhoneNumberMatcher(cleaned, region, leniency=phonenumbers.Leniency.VALID):
            number = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            if best is None or match.start < best[0]:
                best = (match.start, number)
        if best:
            return best[1]
    digits_only = re.sub(r"(?<=\d)[\s,.;/-]+(?=\d)", "", with_digits(fold(text)))
    if digits_only != text and re.search(r"\d{9}", digits_only):
        return find_phone(digits_only, country)
    return None


def find_plate(text: str, country: str | None = None) -> str | None:
    """A Belgian or Dutch licence plate anywhere in the message ("het is 1 abc 123", "kenteken k-123-bb")."""
    folded = fold(text)
    for written in re.findall(r"(?<![\w-])[a-z0-9]{1,3}(?:-[a-z0-9]{1,3}){1,2}(?![\w-])", folded):
        try:  # as written with its dashes first: "het kenteken is K-123-BB" is no "ISK-123"
            return parse_license_plate(written.replace("-", ""), country)
        except ValueError:
            continue
    pieces = re.findall(r"[a-z0-9]+", folded)
    found: list[tuple[bool, str]] = []
    for size in (3, 2, 1):
        for start in range(len(pieces) - size + 1):
            chunk = "".join(pieces[start : start + size])
            if not (re.search(r"\d", chunk) and re.search(r"[a-z]", chunk)) or len(chunk) > 7:
                continue
            try:
                plate = parse_license_plate(chunk, country)
            except ValueError:
                continue
            # written in the plate's own groups ("kenteken is k 123 bb": K-123-BB, not ISK-123; "1-abc123" is)
            groups = plate.lower().split("-")
            group_ends = {sum(len(g) for g in groups[: i + 1]) for i in range(len(groups))}
            piece_ends = {sum(len(p) for p in pieces[start : start + i + 1]) for i in range(size)}
            found.append((piece_ends <= group_ends, plate))
    return next((plate for aligned, plate in found if aligned), found[0][1] if found else None)


def find_contract_number(text: str) -> str | None:
    match = re.search(r"\b([a-z]{2})[\s.-]*(\d{3})[\s.]?(\d{3})\b", fold(text))
    return f"{match[1].upper()}-{match[2]}{match[3]}" if match else None


# --- yes / no ---------------------------------------------------------------------------------------

_NO_PHRASES = re.compile(
    rf"\b(?:{NO_WORD}|nope|nop|no|niet|geen|nooit|helaas niet|klopt niet|dat klopt niet|niks|nada|non|negatief|"
    r"laat (?:maar|ma|het)(?: zitten| zo)?|hoeft niet)\b"
)
_YES_PHRASES = re.compile(
    r"\b(?:(?:ja)+|ja+|jawel|jazeker|jep|jup|yes|yep|ok|oke|oké|okay|okee|zeker|klopt|juist|correct|akkoord|"
    r"inderdaad|goed|prima|in orde|allee|allez|doe maar|is goed|da's juist|dat is juist|oui|absoluut|"
    r"natuurlijk|tuurlijk|uiteraard|gedaan|perfect|top|toppie|topper|super|uitstekend|"
    r"verzenden|versturen|verstuur|dat hebben we gedaan|hebben we|"
    r"heb ik|ingevuld|was er|graag|dat zou fijn zijn|dat mag)\b"
)


def find_yes_no(text: str) -> bool | None:
    """Yes or no from the first word that says it ("ja maar …" is yes, "nee hoor" no, "klopt niet" no)."""
    folded = fold(text).strip()
    if folded in ("/affirm", "/deny"):
        return folded == "/affirm"
    opening = re.match(r"\W*(\w+)", folded)
    first = opening[1] if opening else ""
    if re.fullmatch(NO_WORD + r"|nope|no", first):  # "Nee, geen idee wie dat was": the no is the answer
        return False
    taken_back = re.search(rf"\b(?:{NO_WORD})\b|\b(?:klopt|juist|correct) niet\b", folded)  # "ja wacht nee, …"
    if re.fullmatch(r"(?:ja)+|ja+|jawel|jazeker|jep|jup|yes|yep", first) and not taken_back:
        return True  # "Ja, een geparkeerde Kia, de eigenaar was er niet": the yes is the answer
    # "geen idee wie, dus nee": the customer's own conclusion answers, whatever came before it
    concluded = re.search(rf"\b(?:dus|dan maar|toch maar|eigenlijk)\s+({NO_WORD}|ja|jawel)\W*$", folded)
    if concluded:
        return not re.fullmatch(NO_WORD, concluded[1])
    if DONT_KNOW.search(folded):
        return None
    no = _NO_PHRASES.search(folded)
    yes = _YES_PHRASES.search(folded)
    denied = re.search(r"\b(?:klopt|juist|correct|hebben we|heb ik|was er|is er|gedaan|graag|mag) niet\b", folded)
    if no and (not yes or no.start() <= yes.start() or denied):
        return False
    if yes:
        return True
    return None


# --- choices from a small vocabulary ------------------------------------------------------------------

Vocabulary = dict[str, tuple[str, ...]]


def find_choice(
    text: str, vocabulary: Vocabulary, *, exclusive: bool = False, listed_first: bool = False
) -> str | None:
    """The code whose word occurs in the message: exact codes (button payloads) first, then the longest
    word found (also at the end of a compound: "leasecontract"), then a word typed with one slip.
    ``exclusive``: a message naming two codes ("misschien gestolen, misschien verloren") names none."""
    folded = fold(text).strip()
    if folded in vocabulary:
        return folded
    found: list[tuple[str, int, int]] = []  # (code, start, end)
    for code, words in vocabulary.items():
        for word in words:
            left = "" if len(word) >= 6 else r"(?<![a-zà-ÿ])"
            # "ree" is no "reed", "tak" no "taks", "is weg" no "is weggelopen"
            right = r"(?![a-zà-ÿ])" if len(word.split()[-1]) <= 3 else ""
            # "verloren denk ik, niet gestolen": a word denied is not chosen
            match = next(
                (m for m in re.finditer(rf"{left}{re.escape(word)}{right}", folded) if not _denied(folded, m.start())),
                None,
            )
            if match:
                found.append((code, match.start(), match.end()))
    hits: dict[str, tuple[int, int]] = {}
    for code, start, end in found:
        # a word inside a longer word of another code is that word ("brandstof" is no "brand")
        inside = any(o != code and s <= start and end <= e and e - s > end - start for o, s, e in found)
        if not inside and (code not in hits or end - start > hits[code][0]):
            hits[code] = (end - start, -start)
    near = _near_hits(folded, vocabulary)
    if not hits:
        hits = near
    elif not listed_first:  # "aflosingstabel" is the table typed with a slip, not "aflos…" (prepayment)
        longest = max(length for length, _ in hits.values())
        hits.update({code: hit for code, hit in near.items() if hit[0] > longest})
    if not hits or (exclusive and len(hits) > 1):
        return None
    if listed_first:  # the vocabulary lists specific codes before generic ones ("ree aangereden": animal)
        return next(code for code in vocabulary if code in hits)
    return max(hits, key=lambda code: hits[code])


def _denied(folded: str, position: int) -> bool:
    """The word at ``position`` (or the compound it ends) follows "niet" or "geen"."""
    word_start = max(folded.rfind(" ", 0, position), -1) + 1
    return folded[:word_start].endswith(("niet ", "geen "))


def _near_hits(folded: str, vocabulary: Vocabulary) -> dict[str, tuple[int, int]]:
    """Vocabulary words of 7+ letters typed with a slip ("aflosingstabel")."""
    hits: dict[str, tuple[int, int]] = {}
    for token in re.findall(r"[a-zà-ÿ]{7,}", folded):
        for code, words in vocabulary.items():
            for word in words:
                if len(word) >= 7 and " " not in word and SequenceMatcher(None, token, word).ratio() >= 0.88:
                    hits[code] = (len(word), 0)
    return hits


DAMAGE_KINDS: Vocabulary = {
    "attempted_theft": ("poging tot diefstal", "poging", "proberen stelen", "proberen te stelen", "geprobeerd",
                        "proberen in te breken", "proberen open te breken", "proberen te openen"),
    "burglary": ("inbraak", "ingebroken", "opengebroken", "open gebroken", "ingeslagen", "ruit kapot en",
                 "uit mijn auto gestolen", "uit de auto gestolen", "uit mijn wagen gestolen", "uit de wagen gestolen"),
    "theft": ("diefstal", "gestolen", "gepikt", "gejat", "weg is", "is weg", "verdwenen", "niet meer terug",
              "ontvreemd", "weggezaagd", "uitgezaagd", "afgezaagd"),
    # the cause before the glass it broke: a storm's branch through the windscreen is storm damage
    "animal": ("dier", "wildschade", "stuk wild", "overstekend wild", "met wild", "tegen wild", "wild op de",
               "hert", "ree", "everzwijn", "marter", "vos", "haas", "konijn", "kat", "hond", "fazant",
               "zwijn"),
    "natural_disaster": ("storm", "hagel", "overstroming", "natuurramp", "natuurgeweld", "boom", "tak", "onder water",
                         "wateroverlast",
                         "waterschade", "overstroomd", "onweer", "bliksem"),
    "glass": ("glas", "ruit", "voorruit", "achterruit", "barst", "sterretje", "ster in", "steenslag", "steentje"),
    "fire": ("brand", "vuur", "vlam", "afgebrand", "uitgebrand"),
    "vandalism": ("vandal", "bekrast", "krassen", "kras", "vernield", "lekgestoken", "lek gestoken",
                  "spiegel afgetrokken", "afgebroken", "beklad", "graffiti", "ingetrapt", "sleutel", "geschopt",
                  "getrapt", "afgetrapt", "aan getrokken", "moedwillig"),
    "collision": ("aanrijding", "botsing", "gebotst", "ongeval", "ongeluk", "accident", "aangereden", "tegen",
                  "geraakt", "geschampt", "achterop", "aangetikt", "ingereden", "deuk", "bots", "knal", "geknald",
                  "geramd", "paal", "paaltje", "geschraapt", "schramp", "kop-staart", "parkeren", "achteruit",
                  "erop in", "er op in", "vol op in", "tegenaan", "ertegen", "ingedeukt", "gedeukt", "deuken",
                  "voorrang", "schamp", "raakte een", "raakte de", "raakte ne", "spiegel meegenomen",
                  "spiegel eraf", "spiegel er af", "afgereden", "reed in op", "op mij in", "op me in",
                  "parkeerschade", "blikschade", "parkeerdeuk", "gracht", "sloot", "geslipt", "uit de bocht",
                  "over de kop", "gekanteld"),
    # words that hold another kind's word without being that kind: misfuelling is no fire, lost is no collision
    "other": ("ander", "iets anders", "weet niet", "brandstof", "getankt", "kwijtgeraakt", "ruitenwisser",
              "ruitensproeier"),
}  # fmt: skip
LOSS_OR_THEFT: Vocabulary = {
    "theft": ("diefstal", "gestolen", "gepikt", "gejat", "ontvreemd", "inbraak", "ingebroken", "beroofd", "theft",
              "stolen", "zakkenroller", "gerold", "weggenomen", "opengebroken", "open gebroken",
              "meegenomen"),
    "loss": ("verlies", "verloren", "kwijt", "verlegd", "vergeten", "zoek", "niet meer vinden", "nergens meer vinden",
             "nergens vinden", "vind ik niet", "laten liggen", "ergens laten", "lost", "verloor", "kwijtgeraakt",
             "weggegooid", "weggesmeten", "oud papier", "vernietigd"),
}  # fmt: skip
DOCUMENTS: Vocabulary = {
    "prepayment_overview": ("vooruitbetalingsoverzicht", "vooruitbetaling", "voorafbetaling", "vervroegd", "aflossen",
                            "afbetalen", "vooruit betalen", "extra betalen", "versneld", "prepayment", "aflos",
                            "af te lossen", "af te betalen", "afkopen", "af te kopen", "in één keer", "in 1 keer",
                            "nog moet betalen", "openstaand saldo", "saldo", "vroeger afbetaal", "vroeger terugbetaal",
                            "vroeger af te betalen", "eerder terugbetalen", "vroegtijdig", "vroeger terugbetalen",
                            "vroeger terug te betalen", "in een keer", "nog zou moeten betalen"),
    "amortisation_table": ("aflossingstabel", "aflossingsplan", "aflossingsschema", "amortisatie", "afschrijving",
                           "tabel", "aflossingsoverzicht", "afbetalingstabel", "afbetalingsplan", "amortization",
                           "terugbetalingsschema", "terugbetalingsplan", "terugbetalingstabel", "afbetalingsschema",
                           "schema", "alle maanden", "maand per maand", "alle termijnen", "elke maand"),
    "contract_copy": ("kopie", "contract", "overeenkomst", "copie", "duplicaat van mijn contract", "contractkopie"),
}  # fmt: skip


def find_damage_kind(text: str) -> str | None:
    return find_choice(text, DAMAGE_KINDS, listed_first=True)


# --- countries ------------------------------------------------------------------------------------------

COUNTRY_ALIASES = {
    "belgie": "BE", "belgië": "BE", "belgium": "BE", "belgique": "BE", "vlaanderen": "BE", "wallonië": "BE",
    "nederland": "NL", "nederlanden": "NL", "holland": "NL", "netherlands": "NL", "engeland": "GB",
    "schotland": "GB", "wales": "GB",
    "groot-brittannië": "GB", "uk": "GB", "turkije": "TR", "türkiye": "TR", "tsjechië": "CZ", "tsjechie": "CZ",
    "duitsland": "DE", "frankrijk": "FR", "spanje": "ES", "italie": "IT", "italië": "IT", "oostenrijk": "AT",
    "zwitserland": "CH", "luxemburg": "LU", "marokko": "MA", "kroatie": "HR", "kroatië": "HR", "slovenie": "SI",
    "portugal": "PT", "polen": "PL", "denemarken": "DK", "zweden": "SE", "noorwegen": "NO", "griekenland": "GR",
    "hongarije": "HU", "roemenie": "RO", "roemenië": "RO", "bulgarije": "BG", "servie": "RS", "servië": "RS",
    "bosnie": "BA", "bosnië": "BA", "albanie": "AL", "albanië": "AL", "tunesie": "TN", "tunesië": "TN",
    "ierland": "IE", "slowakije": "SK", "oekraine": "UA", "oekraïne": "UA", "andorra": "AD", "monaco": "MC",
    "liechtenstein": "LI", "montenegro": "ME", "macedonië": "MK", "noord-macedonië": "MK", "kosovo": "XK",
    "algerije": "DZ", "finland": "FI", "estland": "EE", "letland": "LV", "litouwen": "LT", "zuid-frankrijk": "FR",
    "costa brava": "ES", "ardennen": "BE", "toscane": "IT", "elzas": "FR", "bretagne": "FR", "beieren": "DE",
    "tirol": "AT", "mallorca": "ES", "sicilië": "IT", "corsica": "FR", "istanbul": "TR", "parijs": "FR",
    "barcelona": "ES", "madrid": "ES", "rome": "IT", "berlijn": "DE", "wenen": "AT", "londen": "GB",
}  # fmt: skip


@cache
def _country_names() -> dict[str, str]:
    """Dutch and English country names from pycountry (ISO 3166), lower-cased, plus common aliases."""
    names: dict[str, str] = {}
    dutch = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"], fallback=True)
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None), dutch.gettext(country.name)):
            if name and len(name) > 3:
                names[fold(name)] = country.alpha_2
    names.update(COUNTRY_ALIASES)
    return names


@cache
def _plain_country_names() -> tuple[tuple[str, str], ...]:
    """The country names without their accents, with their codes (made once, read on every message)."""
    return tuple((without_accents(name), code) for name, code in _country_names().items())


# Words customers write that lie close to a country's name without being a slip of it: banks ("van kbc naar
# argenta" is no trip to Argentina).
_NO_COUNTRY_SLIPS = {"argenta", "belfius", "crelan", "fintro", "beobank", "keytrade", "triodos", "rabobank",
                     "regiobank", "revolut"}  # fmt: skip


@cache
def _close_country_names() -> dict[str, str]:
    """The names long enough to be recognised when typed with a slip."""
    return {name: code for name, code in _plain_country_names() if len(name) >= 6}


def find_countries(text: str) -> list[str]:
    """Every country a message names, in order ("Frankrijk en dan Spanje" → FR, ES)."""
    folded = without_accents(fold(text))  # "Belgiê", "Belgie" for België
    hits: list[tuple[int, str]] = []
    for name, code in _plain_country_names():
        for match in re.finditer(rf"(?<![a-zà-ÿ]){re.escape(name)}(?![a-zà-ÿ])", folded):
            hits.append((match.start(), code))
    # a name typed with a slip or spelled the other way: "turkeye", "marrokko", "Slovakije"
    names = _close_country_names()
    found_at = {start for start, _ in hits}
    for token in re.finditer(r"[a-z-]{6,}", folded):
        if token[0] in _NO_COUNTRY_SLIPS:
            continue
        close = get_close_matches(token[0], names, n=1, cutoff=0.85) if token.start() not in found_at else []
        if close:
            hits.append((token.start(), names[close[0]]))
    ordered: list[str] = []
    for _, code in sorted(hits):
        if code not in ordered:
            ordered.append(code)
    return ordered


def find_home_country(text: str) -> str | None:
    """BE or NL for an address: a country named ("belgisch limburg", "nl, breda"), else the postcode's form."""
    folded = fold(text).strip()
    named = [code for code in find_countries(text) if code in ("BE", "NL")]
    belgium_said = re.search(r"\b(?:belgisch|vlaams|be)\b|(?<![\d\s])\s*\bb\b", folded)  # not the "b" of "14 b"
    named += ["BE"] * bool(belgium_said and not re.search(r"\bb\s*\d", folded))
    named += ["NL"] * bool(re.search(r"\b(?:nederlands|hollands|nl)\b", folded))
    if len(set(named)) == 1:
        return named[0]
    if len(set(named)) > 1:
        return None
    postcode = find_postcode(text)
    if postcode:
        return "NL" if " " in postcode else "BE"
    return None


# --- addresses ------------------------------------------------------------------------------------------

_NL_POSTCODE = re.compile(r"(?<![\w-])([1-9]\d{3})\s?([a-z]{2})(?![a-z])", re.IGNORECASE)
_BE_POSTCODE = re.compile(r"(?<![\w.,/-])(?:b-|be-|b\s)?([1-9]\d{3})(?![\w/-]|[.,]\d|\s*(?:km|euro|€))", re.IGNORECASE)


def find_postcode(text: str) -> str | None:
    """A Dutch (1234 AB) or Belgian (1234) postcode, also spelled out ("1 0 5 0", "5611-AB", "drieduizend")."""
    found = _postcode_in_address(text)[0]
    if found:
        return found
    spelled = re.sub(r"(?<=\d)[\s-]+(?=\d\b|[a-z]\s*[a-z]\b)", "", with_digits(fold(text)))
    spelled = re.sub(r"\b(\d{4})[\s-]*([a-z])\s+([a-z])\b", r"\1 \2\3", spelled)
    return _postcode_in_address(spelled)[0]


def _clean_city(raw: str) -> str | None:
    words = []
    for word in re.split(r"\s+", raw.strip(" ,.;")):
        stop = r"(?:en|vanaf|per|sinds|in|op|met|belgi\w*|nederland\w*|holland|bus)\W*"
        if not word or word.startswith((",", "(")) or re.fullmatch(stop, word.lower()):
            break
        words.append(word)
        if len(words) == 3:
            break
    city = " ".join(words).strip(" ,.;")
    return city[:1].upper() + city[1:] if city else None


_STREET_SUFFIX = re.compile(
    r"(?:straat|laan|weg|steenweg|plein|dreef|lei|kaai|kade|gracht|singel|dijk|baan|hof|park|pad|markt|ring|berg|"
    r"veld|wijk|steeg|gang|vest|wal|burg|heide|akker|meers|kouter|dam|rak|plaats|erf|hoek|straatje|gaarde|boulevard|"
    r"avenue|dreve|dries|kant|kwartier|laantje|polder|schans|oord|zoom|daal|dal|bos|brug|haven|poort)$"
)
_STREET_CONNECTORS = {
    "van",
    "de",
    "der",
    "den",
    "het",
    "ter",
    "ten",
    "op",
    "aan",
    "la",
    "le",
    "du",
    "des",
    "sint",
    "st.",
    "'t",
}
_HOUSE_NUMBER = re.compile(
    r"(?<![\w/.])(?:nr\.?\s*|nummer\s+|n°\s*)?(\d{1,4})(?:\s?([a-z])(?![a-zà-ÿ]))?(?![\d:])"
    r"(?:\s*(?:,\s*)?(?:bus|bs|b|bte|boîte|app\.?|/|-)\s*([a-z]?\d{1,4}(?:\.\d{1,3})?[a-z]?|[a-z])\b)?",
    re.IGNORECASE,
)


def _street_before(words: list[str]) -> str | None:
    """The street name: the run of street-like words right before the house number."""
    run: list[str] = []
    # Typed without capitals ("koningin astridlaan 77"): the words before a street-like word belong to it.
    lower_case = not any(word[:1].isupper() for word in words)
    for word in reversed(words):
        bare = word.strip(",.:;()")
        lowered = bare.lower()
        if not bare or (word.endswith(",") and run):
            break
        street_like = (
            bool(_STREET_SUFFIX.search(lowered))
            or bare[:1].isupper()
            or (lowered in _STREET_CONNECTORS and bool(run))
            or (
                lower_case
                and bool(run)
                and _STREET_SUFFIX.search(run[-1].lower()) is not None
                and bare.isalpha()
                and lowered not in _NOT_STREET_WORDS
            )
        )
        if not street_like and not (not run and len(words) == 1):
            break
        run.insert(0, bare)
        if len(run) == 5:
            break
    # "in de Kerkstraat" → Kerkstraat; a capitalised connector belongs to the name ("Ter Platen", "De Keyserlei"),
    # and so does a "van" that opens the message ("van Speijkstraat 88").
    while run and run[0] in _STREET_CONNECTORS - {"sint"} and not (run[0] == "van" and len(run) == len(words)):
        run.pop(0)
    if not run or not re.search(r"[A-Za-zÀ-ÿ]{3}", " ".join(run)) or fold(" ".join(run)) in _NUMBER_WORDS:
        return None
    street = " ".join(run)
    return street[:1].upper() + street[1:]


# Words that name a number of the address, never a street: "bus 3" is a box, "nummer 12" a house number.
_NUMBER_WORDS = {
    "bus", "bs", "bte", "boîte", "busnummer", "toevoeging", "huisnummertoevoeging", "nummer", "huisnummer", "nr",
    "app", "appartement", "postcode", "postnummer", "gewoon", "enkel", "alleen",
}  # fmt: skip


_NOT_STREET_WORDS = {
    "ik",
    "we",
    "wij",
    "woon",
    "wonen",
    "woont",
    "in",
    "op",
    "naar",
    "adres",
    "mijn",
    "ons",
    "is",
    "wordt",
    "verhuisd",
    "verhuizen",
    "vanaf",
    "sinds",
    "per",
    "te",
    "aan",
    "het",
    "nu",
    "straat",
    "de",
    "den",
    "euh",
    "eh",
    "ehm",
    "uhm",
    "nou",
    "ja",
    "dus",
    "ok",
    "oke",
    "allee",
    "awel",
}


def _city_after(text: str, after_postcode: bool = False) -> str | None:
    """A city named after the number or postcode: "…, Utrecht", "… in Hilversum", "… te Brugge". Right after
    a postcode it is the city even when it ends like a street (Rotterdam, Sint-Amandsberg, Den Bosch)."""
    match = re.match(
        r"[\s,]*(?:(?:in|te)\s+)?([A-Za-zÀ-ÿ'][\w'À-ÿ-]*(?:\s+(?:[A-ZÀ-Ý][\w'À-ÿ-]*|aan|op|den|de|bij)){0,3})", text
    )
    if not match:
        return None
    city = _clean_city(match[1])
    if not city or (_STREET_SUFFIX.search(city.lower()) and not after_postcode) or fold(city.split()[0]) in _NOT_CITY:
        return None
    return city


_NOT_CITY = {
    "postcode",
    "adres",
    "bus",
    "nummer",
    "nr",
    "vanaf",
    "sinds",
    "per",
    "en",
    "dus",
    "dat",
    "maar",
    "ik",
    "we",
    "belgië",
    "belgie",
    "nederland",
    "holland",
    "het",
    "de",
    "op",
    "bij",
    "weet",
    "nog",
    "postcode:",
}


# "Het adres wordt Langestraat", "ik woon nu in de Kerkstraat": the words that only lead to the street
_STREET_LEAD_IN = re.compile(
    r"^\s*(?:(?:(?:het|mijn|ons|de)\s+)?(?:nieuwe\s+)?(?:adres|straat|straatnaam)\s*(?:wordt|is|zal\s+zijn|:)"
    r"|(?:ik\s+woon|we\s+wonen|wij\s+wonen|ik\s+verhuis|we\s+verhuizen)\s+(?:nu\s+|straks\s+)?(?:in|op|aan|naar)"
    r"|(?:dat|het)\s+(?:is|wordt))\s+",
    re.IGNORECASE,
)


def find_address(text: str) -> dict[str, str]:
    """The parts of an address a message holds: street, house_number, box, postcode, city, country."""
    parts: dict[str, str] = {}
    postcode, span = _postcode_in_address(text)
    rest = text
    if postcode:
        parts["postcode"] = postcode
        city = _city_after(text[span[1] :], after_postcode=True)
        if city:
            parts["city"] = city
        rest = text[: span[0]] + " " * (span[1] - span[0]) + text[span[1] :]
    numbered = _street_and_number(rest)
    alone = re.fullmatch(r"\s*((?:[\w'-]+\s+){0,3}[\w'-]+)\s*[.!]?\s*", _STREET_LEAD_IN.sub("", text))
    if not numbered and not postcode and alone and _STREET_SUFFIX.search(alone[1].lower()):
        street = re.sub(r"^(?:de|het|in de|op de)\s+(?=\S+\s*\S)", "", alone[1], flags=re.I)  # "de Grote Markt"
        return {"street": street[:1].upper() + street[1:]}  # only the street, when that is what was asked
    if numbered:
        street, match = numbered
        parts["street"] = street
        parts["house_number"] = match[1] + (match[2] or "").upper()
        box = match[3] or _box_said(rest[match.end() :])
        if box:
            parts["box"] = box.upper()
        if "city" not in parts:
            city = _city_after(rest[match.end() :].lstrip())
            if city:
                parts["city"] = city
    if "city" not in parts and parts:
        named = re.search(
            r"\b(?:in|te)\s+([A-ZÀ-Ý][\w'À-ÿ-]*(?:\s+[A-ZÀ-Ý][\w'À-ÿ-]*){0,2}|[a-zà-ÿ][\w'à-ÿ-]{2,})", rest
        )
        if named and fold(named[1]) not in _NOT_CITY:
            parts["city"] = named[1][:1].upper() + named[1][1:]
    if "city" in parts:
        parts["city"] = spelled_place(parts["city"])
    country = find_home_country(text if not postcode else f"{text} {postcode}")
    if country:
        parts["country"] = country
    return parts


_DATE_AFTER_NUMBER = re.compile(rf"\s*(?:ste|de|e)?\s*(?:van\s+)?(?:{_MONTH})\b", re.IGNORECASE)


def _street_and_number(text: str) -> tuple[str, re.Match[str]] | None:
    """The street with its house number in a sentence: "Vanaf 1 december woon ik in de Kerkstraat 14" is the
    Kerkstraat, not "Vanaf 1". A number followed by a month is a date; a street whose name ends like one
    (-straat, -laan, -weg …) wins over a capitalised word that merely precedes a number."""
    best: tuple[int, str, re.Match[str]] | None = None
    for match in _HOUSE_NUMBER.finditer(text):
        if _DATE_AFTER_NUMBER.match(text[match.end(1) :]):
            continue
        street = _street_before(text[: match.start()].split())
        if not street:
            continue
        rank = 1 if _STREET_SUFFIX.search(street.lower()) else 0
        if best is None or rank > best[0]:
            best = (rank, street, match)
    return (best[1], best[2]) if best else None


def _box_said(text: str) -> str | None:
    """The box after its word: Belgian "bus 3", Dutch "toevoeging B" / "huisnummertoevoeging 2"."""
    folded = fold(text)
    match = re.search(
        r"\b(?:bus|(?:huisnummer)?toevoeging)\s*(?:is\s+|nummer\s+|nr\.?\s*)?([a-z]?\d{1,4}(?:\.\d{1,3})?[a-z]?|[a-z])\b",
        folded,
    )
    floor = re.search(r"\b(\d{1,2})\s*(?:hoog|hg)\b", folded)  # Dutch "88, 2 hoog": the floor is the flat's number
    return match[1] if match else floor[1] if floor else None


def _a_word_after_a_number(text: str, postcode: re.Match[str]) -> bool:
    """ "9000 en daarna", "3000 km", "2000 op de teller": a word after a number, not the letters of a Dutch
    postcode ("3818EN", "3818 EN", or "3818 en" as the whole answer; "km" is always the unit)."""
    letters = postcode[2]
    return letters.lower() == "km" or (
        re.fullmatch(r"en|op|in|of|er|te|de|bu", letters, re.I) is not None
        and letters.islower()
        and text[postcode.start(2) - 1].isspace()
        and re.search(r"\w", text[postcode.end() :]) is not None
    )


def _postcode_in_address(text: str) -> tuple[str | None, tuple[int, int]]:
    nl = _NL_POSTCODE.search(text)
    if nl and nl[2].upper() not in ("SA", "SD", "SS") and not _a_word_after_a_number(text, nl):
        return f"{nl[1]} {nl[2].upper()}", nl.span()
    candidates = []
    for candidate in _BE_POSTCODE.finditer(text):
        before = text[: candidate.start()]
        if re.search(r"(?:bus|nr\.?|nummer|b)\s*$", before, re.I):
            continue
        candidates.append(candidate)
    # the postcode is the last four-digit number: house numbers come before it
    for candidate in reversed(candidates):
        if len(candidates) == 1 or re.search(r"[a-zà-ÿ]{3,}", text[candidate.end() : candidate.end() + 30], re.I):
            return candidate[1], candidate.span()
    return None, (0, 0)


def find_house_number(text: str) -> dict[str, str] | None:
    """A house number with its box: "12", "12A", "12 bus 3", "101/3", "12-2", "twaalf"."""
    folded = with_digits(fold(text))
    match = _HOUSE_NUMBER.search(folded)
    if not match:
        return None
    result = {"house_number": match[1] + (match[2] or "").upper()}
    letter = re.match(r"\s*,?\s*(?:met\s+)?(?:huisnummer)?toevoeging\s*(?:is\s+)?([a-z])\b", folded[match.end() :])
    if letter and not match[2] and not match[3]:  # Dutch "9, toevoeging A": the house letter, 9A
        result["house_number"] += letter[1].upper()
        return result
    box = match[3] or _box_said(folded[match.end() :])
    if box:
        result["box"] = box.upper()
    return result


_NO_BOX = re.compile(
    rf"^(?:{NO_WORD}|no|nop|nope|geen|geen bus|geen busnummer|niet|nvt|n\.v\.t\.?|-|/|zonder|heb ik niet|is er niet|"
    r"er is geen|er is geen bus|nee geen|neen geen|nee hoor|geen bus nee|gewoon een huis|nee, het is een huis)\b"
)


_ONLY_THE_NUMBER = re.compile(r"\b(?:gewoon|enkel|alleen|maar)\s+(?:(?:huis)?(?:nummer|nr)\s*)?\d")


def find_box(text: str) -> str | None:
    """A box ('bus') number, or '' when the customer says there is none."""
    folded = with_digits(fold(text)).strip(" .!")
    if DONT_KNOW.search(folded) or re.search(r"\b(?:nog niet|later)\b", folded):
        return None
    if _NO_BOX.match(folded) and _ONLY_THE_NUMBER.search(folded):
        return ""  # "nope, gewoon nummer 8", "nee geen toevoeging, gewoon 27A": the house number repeated, no box
    if not re.search(r"\d", folded) and (
        _NO_BOX.match(folded) or re.search(r"\bgeen\s+bus", folded) or find_yes_no(folded) is False
    ):
        return ""
    said = _box_said(folded)
    if said:
        return said.upper()
    match = re.search(r"(?:\bbus|\bb|/|nummer|nr\.?)?\s*([a-z]?\d{1,4}(?:\.\d{1,3})?[a-z]?)\b", folded)
    if match:
        return match[1].upper()
    bare = re.fullmatch(r"\s*(?:bus\s*)?([a-z])\s*", folded)
    return bare[1].upper() if bare else None


# --- free text --------------------------------------------------------------------------------------------

_PLACE_LINKS = r"van|in|te|bij|aan|naar|op|tussen|richting|ter hoogte van|vlak bij|vlakbij|naast"
_LOCATION = re.compile(
    r"\b(?i:op|in|aan|bij|voor|naast|langs|achter|tegenover|onder|ter hoogte van|vlakbij|vlak bij|thuis)\b"
    r"(?P<place>\s+(?:de|het|een|mijn|onze|m'n|mn|'t|den|t)?\s*"
    r"(?:parking|parkeerplaats|parkeergarage|garage|oprit|straat|snelweg|autosnelweg|ring|rotonde|kruispunt|"
    r"werk|kantoor|school|winkel|supermarkt|station|carport|centrum|tankstation|pompstation|"
    r"[a-zà-ÿ]*(?:straat|laan|weg|steenweg|plein|baan|dreef|lei|kaai|gracht|singel|dijk|markt)|"
    r"[A-Z][\w'-]+(?:\s+(?!(?:Ik|We|Wij|Hij|Zij|Ze|Het|De|En|Maar|Toen|Dus|Er|Mijn)\b)[A-Z][\w'-]+)*|"
    r"e\d{1,3}|a\d{1,3}|r\d)"
    rf"(?:,?\s+(?:{_PLACE_LINKS})\s+(?:de\s+|het\s+)?[\w'-]+(?:\s+[A-Z][\w'-]+)*)*)",
)
_HOME = re.compile(r"\b(?:thuis|voor de deur|voor mijn deur|voor ons huis|op mijn oprit|op de oprit)\b")


def find_location(text: str) -> str | None:
    """Where something happened, when a message says it ("op de parking van de Colruyt", "op de E40")."""
    home = _HOME.search(fold(text))
    match = _LOCATION.search(text) or _LOCATION.search(fold(text))
    if match:
        place = match["place"].strip(" ,.!?")
        place = re.sub(r"^(?:de|het|een|mijn|onze|m'n|mn|'t|den|t)\s+", lambda m: m[0], place)
        return place
    if home:
        return home[0]
    return None


_TRAILING = re.compile(
    r"[\s,.;!?]+(?:(?:dank|merci|bedankt|alvast|aub|a\.u\.b|graag|hoor|he|hé|pls|hier|voluit|dus|natuurlijk|uiteraard)\b.*)?$",
    re.I,
)


_NOT_A_NAME = {
    "ik", "je", "jij", "u", "het", "dat", "weet", "niet", "waarom", "moet", "jullie", "toch", "al", "klant", "mijn",
    "vrouw", "man", "zoon", "dochter", "moeder", "vader", "broer", "zus", "bedrijf", "ons", "onze", "zij", "hij",
    "betaalt", "staat", "eerst", "naam", "gezamenlijke", "rekening", "maar", "zijn", "voorlopig", "en", "dus", "is",
    "nog", "een", "waar", "hier", "daar", "die", "we", "wij", "de", "gemeente", "natuurlijk", "beslist", "dorp",
    "dorpke", "tussen", "ge", "kent", "da", "ni", "zelfde", "als", "nu", "woon", "wonen", "zelf", "mezelf", "ikzelf",
    "partner", "echtgenote", "echtgenoot", "schoonmoeder", "da's", "dat's", "zeg", "op", "van", "te", "in",
    "wat", "wie", "hoe", "geen", "idee", "moeten", "weten", "ben", "heet", "noem", "mij", "me", "graag", "ja",
    "firma", "vraag", "naar", "anoniem", "liever", "vriend", "vriendin", "collega", "buurman", "buurvrouw", "bel",
    "voor",
}  # fmt: skip
_TITLES = re.compile(
    r"^(?:mevrouw|mevr\.?|meneer|mijnheer|mr\.?|dhr\.?|de heer|mw\.?|madame|monsieur|dokter|dr\.?)\s+", re.I
)


def _name_like(segment: str) -> int:
    """How many words of a short segment could be part of a name (0 when one cannot)."""
    words = re.findall(r"[\wÀ-ÿ'.-]+", segment)
    if not words or len(words) > 6:
        return 0
    joined = {"en"} if sum(word[:1].isupper() for word in words) >= 2 else set()  # "Thomas en Anouk Jansen"
    if any(fold(word) in _NOT_A_NAME - {"de", "van", "te", "op", "in"} - joined for word in words):
        return 0
    return len(words)


# "we zijn verhuisd naar Brugge, …", "we wonen nu in utrecht, …", "we gaan in Mechelen wonen"
_MOVED_TO = re.compile(
    r"(?i:\b(?:verhuis\w*|wonen|woon|gaan|trekken)\b[^,.;]*?\b(?:naar|in|te))\s+"
    r"((?:'s-)?[\wÀ-ÿ-]+(?:\s+[A-ZÀ-Ý][\wÀ-ÿ-]+)?)"
)


PLACES_FILE = Path(__file__).with_name("data") / "places_be_nl.tsv"  # scripts/extract_places.py
PLACE_LIKENESS = 0.85  # "kortijk" → Kortrijk (0.93), "nijmegan" → Nijmegen (0.88); "Melle" stays Melle


@cache
def _places() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Belgian and Dutch place names: every known spelling (folded → as written), and the places' own names by
    first letter. A slip is corrected toward the own names only: the alternate names hold transliterations
    ("Utreht") as well as the Dutch forms ("Antwerpen" for Antwerp), which are known but no target."""
    spellings: dict[str, str] = {}
    names: dict[str, dict[str, str]] = {}
    for line in PLACES_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, kind = line.split("\t")
            folded = fold(name)
            spellings.setdefault(folded, name)
            if kind == "name":
                names.setdefault(folded[:1], {}).setdefault(folded, name)
    return spellings, names


def spelled_place(city: str) -> str:
    """A Belgian or Dutch place as it is written ("kortrijk" → "Kortrijk", "mechlen" → "Mechelen"); a name
    that is no known place, or is not close enough to one, as given."""
    spellings, names = _places()
    folded = fold(city)
    for spelling in (folded, folded.replace(" ", "-")):  # "heist op den berg"
        if spelling in spellings:
            return spellings[spelling]
    words = folded.split()
    for end in range(len(words) - 1, 0, -1):  # "tilburg nl", "oostende aan zee", "Elsene eigenlijk"
        if " ".join(words[:end]) in spellings:
            return spellings[" ".join(words[:end])]
    if len(folded) < 5:
        return city
    same_letter = names.get(folded[:1], {})
    near = get_close_matches(folded, same_letter, n=1, cutoff=PLACE_LIKENESS)
    return same_letter[near[0]] if near else city


def find_city(text: str) -> str | None:
    """A municipality named in a short answer ("in Leuven", "de gemeente is Sint-Niklaas", "9000 Gent")."""
    address = find_address(text)
    if address.get("city"):
        return address["city"]
    cleaned = re.sub(
        r"^\s*(?:(?:ik\s+(?:woon|verhuis|ga wonen|ben verhuisd|woon nu|zit)|(?:we|wij)\s+(?:wonen|verhuizen|zitten)|nu|"
        r"voor|dat is|het is|"
        r"het wordt|dat wordt|de gemeente is|(?:de\s+)?(?:gemeente|stad)|in de (?:gemeente|stad)|in|te|naar|gewoon|"
        r"officieel|eigenlijk|is het|"
        r"nog steeds|nog altijd|"
        r"ook)\s+)+",
        "",
        text.strip(),
        flags=re.I,
    )
    cleaned = re.sub(r"\s+(?:nog|ook|hoor|he|hé|zelf|eigenlijk|stad|centrum)\s*[.!]*$", "", cleaned, flags=re.I)
    segments = [
        _TRAILING.sub("", segment).strip(' .!?"')
        for segment in re.split(r"\s*(?:[,;(:]|\bdus\b|\bwant\b|\bmaar\b|\bwaar\b)\s*", cleaned)
    ]
    cleaned = segments[0]
    if not (cleaned and len(cleaned.split()) <= 5 and _name_like(cleaned)) and not _MOVED_TO.search(text):
        # "de gemeente waar ik woon, Mortsel": a later part that reads as a name
        cleaned = next((seg for seg in segments if seg and len(seg.split()) <= 5 and _name_like(seg)), cleaned)
    cleaned = cleaned if re.match(r"'s[- ]", cleaned, re.I) else cleaned.strip("'")  # 's-Hertogenbosch
    if DONT_KNOW.search(fold(text)):
        return None
    if not cleaned or len(cleaned.split()) > 5 or not _name_like(cleaned):
        moved = _MOVED_TO.search(text)  # a whole sentence: the place after "verhuisd naar", "wonen in"
        cleaned = (_clean_city(moved[1]) or "") if moved else ""
        if not cleaned or fold(cleaned.split()[0]) in _NOT_CITY:
            return None
    city = cleaned
    city = re.sub(r"^(?:st|st\.)[\s-]", "Sint-", city, flags=re.I)
    return spelled_place(city[:1].upper() + city[1:])


_RELATION = re.compile(
    r"^\s*(?:van\s+)?(?:mijn|m'n|mn|onze|ons)\s+(?:vrouw|man|echtgenote|echtgenoot|partner|dochter|zoon|moeder|"
    r"vader|broer|zus|vriendin|vriend|schoonmoeder|schoonvader)\s*[,:]?\s*(?=[A-ZÀ-Ý])"
)


def _without_end_punctuation(segment: str) -> str:
    """Quotes, end punctuation and a closing "hoor" or "bedankt" off; the dots of an abbreviation kept ("Vries
    Advies B.V.")."""
    stripped = _TRAILING.sub("", segment.strip(" .!?\"'")).strip(" .!?\"'")
    if re.search(r"\b[A-Z](?:\.[A-Z])+$", stripped) and segment.rstrip(" !?\"'").endswith("."):
        return stripped + "."
    return stripped


_CAPITALISED = r"[A-ZÀ-Ý][\wÀ-ÿ'-]+"
_FAMILY_NAME = re.compile(
    rf"(?:(?:[Vv]an|[Dd]e|[Dd]en|[Dd]er|[Tt]er|[Tt]en|[Vv]ande[nr]?|[Ll]e|[Ll]a)\s+)*"
    rf"{_CAPITALISED}"
)


def find_name(text: str) -> str | None:
    """A person's or company's name in a short answer ("op naam van mijn vrouw, Els Van Damme", "Dhr. Koen Maes")."""
    if DONT_KNOW.search(fold(text)):
        return None
    cleaned = re.sub(
        r"^\s*(?:zeg maar|mijn naam is|ik ben|ik heet|met|u spreekt met|dit is|dees is|het is|dat is|dat ben ik|"
        r"(?:zet|schrijf|noteer|doe)(?: het| er)? maar(?: op)?|gewoon|(?:de\s+)?(?:rekening)?houder(?: is)?|"
        r"(?:de\s+)?titularis(?: is)?|"
        r"vraag (?:maar )?naar|"
        r"noem (?:me|mij)(?: maar| gewoon)?)\s*[,:]?\s*",
        "",
        text.strip(),
        flags=re.I,
    )
    cleaned = re.sub(
        r"^\s*(?:(?:die|de rekening|het|ze|deze)\s+)?(?:staat\s+)?(?:nog\s+)?(?:op\s+)?"
        r"(?:(?:de\s+)?naam\s+van|op mijn naam|naam)\s*[:,]?\s*",
        "",
        cleaned,
        flags=re.I,
    )
    cleaned = re.sub(r"^\s*(?:(?:die|de rekening|het|ze|deze)\s+)?staat\s+(?:nog\s+)?op\s+", "", cleaned, flags=re.I)
    cleaned = _RELATION.sub("", cleaned)  # "mijn dochter Lotte Peeters": the name, not who she is
    parts = re.split(r"[,:;()]|\s+-\s+|\bdat is\b|\bzij\b|\bhij\b|\bwant\b|\bomdat\b", cleaned)
    parts = [re.sub(r"^\s*(?:heet|heten|noemt)\s+", "", part) for part in parts]  # "…, hij heet Bram Peeters"
    segments = [_without_end_punctuation(_TITLES.sub("", segment.strip())) for segment in parts]
    segments = [segment for segment in segments if segment]
    if len(segments) == 2 and _FAMILY_NAME.fullmatch(segments[0]) and re.fullmatch(_CAPITALISED, segments[1]):
        segments = [f"{segments[1]} {segments[0]}"]  # "Wouters, Tine", "De Wilde, Stijn": family name first
    best = max(segments, key=_name_like, default="")
    if not _name_like(best):
        return None
    words = best.split()
    return " ".join(word if any(ch.isupper() for ch in word) or word == "en" else word.capitalize() for word in words)


def respelled_name(text: str) -> str | None:
    """The name with one word re-spelled as the correction's first word, when that word is nearly the same
    ("Bart Jansens, nee Janssens met dubbel s" → "Bart Janssens"); None when it is not a re-spelling."""
    correction = _first_correction(text)
    if correction is None:
        return None
    name = find_name(text[: correction.start()])
    first = re.match(r"\s*([^\W\d_][\w'-]+)", text[correction.end() :])
    if not name or not first:
        return None
    words = name.split()
    likeness = [SequenceMatcher(None, word.lower(), first[1].lower()).ratio() for word in words]
    closest = max(range(len(words)), key=likeness.__getitem__)
    if words[closest].lower() == first[1].lower() or likeness[closest] < 0.75:
        return None
    words[closest] = first[1][:1].upper() + first[1][1:]
    return " ".join(words)


def find_place(text: str) -> str | None:
    """Where it happened, as the customer says it when asked ("op de E40 richting Brussel" → "E40 richting Brussel")."""
    folded = fold(text)
    if DONT_KNOW.search(folded) or _NOTHING_GIVEN.match(folded):
        return None
    cleaned = re.sub(
        r"^\s*(?:het was|dat was|het gebeurde|gebeurd)?\s*(?:op|in|aan|bij)?\s*(?:de|het|een)?\s+",
        "",
        " " + text.strip(),
    )
    cleaned = cleaned.strip(" .!?")
    return cleaned if len(cleaned) >= 2 and re.search(r"[A-Za-zÀ-ÿ0-9]{2}", cleaned) else None


def find_description(text: str) -> str | None:
    """What happened: a few words of the customer's own (not "ja", "weet ik niet" or "hoe bedoelt u?");
    "nen deuk in de deur, geen idee van wie" is a description that holds a shrug."""
    folded = fold(text)
    if (
        _NOTHING_GIVEN.match(folded)
        or find_damage_kind(text) in (None, "other")
        and (len(text.split()) < 2 or _only_a_shrug(folded))
    ):
        return None
    return text.strip()


_SHRUG_OPENING = re.compile(
    rf"\W*(?:{DONT_KNOW.pattern}|(?:wat|wa) (?:moet|moe) (?:ik|k) (?:hier )?(?:zeggen|invullen))"
)


def _only_a_shrug(folded: str) -> bool:
    """A shrug and why ("geen idee, ik heb het nog niet bekeken", "kweenie, ik was er zelf niet bij"), not a
    shrug before what happened ("weet niet goed, iemand heeft mijn spiegel eraf gereden")."""
    shrug = _SHRUG_OPENING.match(folded)
    return bool(shrug) and (
        not re.search(r"\w", folded[shrug.end() :]) or bool(re.search(r"\b(?:niet|nie|geen)\b", folded[shrug.end() :]))
    )


_WHEN_WORDS = re.compile(
    r"(?:\b(?:maan|dins|woens|donder|vrij|zater|zon)dag|ochtend|middag|avond|morgen|nacht)\w*|"
    r"\b(?:vandaag|week|weekend|na|voor|tussen|vanaf|rond|om|uur|uurtje|maakt niet uit|om het even|vroeg|laat|"
    r"altijd|wanneer|liefst|best|heel de dag|hele dag|direct|nu|meteen|zo snel|asap|lunch|werkuren|kantooruren)\b"
)


def find_callback_time(text: str) -> str | None:
    """When the customer wants to be called, as they said it, when it names a moment or 'any time'."""
    folded = fold(text)
    if DONT_KNOW.search(folded) or re.search(r"\b(?:zie ik nog|laat ik nog weten|nog niet|later beslissen)\b", folded):
        return None
    return text.strip() if _WHEN_WORDS.search(folded) or find_time(text) else None


def find_reason(text: str) -> str:
    """An optional reason; a refusal to give one ("zeg ik liever niet", "geen reden") is no reason ('')."""
    folded = fold(text).strip(" .!")
    refusals = (
        r"\b(?:geen|liever niet|gaat u niet aan|gaat je niet aan|niks|niets|nvt|n\.v\.t|privé|prive|persoonlijk)\b"
    )
    if len(folded.split()) <= 6 and re.search(refusals, folded) or _NOTHING_GIVEN.match(folded):
        return ""
    return text.strip()


_REPORT_PART = r"(?:[A-Z]{1,3}|(?=[\w./\-]*\d)[A-Za-z0-9][\w./\-]*)"  # a code (GE, AN) or a group with digits
_REPORT_GROUPS = re.compile(rf"(?<![\w./-]){_REPORT_PART}(?:[ .]{_REPORT_PART})*(?![\w/-])")


def find_police_report(text: str) -> str | None:
    """A police report (proces-verbaal) number: the longest run of code groups with at least four digits, as
    written ("GE.12.L3.012345/2026", "GE 21 L1 998877/2026", "2026 322 010"); after a correction, the new one."""
    corrected = after_last_correction(text)
    text = corrected if _digit_count(corrected) >= 4 else text
    runs = [re.sub(r"^(?:PV|NR|PL)\s+", "", run.strip(" .")) for run in _REPORT_GROUPS.findall(text)]
    numbered = [run for run in runs if _digit_count(run) >= 4]
    return max(numbered, key=_digit_count) if numbered else None


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def country_name(code: str) -> str:
    """The Dutch name of a country code, as the summary shows it."""
    dutch = {alias_code: alias for alias, alias_code in COUNTRY_ALIASES.items() if "-" not in alias}
    preferred = {"BE": "België", "NL": "Nederland", "GB": "Verenigd Koninkrijk", "TR": "Turkije", "IT": "Italië"}
    if code in preferred:
        return preferred[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"], fallback=True)
    name = translation.gettext(country.name)
    return name if name != country.name else dutch.get(code, name).capitalize()


EXPLICIT_CORRECTION = re.compile(
    r"\b(?:sorry|pardon|oei|oeps|wacht|correctie|ik bedoel|foutje|typfout|typo|tikfout|typefout|vergissing|excuses|"
    r"excuseer|excuus|vergis|vergist)\b"
)
EXPLICIT_WITHIN = 4  # words: "neeneen sorry, …", "o nee wacht, …" — not "nee, er was niemand, het was het weer"


# A slip named anywhere in the message: "ik heb twee cijfers verwisseld, het moet 56240 zijn", "fout getypt".
_SLIP_NAMED = re.compile(
    r"\b(?:(?:cijfers|getallen|letters|nummers)\b(?:\s+\w+){0,3}?\s+(?:verwisseld|omgedraaid|omgewisseld|"
    r"door elkaar)|(?:verwisseld|omgedraaid|omgewisseld)\b(?:\s+\w+){0,2}?\s+(?:cijfers|getallen|letters)|"
    r"(?:verkeerd|fout)\s+(?:getypt|ingetypt|ingegeven|ingevuld|doorgegeven|gezegd|genoteerd|overgetypt)|"
    r"(?:me|mij)\s+(?:vergist|vertypt|versproken)|vertypt)\b"
)


def correction_in(text: str) -> str | None:
    """ "explicit" when the message opens with a correction and says so ("neeneen sorry, het was donderdag") or
    names the slip ("ik heb twee cijfers verwisseld, …"), "yes" for an opening "nee" that may just as well
    answer a yes/no question, None otherwise."""
    if not opens_with_correction(text):
        return "explicit" if _SLIP_NAMED.search(fold(text)) else None
    opening = " ".join(fold(text).split()[:EXPLICIT_WITHIN])
    return "explicit" if EXPLICIT_CORRECTION.search(opening) else "yes"


def opens_with_correction(text: str) -> bool:
    """ "nee wacht, het was woensdag", "sorry typfout, …": the customer corrects what they said before."""
    return bool(
        re.match(
            rf"\W*(?:o+h?\s+)?(?:{NO_WORD}|sorry|pardon|oei|oeps|wacht|correctie|ik bedoel|foutje|typfout|typo|tikfout|"
            r"typefout|vergissing|excuses|excuseer|excuus|ik heb mij vergist|ik vergis mij|klopt niet)\b",
            fold(text),
        )
    )


_EVENT = re.compile(
    r"\b(?:(?:ik|we|wij)\s+(?:heb|hebben|ben|zijn|had|was|reed|reden|stond|stonden|zag|zagen|merkte|merkten|kwam|"
    r"kwamen|startte|parkeerde|ontdekte|vond)|toen ik|(?:mijn|mn|m'n|onze|de)\s+(?:auto|wagen|leaseauto|leasewagen|"
    r"ruit|voorruit|spiegel|bumper)\s+(?:is|werd|was|heeft)|(?:iemand|er|ze|die|hij)\s+(?:is|heeft|hebben|was|reed|"
    r"gooide)|(?:reed|kwam|botste|knalde|gooide|viel|sloeg|ramde)\s+(?:iemand|er|een|ne|nen|die|hij|ze)|kheb|gisteren|"
    r"gister\w*|vannacht|vanmorgen|vanochtend|eergisteren|vorige week|brandweer|geblust|er\s+(?:zit|zitten)|"
    r"(?:marter|hert|ree|everzwijn|vos|beest|dier)\w*\s+(?:heeft|is|was|sprong|liep|kwam)|"
    r"(?:stond|stonden|vloog|schoot|is|was)\s+(?:\w+\s+){0,3}in brand)\b"
)


def find_event(text: str) -> str | None:
    """A story of something that happened to the customer's car (not a general question about damage):
    a story (see find_story) told as an event ("ik heb…", "iemand is…", "gisteren")."""
    story = find_story(text)
    return story if story and _EVENT.search(fold(text)) else None


def find_story(text: str) -> str | None:
    """The customer's own account of what happened, when a message tells one (kind words and some length)."""
    if len(text.split()) < 7 or find_damage_kind(text) in (None, "other"):
        return None
    return text.strip()
