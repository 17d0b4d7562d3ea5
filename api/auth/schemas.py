from typing import Annotated

from pydantic import Field

from api.schemas import Output, StrictInput


class VerifyIdentity(StrictInput):
    contract_number: Annotated[str, Field(min_length=1, max_length=20, examples=["PL-100001"])]
    license_plate: Annotated[str, Field(min_length=1, max_length=20, examples=["1-ABC-123"])]


class CustomerToken(Output):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    customer_number: str
