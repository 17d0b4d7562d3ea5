from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import ClockDep, CurrentCustomer, Idempotent, RecordId, SessionDep
from api.errors import PROBLEM_RESPONSES
from api.requests import service
from api.requests.schemas import RequestCreate, RequestOut

router = APIRouter(prefix="/me/requests", tags=["klant"], responses=PROBLEM_RESPONSES)


@router.get("", response_model=list[RequestOut])
def list_requests(customer: CurrentCustomer, session: SessionDep) -> list[RequestOut]:
    return service.list_requests(session, customer)


@router.get("/{request_id}", response_model=RequestOut)
def get_request(request_id: RecordId, customer: CurrentCustomer, session: SessionDep) -> RequestOut:
    return service.get_request(session, customer, request_id)


@router.post("", status_code=201, response_model=RequestOut)
def create_request(
    body: RequestCreate,
    customer: CurrentCustomer,
    session: SessionDep,
    clock: ClockDep,
    idempotent: Idempotent,
) -> JSONResponse:
    """Send a "Mijn verzoeken" form; answered within 48 working hours."""
    return idempotent.run(
        f"customer:{customer.customer_number}",
        body,
        lambda: (201, service.create_request(session, customer, clock, body)),
    )
