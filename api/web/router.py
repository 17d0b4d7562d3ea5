"""What the pages in web/ need besides the contract API: where Rasa is, and a demo login."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel
from sqlalchemy import select

from api.auth.security import create_token
from api.customers.models import Customer
from api.deps import SessionDep, SettingsDep
from api.errors import PROBLEM_RESPONSES, NotFoundError
from api.schemas import Output, StrictInput


class ChatConfig(BaseModel):
    rasa_url: str
    dev_login: bool


class DemoCustomer(Output):
    customer_number: str
    name: str


class DemoLogin(StrictInput):
    customer_number: str


class DemoToken(Output):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    customer_number: str
    name: str


router = APIRouter(tags=["web"])


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    return RedirectResponse("/web/")


@router.get("/chat-config", response_model=ChatConfig)
def chat_config(request: Request, settings: SettingsDep) -> ChatConfig:
    """Where the widget reaches Rasa's socket.io (RASA_PUBLIC_URL, else this host on RASA_PORT)."""
    default = f"{request.url.scheme}://{request.url.hostname}:{settings.rasa_port}"
    return ChatConfig(rasa_url=settings.rasa_public_url or default, dev_login=not settings.is_production)


def _demo_only(settings: SettingsDep) -> None:
    if settings.is_production:
        raise NotFoundError()


demo_router = APIRouter(prefix="/dev", tags=["web"], dependencies=[Depends(_demo_only)], responses=PROBLEM_RESPONSES)


@demo_router.get("/customers", response_model=list[DemoCustomer])
def demo_customers(session: SessionDep) -> list[DemoCustomer]:
    """The customers the demo page can log in as (development and test only)."""
    rows = session.scalars(select(Customer).order_by(Customer.customer_number))
    return [DemoCustomer(customer_number=row.customer_number, name=row.name) for row in rows]


@demo_router.post("/customer-token", response_model=DemoToken)
def demo_token(body: DemoLogin, session: SessionDep, settings: SettingsDep) -> DemoToken:
    """A customer JWT for the demo customer zone (development and test only; 404 in production)."""
    customer = session.scalar(select(Customer).where(Customer.customer_number == body.customer_number))
    if customer is None:
        raise NotFoundError("Deze klant bestaat niet.")
    token = create_token(settings, customer.customer_number, "customer", settings.dev_token_minutes)
    return DemoToken(
        access_token=token,
        expires_in=settings.dev_token_minutes * 60,
        customer_number=customer.customer_number,
        name=customer.name,
    )
