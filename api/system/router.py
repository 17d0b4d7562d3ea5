"""Health and the development clock."""

import logging
from typing import Literal

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import text

from api.deps import ClockDep, ServiceCaller, SessionDep, SettingsDep
from api.errors import PROBLEM_RESPONSES, NotFoundError, ProblemError
from api.system.schemas import ClockIn, ClockOut, HealthOut
from knowledge.http import status as knowledge_status

logger = logging.getLogger(__name__)
router = APIRouter(tags=["systeem"])


@router.get("/health", response_model=HealthOut, responses={503: {"model": HealthOut}})
def health(session: SessionDep) -> JSONResponse:
    try:
        session.execute(text("SELECT 1"))
        database: Literal["ok", "error"] = "ok"
    except Exception:  # noqa: BLE001 - any database failure means "error" here
        logger.exception("Health check: database unreachable")
        database = "error"
    try:
        knowledge = knowledge_status()
    except Exception:  # noqa: BLE001 - a broken index must not break /health
        logger.exception("Health check: knowledge status failed")
        knowledge = "missing"
    body = HealthOut(status="ok" if database == "ok" else "degraded", database=database, knowledge=knowledge)
    return JSONResponse(body.model_dump(), status_code=200 if database == "ok" else 503)


def _development_only(settings: SettingsDep) -> None:
    if settings.is_production:
        raise NotFoundError()


dev_router = APIRouter(
    prefix="/dev", tags=["systeem"], dependencies=[Depends(_development_only)], responses=PROBLEM_RESPONSES
)


@dev_router.put("/clock", response_model=ClockOut)
def set_clock(body: ClockIn, _caller: ServiceCaller, clock: ClockDep, settings: SettingsDep) -> ClockOut:
    """Freeze the API clock at `now`, or release it with null (development and test only)."""
    if settings.api_workers > 1:
        # Each process has its own clock: freezing one would leave the others on real time.
        raise ProblemError(
            409, "De ontwikkelklok werkt alleen met één API-proces (API_WORKERS=1).", slug="clock-per-process"
        )
    clock.freeze(body.now)
    return ClockOut(now=clock.now(), frozen=clock.frozen_at is not None)
