"""Customers and their contracts; every lookup is scoped to the calling customer."""

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

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


def last_reading(session: Session, contract: Contract) -> MileageReading | None:
    return session.scalar(
        select(MileageReading)
        .where(MileageReading.contract_id == contract.id)
        .order_by(MileageReading.reading_date.desc(), MileageReading.odometer_km.desc())
        .limit(1)
    )


def contract_out(session: Session, contract: Contract) -> ContractOut:
    reading = last_reading(session, contract)
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


def customer_out(session: Session, customer: Customer) -> CustomerOut:
    return CustomerOut(
        customer_number=customer.customer_number,
        name=customer.name,
        email=customer.email,
        phone=customer.phone,
        address=Address.model_validate(customer),
        iban_masked=mask_iban(customer.iban),
        language=customer.language,
        contracts=[contract_out(session, contract) for contract in customer.contracts],
    )
