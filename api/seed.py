"""Demo data of docs/api-contract.md, inserted idempotently (existing customers are left alone)."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.agents.service import ensure_agent
from api.clock import Clock
from api.config import Settings
from api.customers.models import Contract, Customer
from api.mileage.models import MileageReading
from api.requests.models import ServiceRequest
from api.worktime import add_working_hours, local


@dataclass
class DemoContract:
    contract_number: str
    product: str
    make: str
    model: str
    plate: str
    start: date
    months: int
    yearly_km: int | None
    price: str
    conditions_doc: str
    step_price: str | None = None
    km_rate: str | None = None
    readings: list[tuple[date, int]] = field(default_factory=list)
    requests: list[tuple[datetime, str, str, dict]] = field(default_factory=list)


@dataclass
class DemoCustomer:
    number: str
    name: str
    email: str
    phone: str
    street: str
    house_number: str
    postcode: str
    city: str
    country: str
    iban: str
    birth_date: date
    contracts: list[DemoContract]


DEMO_CUSTOMERS = [
    DemoCustomer(
        "C1001",
        "Jan Peeters",
        "jan.peeters@example.be",
        "+32470123456",
        "Veldstraat",
        "12",
        "9000",
        "Gent",
        "BE",
        "BE71096123456769",
        date(1984, 4, 12),
        [
            DemoContract(
                "PL-100001",
                "be_private_lease",
                "Volkswagen",
                "ID.3 Pro",
                "1-ABC-123",
                date(2025, 1, 15),
                48,
                15_000,
                "489.00",
                "private-lease-voorwaarden",
                step_price="25.00",
                readings=[(date(2025, 7, 1), 9_800), (date(2026, 1, 10), 19_500)],
                requests=[
                    (datetime(2026, 10, 5, 8, 12, tzinfo=UTC), "bonus_malus_certificate", "afgehandeld", {}),
                ],
            ),
        ],
    ),
    DemoCustomer(
        "C1002",
        "Sanne de Vries",
        "sanne.devries@example.nl",
        "+31612345678",
        "Oudegracht",
        "101",
        "3511 AB",
        "Utrecht",
        "NL",
        "NL91ABNA0417164300",
        date(1990, 9, 3),
        [
            DemoContract(
                "ZL-200001",
                "nl_business_lease",
                "Volkswagen",
                "Passat Variant eHybrid",
                "K-123-BB",
                date(2024, 9, 1),
                48,
                25_000,
                "689.00",
                "zakelijke-lease-voorwaarden",
                km_rate="0.1200",
                readings=[(date(2025, 9, 1), 24_100), (date(2026, 9, 1), 50_900)],
            ),
        ],
    ),
    DemoCustomer(
        "C1003",
        "Fatima El Amrani",
        "fatima.elamrani@example.be",
        "+32485987654",
        "Meir",
        "48",
        "2000",
        "Antwerpen",
        "BE",
        "BE21001234567803",
        date(1993, 1, 27),
        [
            DemoContract(
                "PL-100003",
                "be_private_lease",
                "Toyota",
                "Yaris Cross Hybrid",
                "2-XYZ-789",
                date(2026, 2, 1),
                60,
                10_000,
                "379.00",
                "private-lease-voorwaarden",
                step_price="20.00",
                readings=[(date(2026, 8, 1), 5_150)],
                requests=[
                    (
                        datetime(2026, 11, 18, 13, 40, tzinfo=UTC),
                        "iban_change",
                        "in_behandeling",
                        {"iban": "BE15068987654330", "account_holder": "Fatima El Amrani"},
                    ),
                ],
            ),
            DemoContract(
                "FN-300003",
                "financing",
                "Peugeot",
                "208",
                "1-DEF-456",
                date(2023, 6, 1),
                60,
                None,
                "245.50",
                "klantenzone-faq",
            ),
        ],
    ),
]


def seed(session: Session, settings: Settings, clock: Clock) -> list[str]:
    """Insert what is missing; returns the customer numbers that were added."""
    added = []
    for demo in DEMO_CUSTOMERS:
        if session.scalar(select(Customer.id).where(Customer.customer_number == demo.number)) is not None:
            continue
        customer = Customer(
            customer_number=demo.number,
            name=demo.name,
            email=demo.email,
            phone=demo.phone,
            street=demo.street,
            house_number=demo.house_number,
            box=None,
            postcode=demo.postcode,
            city=demo.city,
            country=demo.country,
            iban=demo.iban,
            birth_date=demo.birth_date,
            language="nl",
            created_at=clock.now(),
        )
        session.add(customer)
        for item in demo.contracts:
            _add_contract(session, customer, item, clock)
        added.append(demo.number)
    ensure_agent(session, clock, settings.agent_username, settings.agent_password, "Els Janssens")
    session.commit()
    return added


def _add_contract(session: Session, customer: Customer, item: DemoContract, clock: Clock) -> None:
    contract = Contract(
        contract_number=item.contract_number,
        customer=customer,
        product=item.product,
        vehicle_make=item.make,
        vehicle_model=item.model,
        license_plate=item.plate,
        start_date=item.start,
        duration_months=item.months,
        yearly_km=item.yearly_km,
        monthly_price_eur=Decimal(item.price),
        bundle_step_price_eur=Decimal(item.step_price) if item.step_price else None,
        km_rate_eur=Decimal(item.km_rate) if item.km_rate else None,
        status="actief",
        conditions_doc=item.conditions_doc,
        created_at=clock.now(),
    )
    session.add(contract)
    for reading_date, km in item.readings:
        session.add(
            MileageReading(
                contract=contract,
                odometer_km=km,
                reading_date=reading_date,
                created_at=datetime.combine(reading_date, datetime.min.time(), tzinfo=UTC),
            )
        )
    for created_at, request_type, status, payload in item.requests:
        request = ServiceRequest(
            customer=customer,
            contract=contract,
            type=request_type,
            status=status,
            payload=payload,
            fee_eur=None,
            created_at=created_at,
            due_at=add_working_hours(created_at, 48),
        )
        session.add(request)
        session.flush()
        request.reference = f"VRZ-{local(created_at).year}-{request.id:06d}"
