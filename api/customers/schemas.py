from datetime import date

from api.customers.models import Product
from api.schemas import Output


class Vehicle(Output):
    make: str
    model: str
    license_plate: str


class LastReading(Output):
    odometer_km: int
    reading_date: date


class ContractOut(Output):
    contract_number: str
    product: Product
    vehicle: Vehicle
    start_date: date
    end_date: date
    duration_months: int
    yearly_km: int | None
    monthly_price_eur: float
    status: str
    conditions_doc: str
    last_reading: LastReading | None


class Address(Output):
    street: str
    house_number: str
    box: str | None
    postcode: str
    city: str
    country: str


class CustomerOut(Output):
    customer_number: str
    name: str
    email: str
    phone: str
    address: Address
    iban_masked: str
    language: str
    contracts: list[ContractOut]
