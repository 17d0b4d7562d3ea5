from fastapi import APIRouter

from api.chat_hours.schemas import ChatHoursOut
from api.deps import ClockDep
from api.worktime import (
    CHAT_HOURS_TEXT,
    chat_closes_at,
    chat_is_open,
    dutch_datetime,
    holiday_name,
    local,
    next_chat_opening,
)

router = APIRouter(tags=["publiek"])


@router.get("/chat-hours", response_model=ChatHoursOut)
def chat_hours(clock: ClockDep) -> ChatHoursOut:
    """Is a human agent available now, and if not, when again (Mon-Fri 9-17 Brussels, not on holidays)."""
    now = clock.now()
    is_open = chat_is_open(now)
    next_open = None if is_open else next_chat_opening(now)
    return ChatHoursOut(
        open=is_open,
        now=now,
        next_open=next_open,
        next_open_text=dutch_datetime(next_open) if next_open else None,
        closes_at=chat_closes_at(now),
        hours_text=CHAT_HOURS_TEXT,
        holiday=holiday_name(local(now).date()),
    )
