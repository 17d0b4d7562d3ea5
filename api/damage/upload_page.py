"""Photo upload by link, for channels that cannot carry a file (WhatsApp, Messenger, e-mail…).

The bot gives the customer `/upload/<token>`: a signed, short-lived token naming one damage file of one
customer (role `photo_upload`, so it never works as a login). The page is plain HTML with one file field;
the photos land exactly where the widget's authenticated upload puts them, with the same checks and
the same per-customer rate limit.
"""

import html
from datetime import UTC, datetime, timedelta
from typing import Annotated

import jwt
from fastapi import APIRouter, File, UploadFile
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.auth.security import ALGORITHM
from api.config import Settings
from api.customers.models import Customer
from api.damage import service
from api.damage.models import DamageFile
from api.deps import ClockDep, RateLimitsDep, SessionDep, SettingsDep
from api.errors import ProblemError

ROLE = "photo_upload"
LINK_INVALID = (
    "Deze link werkt niet (meer). Vraag in de chat een nieuwe link aan, of voeg de foto's toe in uw klantenzone."
)

router = APIRouter(prefix="/upload", tags=["publiek"])


def create_upload_link(settings: Settings, damage_file: DamageFile) -> tuple[str, datetime]:
    """The public upload URL for `damage_file` and when it stops working (real time, not the business clock)."""
    expires = datetime.now(UTC) + timedelta(days=settings.photo_link_days)
    customer_number = damage_file.contract.customer.customer_number
    claims = {"sub": customer_number, "role": ROLE, "damage": damage_file.id, "exp": expires}
    token = jwt.encode(claims, settings.jwt_secret, algorithm=ALGORITHM)
    return f"{settings.public_url.rstrip('/')}/upload/{token}", expires


def _damage_file_of(session: Session, settings: Settings, token: str) -> DamageFile:
    try:
        claims = jwt.decode(token, settings.jwt_secret, algorithms=[ALGORITHM], options={"require": ["exp"]})
    except jwt.PyJWTError as exc:
        raise ProblemError(401, LINK_INVALID, slug="unauthorized") from exc
    if claims.get("role") != ROLE or not isinstance(claims.get("damage"), int):
        raise ProblemError(401, LINK_INVALID, slug="unauthorized")
    row = session.scalar(
        select(DamageFile)
        .join(Customer)
        .where(DamageFile.id == claims["damage"], Customer.customer_number == claims.get("sub"))
    )
    if row is None:
        raise ProblemError(401, LINK_INVALID, slug="unauthorized")
    return row


def _page(title: str, message: str, form: bool, status: int = 200) -> HTMLResponse:
    upload_form = (
        '<form method="post" enctype="multipart/form-data">'
        '<label for="file">Kies een foto (JPEG, PNG of HEIC, max. 10 MB)</label> '
        '<input id="file" name="file" type="file" accept="image/jpeg,image/png,image/heic" required> '
        '<button type="submit">Versturen</button></form>'
        if form
        else ""
    )
    body = (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title></head><body><main><h1>{html.escape(title)}</h1>"
        f'<p role="status">{html.escape(message)}</p>{upload_form}</main></body></html>'
    )
    return HTMLResponse(body, status_code=status)


def _problem_page(error: ProblemError) -> HTMLResponse:
    return _page("Foto's toevoegen", error.detail, form=error.status not in (401, 404), status=error.status)


@router.get("/{token}", response_class=HTMLResponse)
def upload_page(token: str, session: SessionDep, settings: SettingsDep) -> HTMLResponse:
    try:
        row = _damage_file_of(session, settings, token)
    except ProblemError as error:
        return _problem_page(error)
    return _page(f"Foto's bij schadedossier {row.reference}", f"{len(row.photos)} foto('s) ontvangen.", form=True)


@router.post("/{token}", response_class=HTMLResponse)
async def upload_by_link(
    token: str,
    file: Annotated[UploadFile, File(description="JPEG, PNG of HEIC, max. 10 MB")],
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
    limits: RateLimitsDep,
) -> HTMLResponse:
    try:
        row = _damage_file_of(session, settings, token)
        caller = f"customer:{row.contract.customer.customer_number}"
        content = await file.read(settings.max_upload_bytes + 1)
        content_type = service.check_photo(file.content_type, content, settings)
        limits.uploads.check(caller, detail=service.UPLOAD_LIMITED)
        photo = service.add_photo(session, settings, clock, row, file.filename or "", content_type, content)
        session.commit()
        limits.uploads.record(caller)
    except ProblemError as error:
        return _problem_page(error)
    return _page(
        f"Foto's bij schadedossier {row.reference}",
        f"Dank u, we hebben {photo.filename} ontvangen. U kunt nog een foto toevoegen.",
        form=True,
        status=201,
    )
