"""Identity check for channels without a login: contract number + licence plate -> short-lived token."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.auth.limiter import Limiter
from api.auth.schemas import CustomerToken, VerifyIdentity
from api.auth.security import create_token
from api.config import Settings
from api.customers.models import Contract
from api.errors import ProblemError
from api.validation.rules import compact_plate

TOO_MANY_FAILURES = (
    "Te veel mislukte pogingen. Probeer het over {minutes} minuten opnieuw of vraag naar een medewerker."
)


def verify_identity(
    session: Session, settings: Settings, limiter: Limiter, body: VerifyIdentity, source: str
) -> CustomerToken:
    contract_number = body.contract_number.strip().upper()
    keys = (source, f"contract:{contract_number}")
    limiter.check(*keys, detail=TOO_MANY_FAILURES)
    contract = session.scalar(select(Contract).where(Contract.contract_number == contract_number))
    if contract is None or compact_plate(contract.license_plate) != compact_plate(body.license_plate):
        limiter.record(*keys)
        raise ProblemError(
            401,
            "Het contractnummer en de nummerplaat horen niet bij elkaar. Controleer beide en probeer opnieuw.",
            slug="verification-failed",
        )
    limiter.reset(f"contract:{contract_number}")
    customer_number = contract.customer.customer_number
    return CustomerToken(
        access_token=create_token(settings, customer_number, "customer", settings.verify_token_minutes),
        expires_in=settings.verify_token_minutes * 60,
        customer_number=customer_number,
    )
