"""Odometer readings: reject what cannot be true, project the rest against the bundle."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.clock import Clock
from api.customers.models import Contract, Customer
from api.customers.service import get_own_contract, last_reading, latest_first, lock_contract
from api.errors import ProblemError
from api.formatting import thousands
from api.mileage.models import MileageReading
from api.mileage.projection import project
from api.mileage.schemas import MileageCorrection, MileageCreate, MileageOut, ReadingOut
from api.worktime import dutch_date, local

# Even a car driven around the clock on motorways rarely does more than this in a day.
MAX_PLAUSIBLE_KM_PER_DAY = 1_500


def _invalid(detail: str) -> ProblemError:
    return ProblemError(422, detail, slug="mileage-rejected")


def reading_out(reading: MileageReading) -> ReadingOut:
    return ReadingOut(
        id=reading.id,
        contract_number=reading.contract.contract_number,
        odometer_km=reading.odometer_km,
        reading_date=reading.reading_date,
    )


def record_reading(session: Session, customer: Customer, clock: Clock, body: MileageCreate) -> MileageOut:
    contract = get_own_contract(session, customer, body.contract_number)
    if contract.yearly_km is None:
        raise _invalid(f"Voor contract {contract.contract_number} houden we geen kilometerstand bij.")
    today = local(clock.now()).date()
    reading_date = body.reading_date or today
    if reading_date > today:
        raise _invalid("De datum van de kilometerstand ligt in de toekomst.")
    if reading_date < contract.start_date:
        start = dutch_date(contract.start_date, with_year=True)
        raise _invalid(f"De datum ligt vóór de start van uw contract ({start}).")
    lock_contract(session, contract)
    previous = last_reading(session, contract)
    _check_plausible(contract, previous, body.odometer_km, reading_date)
    reading = MileageReading(
        contract=contract, odometer_km=body.odometer_km, reading_date=reading_date, created_at=clock.now()
    )
    session.add(reading)
    session.flush()
    result = project(contract, body.odometer_km, reading_date)
    return MileageOut(**reading_out(reading).model_dump(), projection=result)


def correct_reading(
    session: Session, customer: Customer, clock: Clock, reading_id: int, body: MileageCorrection
) -> MileageOut:
    """The customer corrects the reading they gave today ("sorry, verkeerd gelezen: 8.230"): only the latest of
    its contract, on the day it was given; judged against the reading before it."""
    reading = session.get(MileageReading, reading_id)
    if reading is None or reading.contract.customer_id != customer.id:
        raise ProblemError(404, "Deze kilometerstand vinden we niet.", slug="not-found")
    contract = reading.contract
    lock_contract(session, contract)
    today = local(clock.now()).date()
    latest = last_reading(session, contract)
    if latest is None or latest.id != reading.id or local(reading.created_at).date() != today:
        raise _invalid("Alleen de kilometerstand die u vandaag als laatste doorgaf, kunt u nog verbeteren.")
    before = session.scalar(
        select(MileageReading)
        .where(MileageReading.contract_id == contract.id, MileageReading.id != reading.id)
        .order_by(*latest_first(MileageReading))
        .limit(1)
    )
    _check_plausible(contract, before, body.odometer_km, reading.reading_date)
    reading.odometer_km = body.odometer_km
    session.commit()
    return MileageOut(
        **reading_out(reading).model_dump(), projection=project(contract, body.odometer_km, reading.reading_date)
    )


def _check_plausible(contract: Contract, previous: MileageReading | None, odometer_km: int, reading_date) -> None:
    if previous is not None:
        if odometer_km < previous.odometer_km:
            raise _invalid(
                f"De kilometerstand kan niet lager zijn dan de vorige stand: {thousands(previous.odometer_km)} km "
                f"op {dutch_date(previous.reading_date, with_year=True)}. Controleer het getal op uw teller."
            )
        if reading_date < previous.reading_date:
            raise _invalid(
                f"Er is al een latere kilometerstand doorgegeven: {thousands(previous.odometer_km)} km op "
                f"{dutch_date(previous.reading_date, with_year=True)}."
            )
    since_km = previous.odometer_km if previous else 0
    since_date = previous.reading_date if previous else contract.start_date
    days = max(1, (reading_date - since_date).days)
    per_day = (odometer_km - since_km) / days
    if per_day > MAX_PLAUSIBLE_KM_PER_DAY:
        raise _invalid(
            f"Dat zou {thousands(round(per_day))} km per dag betekenen sinds "
            f"{dutch_date(since_date, with_year=True)} ({thousands(since_km)} km). "
            "Dat lijkt niet te kloppen; controleer de kilometerstand."
        )


def list_readings(session: Session, customer: Customer, contract_number: str | None) -> list[ReadingOut]:
    query = (
        select(MileageReading)
        .join(Contract)
        .where(Contract.customer_id == customer.id)
        .order_by(MileageReading.reading_date.desc(), MileageReading.id.desc())
    )
    if contract_number is not None:
        query = query.where(Contract.id == get_own_contract(session, customer, contract_number).id)
    return [reading_out(reading) for reading in session.scalars(query)]
