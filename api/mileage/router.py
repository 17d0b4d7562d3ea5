from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from api.deps import ClockDep, CurrentCustomer, IdempotencyKey, SessionDep
from api.errors import PROBLEM_RESPONSES
from api.idempotency.service import fingerprint, run_idempotent
from api.mileage import service
from api.mileage.schemas import MileageCreate, MileageOut, ReadingOut

router = APIRouter(prefix="/me/mileage", tags=["klant"], responses=PROBLEM_RESPONSES)


@router.get("", response_model=list[ReadingOut])
def list_readings(
    customer: CurrentCustomer,
    session: SessionDep,
    contract_number: Annotated[str | None, Query(max_length=20, pattern=r"^[\w.\-]+$")] = None,
) -> list[ReadingOut]:
    return service.list_readings(session, customer, contract_number)


@router.post("", status_code=201, response_model=MileageOut)
def record_reading(
    body: MileageCreate,
    request: Request,
    customer: CurrentCustomer,
    session: SessionDep,
    clock: ClockDep,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Record an odometer reading and project the yearly km against the bundle."""
    return run_idempotent(
        session,
        clock,
        key=idempotency_key,
        caller=f"customer:{customer.customer_number}",
        request_fingerprint=fingerprint(request.url.path, body.model_dump(mode="json")),
        create=lambda: (201, service.record_reading(session, customer, clock, body)),
    )
