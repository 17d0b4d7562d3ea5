"""Damage files: the rules of the documents at filing time, and their photos."""

import hashlib
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.clock import Clock
from api.config import Settings
from api.customers.models import Customer
from api.customers.service import get_own_contract
from api.damage import rules
from api.damage.models import DamageFile, DamagePhoto
from api.damage.schemas import DamageCreate, DamageOut, PhotoOut
from api.errors import NotFoundError, ProblemError
from api.validation.rules import compact_plate
from api.worktime import local

MAX_PHOTOS_PER_FILE = 20
UPLOAD_LIMITED = "U heeft het afgelopen uur al veel foto's verstuurd. Probeer het over {minutes} minuten opnieuw."
# Content type -> (file extension, does the content start like that kind of image?)
IMAGE_TYPES = {
    "image/jpeg": (".jpg", lambda head: head.startswith(b"\xff\xd8\xff")),
    "image/png": (".png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "image/heic": (
        ".heic",
        lambda head: head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"),
    ),
    "image/heif": (
        ".heic",
        lambda head: head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"),
    ),
}


def _invalid(detail: str) -> ProblemError:
    return ProblemError(422, detail, slug="damage-rejected")


def damage_out(row: DamageFile) -> DamageOut:
    applies, text = rules.deductible(row.contract, row.damage_kind, row.other_party_involved)
    late = row.damage_kind in rules.POLICE_REPORT_REQUIRED and (
        local(row.created_at).date() - row.occurred_on
    ) > timedelta(days=1)
    return DamageOut(
        id=row.id,
        reference=row.reference or "",
        contract_number=row.contract.contract_number,
        license_plate=row.license_plate,
        occurred_on=row.occurred_on,
        occurred_at=row.occurred_at,
        location=row.location,
        description=row.description,
        damage_kind=row.damage_kind,
        other_party_involved=row.other_party_involved,
        accident_statement=row.accident_statement,
        police_report_number=row.police_report_number,
        status=row.status,
        created_at=row.created_at,
        deductible_applies=applies,
        deductible_text=text,
        next_steps=rules.next_steps(row.damage_kind, row.other_party_involved, row.accident_statement, late),
        photo_upload_url=f"/me/damage-files/{row.id}/photos",
        photos=[PhotoOut.model_validate(photo) for photo in row.photos],
    )


def create_damage_file(session: Session, customer: Customer, clock: Clock, body: DamageCreate) -> DamageOut:
    contract = get_own_contract(session, customer, body.contract_number)
    if compact_plate(body.license_plate) != compact_plate(contract.license_plate):
        raise _invalid(
            f"De nummerplaat {body.license_plate} hoort niet bij contract {contract.contract_number} "
            f"({contract.license_plate})."
        )
    now = clock.now()
    today = local(now).date()
    if body.occurred_on > today:
        raise _invalid("De datum van de schade ligt in de toekomst.")
    if body.occurred_on < today - timedelta(days=365):
        raise _invalid("Deze schade is meer dan een jaar oud; neem hiervoor contact op met een medewerker.")
    if body.damage_kind in rules.POLICE_REPORT_REQUIRED and not body.police_report_number:
        raise _invalid(
            "Bij diefstal of inbraak hebben we het nummer van het proces-verbaal nodig. Doe binnen 24 uur "
            "aangifte bij de politie (www.politie.be) en geef het nummer dan door."
        )
    if body.other_party_involved and body.accident_statement is None:
        raise _invalid(
            "Er is een tegenpartij betrokken: laat weten of u samen een Europees aanrijdingsformulier heeft ingevuld."
        )
    row = DamageFile(
        customer_id=customer.id,
        contract=contract,
        license_plate=contract.license_plate,
        occurred_on=body.occurred_on,
        occurred_at=body.occurred_at,
        location=body.location,
        description=body.description,
        damage_kind=body.damage_kind,
        other_party_involved=body.other_party_involved,
        accident_statement=body.accident_statement,
        police_report_number=body.police_report_number,
        deductible_applies=rules.deductible(contract, body.damage_kind, body.other_party_involved)[0],
        status="gemeld",
        created_at=now,
    )
    session.add(row)
    session.flush()
    row.reference = f"SCH-{local(now).year}-{row.id:06d}"
    session.flush()
    return damage_out(row)


def get_own_damage_file(session: Session, customer: Customer, damage_id: int) -> DamageFile:
    row = session.scalar(select(DamageFile).where(DamageFile.id == damage_id, DamageFile.customer_id == customer.id))
    if row is None:
        raise NotFoundError("Ik vind dit schadedossier niet bij uw dossiers.")
    return row


def list_damage_files(session: Session, customer: Customer) -> list[DamageOut]:
    rows = session.scalars(
        select(DamageFile).where(DamageFile.customer_id == customer.id).order_by(DamageFile.id.desc())
    )
    return [damage_out(row) for row in rows]


def check_photo(content_type: str | None, content: bytes, settings: Settings) -> str:
    """The canonical content type of an acceptable photo; raises a Dutch problem otherwise."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind not in IMAGE_TYPES or not IMAGE_TYPES[kind][1](content[:16]):
        raise ProblemError(415, "Dit bestand is geen JPEG-, PNG- of HEIC-foto.", slug="unsupported-photo")
    if len(content) > settings.max_upload_bytes:
        limit_mb = settings.max_upload_bytes // (1024 * 1024)
        raise ProblemError(
            413,
            f"Deze foto is groter dan {limit_mb} MB. Verklein de foto en probeer opnieuw.",
            slug="photo-too-large",
        )
    if not content:
        raise _invalid("Dit bestand is leeg.")
    return kind


def add_photo(
    session: Session,
    settings: Settings,
    clock: Clock,
    damage_file: DamageFile,
    filename: str,
    content_type: str,
    content: bytes,
) -> PhotoOut:
    count = session.scalar(
        select(func.count()).select_from(DamagePhoto).where(DamagePhoto.damage_file_id == damage_file.id)
    )
    if (count or 0) >= MAX_PHOTOS_PER_FILE:
        raise ProblemError(409, f"Er zijn al {MAX_PHOTOS_PER_FILE} foto's bij dit dossier.", slug="too-many-photos")
    # Named after the file and its content: a retry that loses the idempotency race rewrites the same
    # file instead of leaving an orphan behind.
    digest = hashlib.sha256(content).hexdigest()[:32]
    storage_name = f"{damage_file.id}-{digest}{IMAGE_TYPES[content_type][0]}"
    upload_dir = Path(settings.upload_dir)
    upload_dir.mkdir(parents=True, exist_ok=True)
    (upload_dir / storage_name).write_bytes(content)
    photo = DamagePhoto(
        damage_file=damage_file,
        filename=Path(filename or "foto").name[:255] or "foto",
        content_type=content_type,
        size=len(content),
        storage_name=storage_name,
        created_at=clock.now(),
    )
    session.add(photo)
    session.flush()
    return PhotoOut.model_validate(photo)


def get_photo(session: Session, damage_file: DamageFile, photo_id: int, settings: Settings) -> tuple[DamagePhoto, Path]:
    photo = session.scalar(
        select(DamagePhoto).where(DamagePhoto.id == photo_id, DamagePhoto.damage_file_id == damage_file.id)
    )
    path = Path(settings.upload_dir) / photo.storage_name if photo else None
    if photo is None or path is None or not path.is_file():
        raise NotFoundError("Ik vind deze foto niet bij dit schadedossier.")
    return photo, path
