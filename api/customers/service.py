"""Customers and their contracts; every lookup is scoped to the calling customer."""

from datetime import date
from functools import cache

from sqlalchemy import ColumnElement, ScalarSelect, Select, bindparam, select, update
from sqlalchemy.orm import Session, aliased

from api.customers.models import Contract, Customer
from api.customers.schemas import Address, ContractOut, CustomerOut, LastReading, Vehicle
from api.errors import NotFoundError
from api.mileage.models import MileageReading
from api.validation.rules import mask_iban


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in range(day.day, 0, -1):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError("unreachable")


def contract_end_date(contract: Contract) -> date:
    return add_months(contract.start_date, contract.duration_months)


def get_own_contract(session: Session, customer: Customer, contract_number: str) -> Contract:
    contract = session.scalar(
        select(Contract).where(Contract.contract_number == contract_number, Contract.customer_id == customer.id)
    )
    if contract is None:
        raise NotFoundError(f"Ik vind geen contract met nummer {contract_number} op uw naam.")
    return contract


def lock_contract(session: Session, contract: Contract) -> None:
    """Serialise writers of one contract until the transaction ends, so check-then-insert rules hold under races.

    A no-op UPDATE, because it locks on both backends: the row on PostgreSQL, the database on SQLite (where
    SELECT … FOR UPDATE does nothing and plain reads run outside the write transaction).
    """
    session.execute(
        update(Contract).where(Contract.id == contract.id).values(id=Contract.id),
        execution_options={"synchronize_session": False},
    )


def latest_first(reading: type[MileageReading]) -> tuple[ColumnElement, ...]:
    """A contract's latest reading first: the newest date, then the highest odometer."""
    return reading.reading_date.desc(), reading.odometer_km.desc()


def _latest_reading_id(contract_id: ColumnElement[int]) -> ScalarSelect[int]:
    """The id of a contract's latest reading, as a subquery (over an alias, so it can sit in a join
    with the readings table itself)."""
    reading = aliased(MileageReading)
    return (
        select(reading.id)
        .where(reading.contract_id == contract_id)
        .order_by(*latest_first(reading))
        .limit(1)
        .correlate_except(reading)
        .scalar_subquery()
    )


def last_reading(session: Session, contract: Contract) -> MileageReading | None:
    return session.scalar(
        select(MileageReading)
        .where(MileageReading.contract_id == contract.id)
        .order_by(*latest_first(MileageReading))
        .limit(1)
    )


def contract_out(session: Session, contract: Contract) -> ContractOut:
    return _contract_out(contract, last_reading(session, contract))


def _contract_out(contract: Contract, reading: MileageReading | None) -> ContractOut:
    return ContractOut(
        contract_number=contract.contract_number,
        product=contract.product,
        vehicle=Vehicle(make=contract.vehicle_make, model=contract.vehicle_model, license_plate=contract.license_plate),
        start_date=contract.start_date,
        end_date=contract_end_date(contract),
        duration_months=contract.duration_months,
        yearly_km=contract.yearly_km,
        monthly_price_eur=float(contract.monthly_price_eur),
        status=contract.status,
        conditions_doc=contract.conditions_doc,
        last_reading=LastReading.model_validate(reading) if reading else None,
    )


@cache
def _contracts_with_latest_reading() -> Select[tuple[Contract, MileageReading]]:
    """Built once: composing a statement with a correlated subquery costs more Python than running it."""
    return (
        select(Contract, MileageReading)
        .outerjoin(MileageReading, MileageReading.id == _latest_reading_id(Contract.id))
        .where(Contract.customer_id == bindparam("customer_id"))
        .order_by(Contract.contract_number)
    )


def customer_out(session: Session, customer: Customer) -> CustomerOut:
    """The customer with every contract and its latest reading, read in one query (GET /me is the
    API's busiest read; a query per contract cost a database round trip each)."""
    rows = session.execute(_contracts_with_latest_reading(), {"customer_id": customer.id}).all()
    return CustomerOut(
        customer_number=customer.customer_number,
        name=customer.name,
        email=customer.email,
        phone=customer.phone,
        address=Address.model_validate(customer),
        iban_masked=mask_iban(customer.iban),
        language=customer.language,
        contracts=[_contract_out(contract, reading) for contract, reading in rows],
    )
