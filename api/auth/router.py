from fastapi import APIRouter, Request

from api.auth import service
from api.auth.schemas import CustomerToken, VerifyIdentity
from api.deps import SessionDep, SettingsDep, VerifyLimiterDep
from api.errors import PROBLEM_RESPONSES

router = APIRouter(prefix="/auth", tags=["authenticatie"], responses=PROBLEM_RESPONSES)


@router.post("/verify", response_model=CustomerToken)
def verify(
    body: VerifyIdentity,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limiter: VerifyLimiterDep,
) -> CustomerToken:
    """A 15-minute customer token for whoever knows a contract number and its licence plate."""
    client = request.client.host if request.client else "unknown"
    return service.verify_identity(session, settings, limiter, body, client)
