"""Dutch date phrases as customers type them, relative to the API clock's date.

dateparser covers most phrases ("3 maart", "gisteren", "3 dagen geleden"); what it misses or gets
wrong for Belgian customers is handled here first: "eergisteren", "vorige vrijdag", bare weekdays and
"12/11" (day/month, Belgian order, year chosen by whether a past or future date is expected).
"""

import re
from datetime import date, datetime, timedelta
from typing import Literal

import dateparser

Direction = Literal["any", "past", "future"]

WEEKDAYS = {
    "maandag": 0,
    "ma": 0,
    "dinsdag": 1,
    "di": 1,
    "woensdag": 2,
    "wo": 2,
    "donderdag": 3,
    "do": 3,
    "vrijdag": 4,
    "vr": 4,
    "zaterdag": 5,
    "za": 5,
    "zondag": 6,
    "zo": 6,
}
RELATIVE_DAYS = {
    "vandaag": 0,
    "vanochtend": 0,
    "vanmorgen": 0,
    "vanmiddag": 0,
    "vanavond": 0,
    "vannacht": 0,
    "gisteren": -1,
    "gister": -1,
    "gisterenavond": -1,
    "gisteravond": -1,
    "eergisteren": -2,
    "morgen": 1,
    "overmorgen": 2,
}
PAST_WORDS = ("vorige", "vorig", "afgelopen", "laatste", "verleden")
FUTURE_WORDS = ("volgende", "komende", "aanstaande", "eerstvolgende")

_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEKDAY_PHRASE = re.compile(r"^(?:(?P<mod>[a-z]+)\s+)??(?P<day>[a-z]+)(?:\s+(?P<suffix>ll|laatstleden|jongstleden))?$")
_TIME_LIKE = re.compile(r"^\d{1,2}\s*(?:u|h|:|uur)\s*\d{0,2}$")


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _weekday(phrase: str, today: date, direction: Direction) -> date | None:
    match = _WEEKDAY_PHRASE.match(phrase)
    if not match or match["day"] not in WEEKDAYS:
        return None
    target = WEEKDAYS[match["day"]]
    modifier = match["mod"]
    if modifier is not None and modifier not in PAST_WORDS + FUTURE_WORDS:
        return None
    implied_past = modifier is None and direction != "future"
    past = modifier in PAST_WORDS or match["suffix"] is not None or implied_past
    if past:
        # "vorige vrijdag" on a Saturday is yesterday; on a Friday it is a week ago.
        delta = (today.weekday() - target) % 7 or 7
        return today - timedelta(days=delta)
    delta = (target - today.weekday()) % 7 or 7
    return today + timedelta(days=delta)


def _numeric(phrase: str, today: date, direction: Direction) -> date | None:
    match = _NUMERIC.match(phrase)
    if not match:
        return None
    day, month = int(match[1]), int(match[2])
    if match[3]:
        year = int(match[3])
        year += 2000 if year < 100 else 0
        return _safe_date(year, month, day)
    candidate = _safe_date(today.year, month, day)
    if candidate is None:
        # 29/2 outside a leap year: try the neighbouring year in the expected direction.
        year = today.year - 1 if direction == "past" else today.year + 1
        return _safe_date(year, month, day)
    if direction == "past" and candidate > today:
        return _safe_date(today.year - 1, month, day)
    if direction == "future" and candidate < today:
        return _safe_date(today.year + 1, month, day)
    return candidate


def parse_dutch_date(text: str, today: date, direction: Direction = "any") -> date | None:
    """The date meant by `text`, or None when it cannot be read as a date."""
    phrase = " ".join(text.strip().lower().replace(",", " ").split())
    if not phrase or len(phrase) > 60:
        return None
    iso = _ISO.match(phrase)
    if iso:
        return _safe_date(int(iso[1]), int(iso[2]), int(iso[3]))
    if phrase in RELATIVE_DAYS:
        return today + timedelta(days=RELATIVE_DAYS[phrase])
    for parser in (_weekday, _numeric):
        found = parser(phrase, today, direction)
        if found is not None:
            return found
    if _TIME_LIKE.match(phrase) or not re.search(r"[a-z]", phrase):
        return None
    prefer = {"past": "past", "future": "future", "any": "current_period"}[direction]
    parsed = dateparser.parse(
        phrase,
        languages=["nl"],
        settings={
            "DATE_ORDER": "DMY",
            "PREFER_DATES_FROM": prefer,
            "RELATIVE_BASE": datetime.combine(today, datetime.min.time()),
            "REQUIRE_PARTS": ["day"],
            "STRICT_PARSING": False,
        },
    )
    return parsed.date() if parsed else None
