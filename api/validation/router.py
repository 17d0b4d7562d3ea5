from fastapi import APIRouter

from api.deps import ClockDep
from api.errors import PROBLEM_RESPONSES
from api.validation import service
from api.validation.schemas import ExtractIn, ExtractOut, ValidateIn, ValidateOut
from api.worktime import local

router = APIRouter(tags=["validatie"], responses=PROBLEM_RESPONSES)


@router.post("/validate", response_model=ValidateOut)
def validate(body: ValidateIn, clock: ClockDep) -> ValidateOut:
    """Check and normalise one field as the creating endpoints will; dates are relative to the API clock."""
    return service.validate(body, local(clock.now()).date())


@router.post("/extract", response_model=ExtractOut)
def extract(body: ExtractIn, clock: ClockDep) -> ExtractOut:
    """Every listed field found in one customer message (an opening story, a whole address); none is required."""
    return service.extract_fields(body, local(clock.now()).date())
