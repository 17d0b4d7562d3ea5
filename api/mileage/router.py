from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from api.deps import ClockDep, CurrentCustomer, Idempotent, SessionDep
from api.errors import PROBLEM_RESPONSES
from api.mileage import service
from api.mileage.schemas import MileageCorrection, MileageCreate, MileageOut, ReadingOut

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
    customer: CurrentCustomer,
    session: SessionDep,
    clock: ClockDep,
    idempotent: Idempotent,
) -> JSONResponse:
    """Record an odometer reading and project the yearly km against the bundle."""
    return idempotent.run(
        f"customer:{customer.customer_number}",
        body,
        lambda: (201, service.record_reading(session, customer, clock, body)),
    )


@router.put("/{reading_id}", response_model=MileageOut)
def correct_reading(
    reading_id: int, body: MileageCorrection, customer: CurrentCustomer, session: SessionDep, clock: ClockDep
) -> MileageOut:
    """Correct the reading given today (the latest of its contract): a misread or mistyped counter."""
    return service.correct_reading(session, customer, clock, reading_id, body)
