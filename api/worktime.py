"""Belgian working time: working days, working hours, chat opening hours and Dutch date phrases.

A working day is Monday to Friday except Belgian public holidays (`holidays` package). "48 working
hours" counts only the hours of working days (24 per day, Europe/Brussels), so a request sent on
Friday 15:00 is due Tuesday 15:00 and one sent on Saturday is due Tuesday 24:00 (Wednesday 00:00).
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

BRUSSELS = ZoneInfo("Europe/Brussels")
CHAT_OPENS = time(9, 0)
CHAT_CLOSES = time(17, 0)
CHAT_HOURS_TEXT = "maandag tot en met vrijdag van 9.00 tot 17.00 uur (niet op feestdagen)"

DAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTH_NAMES = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


@lru_cache(maxsize=64)
def _belgian_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("BE", years=year, language="nl")


def holiday_name(day: date) -> str | None:
    return _belgian_holidays(day.year).get(day)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def add_working_days(day: date, count: int) -> date:
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def add_working_hours(start: datetime, hours: int) -> datetime:
    """`start` plus `hours` hours that fall on working days, in Brussels local time; returned in UTC."""
    local = start.astimezone(BRUSSELS)
    remaining = timedelta(hours=hours)
    day = local.date()
    cursor = local.replace(tzinfo=None)
    while True:
        if is_working_day(day):
            day_end = datetime.combine(day + timedelta(days=1), time(0))
            available = day_end - cursor
            if remaining <= available:
                return (cursor + remaining).replace(tzinfo=BRUSSELS).astimezone(UTC)
            remaining -= available
        day += timedelta(days=1)
        cursor = datetime.combine(day, time(0))


def local(instant: datetime) -> datetime:
    return instant.astimezone(BRUSSELS)


def dutch_date(day: date, *, with_year: bool = False) -> str:
    text = f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]}"
    return f"{text} {day.year}" if with_year else text


def dutch_datetime(instant: datetime) -> str:
    """ "maandag 23 november om 9:00" in Brussels time."""
    moment = local(instant)
    return f"{dutch_date(moment.date())} om {moment.hour}:{moment.minute:02d}"


def _opening(day: date) -> datetime:
    return datetime.combine(day, CHAT_OPENS, tzinfo=BRUSSELS)


def _closing(day: date) -> datetime:
    return datetime.combine(day, CHAT_CLOSES, tzinfo=BRUSSELS)


def chat_is_open(now: datetime) -> bool:
    moment = local(now)
    return is_working_day(moment.date()) and CHAT_OPENS <= moment.time() < CHAT_CLOSES


def next_chat_opening(now: datetime) -> datetime:
    """The next moment the chat opens (strictly after `now` unless it is closed right now)."""
    moment = local(now)
    day = moment.date()
    if is_working_day(day) and moment.time() < CHAT_OPENS:
        return _opening(day).astimezone(UTC)
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return _opening(day).astimezone(UTC)


def chat_closes_at(now: datetime) -> datetime | None:
    return _closing(local(now).date()).astimezone(UTC) if chat_is_open(now) else None
