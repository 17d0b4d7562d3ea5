"""Dependencies shared by the routers, as Annotated aliases."""

from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Annotated, Any

from fastapi import Depends, Header, Path, Query, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from api.agents.models import Agent
from api.auth.limiter import Limiter, RateLimits
from api.auth.security import decode_token, same_secret
from api.clock import Clock
from api.config import Settings, get_settings
from api.conversations.rasa import RasaConversations
from api.customers.models import Customer
from api.db import get_session
from api.errors import DEFAULT_DETAILS, ProblemError
from api.idempotency.service import fingerprint, run_idempotent

SessionDep = Annotated[Session, Depends(get_session)]


# Dependencies that do no I/O are `async def`: FastAPI runs a plain `def` dependency in the thread
# pool, and each such hop cost more than the database work of a GET /me (seen in the API profile).
async def settings_dependency() -> Settings:
    return get_settings()


SettingsDep = Annotated[Settings, Depends(settings_dependency)]


async def get_clock(request: Request) -> Clock:
    return request.app.state.clock


async def get_rate_limits(request: Request) -> RateLimits:
    return request.app.state.rate_limits


async def get_verify_limiter(request: Request) -> Limiter:
    return request.app.state.rate_limits.verify


async def get_rasa(settings: SettingsDep) -> RasaConversations:
    return RasaConversations(settings)


ClockDep = Annotated[Clock, Depends(get_clock)]
RasaDep = Annotated[RasaConversations, Depends(get_rasa)]
RateLimitsDep = Annotated[RateLimits, Depends(get_rate_limits)]
VerifyLimiterDep = Annotated[Limiter, Depends(get_verify_limiter)]

customer_bearer = HTTPBearer(auto_error=False, scheme_name="CustomerToken", description="Klant-JWT")
service_bearer = HTTPBearer(auto_error=False, scheme_name="ServiceToken", description="SERVICE_TOKEN van de bot")
agent_bearer = HTTPBearer(auto_error=False, scheme_name="AgentToken", description="JWT van POST /agent/login")


def _require_credentials(credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None or not credentials.credentials:
        raise ProblemError(401, DEFAULT_DETAILS[401], slug="unauthorized", headers={"WWW-Authenticate": "Bearer"})
    return credentials.credentials


@cache
def _customer_by_number() -> Select[tuple[Customer]]:
    """Built once: every customer request runs it, and composing a statement costs more than running it."""
    return select(Customer).where(Customer.customer_number == bindparam("number"))


def get_current_customer(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(customer_bearer)],
    session: SessionDep,
    settings: SettingsDep,
) -> Customer:
    claims = decode_token(settings, _require_credentials(credentials))
    if claims["role"] != "customer":
        raise ProblemError(403, "Deze functie is enkel voor klanten.", slug="forbidden")
    customer = session.scalar(_customer_by_number(), {"number": claims["sub"]})
    if customer is None:
        raise ProblemError(401, "Deze klant bestaat niet (meer). Meld u opnieuw aan.", slug="unauthorized")
    return customer


def require_service(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(service_bearer)],
    settings: SettingsDep,
) -> str:
    if not same_secret(_require_credentials(credentials), settings.service_token):
        raise ProblemError(401, "Ongeldige servicetoken.", slug="unauthorized")
    return "service"


def get_current_agent(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(agent_bearer)],
    session: SessionDep,
    settings: SettingsDep,
) -> Agent:
    claims = decode_token(settings, _require_credentials(credentials))
    if claims["role"] != "agent":
        raise ProblemError(403, "Deze functie is enkel voor medewerkers.", slug="forbidden")
    agent = session.scalar(select(Agent).where(Agent.username == claims["sub"], Agent.active.is_(True)))
    if agent is None:
        raise ProblemError(401, "Deze medewerker bestaat niet (meer). Meld u opnieuw aan.", slug="unauthorized")
    return agent


CurrentCustomer = Annotated[Customer, Depends(get_current_customer)]
CurrentAgent = Annotated[Agent, Depends(get_current_agent)]
ServiceCaller = Annotated[str, Depends(require_service)]
# Database ids fit a 32-bit integer on every backend; larger numbers cannot exist, so they are 404-free 422s.
RecordId = Annotated[int, Path(ge=1, le=2_147_483_647)]
# A period of Brussels days for the console's figures (`api.analytics.service.choose_period` fills the defaults).
PeriodFrom = Annotated[
    date | None, Query(alias="from", description="eerste dag (JJJJ-MM-DD); standaard 13 dagen vóór 'to'")
]
PeriodTo = Annotated[date | None, Query(alias="to", description="laatste dag (JJJJ-MM-DD); standaard vandaag")]
CodePath = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[\w.:@\-]+$")]
ConversationPath = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[^\x00]+$")]


class IdempotentCreation:
    """Runs a creating POST at most once per caller and Idempotency-Key (see api.idempotency.service)."""

    def __init__(
        self,
        request: Request,
        session: SessionDep,
        clock: ClockDep,
        key: Annotated[
            str | None,
            Header(
                alias="Idempotency-Key",
                max_length=200,
                description="Unieke sleutel per creatie; een herhaling geeft het eerste antwoord terug.",
            ),
        ] = None,
    ) -> None:
        self.path, self.session, self.clock, self.key = request.url.path, session, clock, key

    def run(
        self, caller: str, body: BaseModel | dict[str, Any], create: Callable[[], tuple[int, BaseModel]]
    ) -> JSONResponse:
        payload = body.model_dump(mode="json") if isinstance(body, BaseModel) else body
        return run_idempotent(
            self.session,
            self.clock,
            key=self.key,
            caller=caller,
            request_fingerprint=fingerprint(self.path, payload),
            create=create,
        )


Idempotent = Annotated[IdempotentCreation, Depends()]
