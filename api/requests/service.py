"""Creating and reading "Mijn verzoeken" requests with their business rules and due times."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.clock import Clock
from api.customers.models import Contract, Customer
from api.customers.service import contract_end_date, get_own_contract
from api.errors import NotFoundError, ProblemError
from api.formatting import thousands
from api.requests.models import ServiceRequest
from api.requests.schemas import (
    AddressChangePayload,
    DocumentCopyPayload,
    EarlyTerminationPayload,
    KmBundleChangePayload,
    RegistrationDuplicatePayload,
    RequestCreate,
    RequestOut,
    TravelCertificatePayload,
)
from api.validation.rules import BE_KM_BUNDLES, NO_CERTIFICATE_NEEDED
from api.worktime import BRUSSELS, add_working_days, add_working_hours, dutch_date, dutch_datetime, local

RESPONSE_WORKING_HOURS = 48
TRAVEL_CERTIFICATE_FEE = Decimal("108.90")
TRAVEL_CERTIFICATE_WORKING_DAYS = 10
LEASE_PRODUCTS = ("be_private_lease", "nl_business_lease")
LEASE_ONLY_TYPES = (
    "registration_duplicate",
    "resident_parking_declaration",
    "bonus_malus_certificate",
    "travel_certificate",
    "km_bundle_change",
)


def _invalid(detail: str) -> ProblemError:
    return ProblemError(422, detail, slug="request-rejected")


def _check_business_rules(body: RequestCreate, contract: Contract, today: date) -> None:
    if body.type in LEASE_ONLY_TYPES and contract.product not in LEASE_PRODUCTS:
        raise _invalid(f"Dit verzoek kan enkel voor een leasecontract; {contract.contract_number} is dat niet.")
    payload = body.payload
    match payload:
        case AddressChangePayload():
            if not today - timedelta(days=90) <= payload.effective_date <= today + timedelta(days=365):
                raise _invalid(
                    "De ingangsdatum van het nieuwe adres moet tussen 3 maanden geleden en 1 jaar vanaf nu liggen."
                )
        case DocumentCopyPayload():
            if payload.document != "contract_copy" and contract.product != "financing":
                raise _invalid(
                    "Een vooruitbetalingsoverzicht of afschrijvingstabel bestaat enkel voor een financieringscontract."
                )
        case RegistrationDuplicatePayload():
            if not today - timedelta(days=365) <= payload.incident_date <= today:
                raise _invalid(
                    "De datum van verlies of diefstal moet in het afgelopen jaar liggen en niet in de toekomst."
                )
        case EarlyTerminationPayload():
            if not today <= payload.desired_end_date <= contract_end_date(contract):
                raise _invalid(
                    "De gewenste einddatum moet tussen vandaag en de einddatum van het contract "
                    f"({dutch_date(contract_end_date(contract))}) liggen."
                )
        case TravelCertificatePayload():
            if all(c.strip().lower() in NO_CERTIFICATE_NEEDED for c in payload.destination_country.split(",")):
                raise _invalid(
                    "Voor reizen binnen de Europese Unie, Zwitserland, Monaco en Liechtenstein "
                    "heeft u geen attest nodig."
                )
            if payload.departure_date < today:
                raise _invalid("De vertrekdatum ligt in het verleden.")
        case KmBundleChangePayload():
            _check_new_bundle(payload.new_yearly_km, contract)


def _check_new_bundle(new_km: int, contract: Contract) -> None:
    if contract.product == "be_private_lease" and new_km not in BE_KM_BUNDLES:
        raise _invalid("Kies een kilometerbundel van 10.000, 15.000, 20.000, 25.000 of 30.000 km per jaar.")
    if contract.product == "nl_business_lease" and not (5_000 <= new_km <= 100_000 and new_km % 1_000 == 0):
        raise _invalid("Kies een jaarkilometrage tussen 5.000 en 100.000 km, in stappen van 1.000 km.")
    if new_km == contract.yearly_km:
        raise _invalid(f"Uw contract heeft al een bundel van {thousands(new_km)} km per jaar.")


def _due_at(request_type: str, created_at: datetime) -> datetime:
    if request_type == "travel_certificate":
        created_local = local(created_at)
        delivery_day = add_working_days(created_local.date(), TRAVEL_CERTIFICATE_WORKING_DAYS)
        return datetime.combine(delivery_day, created_local.timetz().replace(tzinfo=None), tzinfo=BRUSSELS).astimezone(
            UTC
        )
    return add_working_hours(created_at, RESPONSE_WORKING_HOURS)


def due_text(row: ServiceRequest) -> str:
    if row.type == "travel_certificate":
        return (
            f"Het attest wordt uiterlijk {dutch_date(local(row.due_at).date())} afgeleverd (binnen "
            f"10 werkdagen). "
            "Kostprijs: € 108,90 inclusief btw."
        )
    return f"U krijgt een antwoord uiterlijk {dutch_datetime(row.due_at)} (binnen 48 werkuren)."


def request_out(row: ServiceRequest) -> RequestOut:
    return RequestOut(
        id=row.id,
        reference=row.reference or "",
        type=row.type,
        contract_number=row.contract.contract_number,
        status=row.status,
        payload=row.payload,
        created_at=row.created_at,
        due_at=row.due_at,
        due_text=due_text(row),
        fee_eur=float(row.fee_eur) if row.fee_eur is not None else None,
    )


def create_request(session: Session, customer: Customer, clock: Clock, body: RequestCreate) -> RequestOut:
    contract = get_own_contract(session, customer, body.contract_number)
    now = clock.now()
    _check_business_rules(body, contract, local(now).date())
    row = ServiceRequest(
        customer_id=customer.id,
        contract=contract,
        type=body.type,
        status="ontvangen",
        payload=body.payload.model_dump(mode="json", exclude_none=True),
        fee_eur=TRAVEL_CERTIFICATE_FEE if body.type == "travel_certificate" else None,
        created_at=now,
        due_at=_due_at(body.type, now),
    )
    session.add(row)
    session.flush()
    row.reference = f"VRZ-{local(now).year}-{row.id:06d}"
    session.flush()
    return request_out(row)


def list_requests(session: Session, customer: Customer) -> list[RequestOut]:
    rows = session.scalars(
        select(ServiceRequest).where(ServiceRequest.customer_id == customer.id).order_by(ServiceRequest.id.desc())
    )
    return [request_out(row) for row in rows]


def get_request(session: Session, customer: Customer, request_id: int) -> RequestOut:
    row = session.scalar(
        select(ServiceRequest).where(ServiceRequest.id == request_id, ServiceRequest.customer_id == customer.id)
    )
    if row is None:
        raise NotFoundError("Ik vind dit verzoek niet bij uw verzoeken.")
    return request_out(row)
