import hashlib
from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import FileResponse, JSONResponse

from api.damage import service
from api.damage.schemas import DamageCreate, DamageOut, PhotoOut, UploadLinkOut
from api.damage.upload_page import create_upload_link
from api.deps import ClockDep, CurrentCustomer, Idempotent, RateLimitsDep, RecordId, SessionDep, SettingsDep
from api.errors import PROBLEM_RESPONSES

router = APIRouter(prefix="/me/damage-files", tags=["klant"], responses=PROBLEM_RESPONSES)


@router.get("", response_model=list[DamageOut])
def list_damage_files(customer: CurrentCustomer, session: SessionDep) -> list[DamageOut]:
    return service.list_damage_files(session, customer)


@router.get("/{damage_id}", response_model=DamageOut)
def get_damage_file(damage_id: RecordId, customer: CurrentCustomer, session: SessionDep) -> DamageOut:
    return service.damage_out(service.get_own_damage_file(session, customer, damage_id))


@router.post("", status_code=201, response_model=DamageOut)
def create_damage_file(
    body: DamageCreate,
    customer: CurrentCustomer,
    session: SessionDep,
    clock: ClockDep,
    idempotent: Idempotent,
) -> JSONResponse:
    """Report damage; theft and burglary need a police report number."""
    return idempotent.run(
        f"customer:{customer.customer_number}",
        body,
        lambda: (201, service.create_damage_file(session, customer, clock, body)),
    )


@router.post("/{damage_id}/photos", status_code=201, response_model=PhotoOut)
async def upload_photo(
    damage_id: RecordId,
    file: Annotated[UploadFile, File(description="JPEG, PNG of HEIC, max. 10 MB")],
    customer: CurrentCustomer,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
    idempotent: Idempotent,
    limits: RateLimitsDep,
) -> JSONResponse:
    damage_file = service.get_own_damage_file(session, customer, damage_id)
    caller = f"customer:{customer.customer_number}"
    content = await file.read(settings.max_upload_bytes + 1)
    content_type = service.check_photo(file.content_type, content, settings)
    digest = hashlib.sha256(content).hexdigest()

    def create() -> tuple[int, PhotoOut]:
        limits.uploads.check(caller, detail=service.UPLOAD_LIMITED)
        return 201, service.add_photo(session, settings, clock, damage_file, file.filename or "", content_type, content)

    response = idempotent.run(caller, {"filename": file.filename, "sha256": digest}, create)
    return limits.uploads.record_creation(response, caller)


@router.post("/{damage_id}/upload-link", response_model=UploadLinkOut)
def upload_link(
    damage_id: RecordId, customer: CurrentCustomer, session: SessionDep, settings: SettingsDep
) -> UploadLinkOut:
    """A public link to add photos without logging in, for channels that cannot carry a file."""
    url, expires_at = create_upload_link(settings, service.get_own_damage_file(session, customer, damage_id))
    return UploadLinkOut(url=url, expires_at=expires_at)


@router.get("/{damage_id}/photos/{photo_id}", response_class=FileResponse)
def get_photo(
    damage_id: RecordId, photo_id: RecordId, customer: CurrentCustomer, session: SessionDep, settings: SettingsDep
) -> FileResponse:
    damage_file = service.get_own_damage_file(session, customer, damage_id)
    photo, path = service.get_photo(session, damage_file, photo_id, settings)
    return FileResponse(path, media_type=photo.content_type, filename=photo.filename)
