"""Agents see where customers drop out of the bot's flows (GET /agent/analytics)."""

from fastapi import APIRouter

from api.analytics import service
from api.analytics.schemas import AnalyticsOut
from api.deps import ClockDep, CurrentAgent, PeriodFrom, PeriodTo, SessionDep, SettingsDep
from api.errors import PROBLEM_RESPONSES

router = APIRouter(prefix="/agent", tags=["medewerker"], responses=PROBLEM_RESPONSES)


@router.get("/analytics", response_model=AnalyticsOut)
def analytics(
    _agent: CurrentAgent,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
    first: PeriodFrom = None,
    last: PeriodTo = None,
) -> AnalyticsOut:
    """Conversations, containment, document answers and per flow its ends and its funnel per question,
    over Brussels days `from`..`to` (inclusive, at most 366 days), computed from Rasa's events."""
    return service.analytics(session, settings, clock, first, last)
