from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request

from api.auth import service
from api.auth.schemas import CustomerToken, VerifyIdentity
from api.auth.security import same_secret
from api.deps import SessionDep, SettingsDep, VerifyLimiterDep
from api.errors import PROBLEM_RESPONSES

router = APIRouter(prefix="/auth", tags=["authenticatie"], responses=PROBLEM_RESPONSES)


def verification_source(
    request: Request,
    settings: SettingsDep,
    conversation_id: Annotated[str | None, Header(alias="X-Conversation-Id", max_length=100)] = None,
) -> str:
    """Whose failures count together: the conversation when the bot vouches for it with its service
    token (all channel customers reach the API from the action server's address), else the client address."""
    # Read by hand, not as a security scheme: the route is public, the service token only an optional voucher.
    authorization = request.headers.get("Authorization", "")
    if conversation_id and same_secret(authorization, f"Bearer {settings.service_token}"):
        return f"conversation:{conversation_id}"
    return f"client:{request.client.host if request.client else 'unknown'}"


@router.post("/verify", response_model=CustomerToken)
def verify(
    body: VerifyIdentity,
    session: SessionDep,
    settings: SettingsDep,
    limiter: VerifyLimiterDep,
    source: Annotated[str, Depends(verification_source)],
) -> CustomerToken:
    """A 15-minute customer token for whoever knows a contract number and its licence plate."""
    return service.verify_identity(session, settings, limiter, body, source)
