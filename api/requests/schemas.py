"""One payload schema per request type; the `type` field selects which one applies."""

from datetime import date, datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, model_validator

from api.errors import register_union_tags
from api.requests.models import RequestStatus
from api.schemas import Output, StrictInput
from api.validation import rules
from api.validation.types import DebitDay, Iban, ShortText


class AddressChangePayload(StrictInput):
    street: ShortText
    house_number: Annotated[str, Field(min_length=1, max_length=10)]
    box: Annotated[str, Field(min_length=1, max_length=10)] | None = None
    postcode: Annotated[str, Field(max_length=10)]
    city: ShortText
    country: Literal["BE", "NL"]
    effective_date: date

    @model_validator(mode="after")
    def _postcode_fits_country(self) -> "AddressChangePayload":
        self.postcode = rules.parse_postcode(self.postcode, self.country)
        return self


class IbanChangePayload(StrictInput):
    iban: Iban
    account_holder: Annotated[str, Field(min_length=2, max_length=200)]
    # Set by the API, never trusted from the client: the bank code is not in our bank table yet.
    bank_code_unverified: bool = False

    @model_validator(mode="after")
    def _flag_unknown_bank(self) -> "IbanChangePayload":
        self.bank_code_unverified = not rules.iban_bank_known(self.iban)
        return self


class DomiciliationDateChangePayload(StrictInput):
    debit_day: DebitDay


class DocumentCopyPayload(StrictInput):
    document: Literal["prepayment_overview", "amortisation_table", "contract_copy"]


class RegistrationDuplicatePayload(StrictInput):
    reason: Literal["loss", "theft"]
    incident_date: date
    police_report_number: Annotated[str, Field(min_length=3, max_length=60)] | None = None

    @model_validator(mode="after")
    def _theft_needs_police_report(self) -> "RegistrationDuplicatePayload":
        if self.reason == "theft" and not self.police_report_number:
            raise ValueError(
                "Bij diefstal van je kentekenbewijs hebben we het nummer van het proces-verbaal van de politie nodig."
            )
        return self


class ResidentParkingDeclarationPayload(StrictInput):
    municipality: Annotated[str, Field(min_length=2, max_length=100)]


class EarlyTerminationPayload(StrictInput):
    desired_end_date: date
    reason: Annotated[str, Field(max_length=1000)] | None = None


class BonusMalusCertificatePayload(StrictInput):
    pass


class TravelCertificatePayload(StrictInput):
    destination_country: Annotated[str, Field(min_length=2, max_length=200)]
    departure_date: date
    return_date: date

    @model_validator(mode="after")
    def _return_after_departure(self) -> "TravelCertificatePayload":
        if self.return_date < self.departure_date:
            raise ValueError("De terugkeerdatum ligt vóór de vertrekdatum.")
        return self


class KmBundleChangePayload(StrictInput):
    new_yearly_km: Annotated[int, Field(ge=1, le=200_000)]


class _RequestBase(StrictInput):
    contract_number: Annotated[str, Field(min_length=1, max_length=20, examples=["PL-100001"])]


class AddressChange(_RequestBase):
    type: Literal["address_change"]
    payload: AddressChangePayload


class IbanChange(_RequestBase):
    type: Literal["iban_change"]
    payload: IbanChangePayload


class DomiciliationDateChange(_RequestBase):
    type: Literal["domiciliation_date_change"]
    payload: DomiciliationDateChangePayload


class DocumentCopy(_RequestBase):
    type: Literal["document_copy"]
    payload: DocumentCopyPayload


class RegistrationDuplicate(_RequestBase):
    type: Literal["registration_duplicate"]
    payload: RegistrationDuplicatePayload


class ResidentParkingDeclaration(_RequestBase):
    type: Literal["resident_parking_declaration"]
    payload: ResidentParkingDeclarationPayload


class EarlyTermination(_RequestBase):
    type: Literal["early_termination"]
    payload: EarlyTerminationPayload


class BonusMalusCertificate(_RequestBase):
    type: Literal["bonus_malus_certificate"]
    payload: BonusMalusCertificatePayload = Field(default_factory=BonusMalusCertificatePayload)


class TravelCertificate(_RequestBase):
    type: Literal["travel_certificate"]
    payload: TravelCertificatePayload


class KmBundleChange(_RequestBase):
    type: Literal["km_bundle_change"]
    payload: KmBundleChangePayload


RequestCreate = Annotated[
    AddressChange
    | IbanChange
    | DomiciliationDateChange
    | DocumentCopy
    | RegistrationDuplicate
    | ResidentParkingDeclaration
    | EarlyTermination
    | BonusMalusCertificate
    | TravelCertificate
    | KmBundleChange,
    Field(discriminator="type"),
]
REQUEST_TYPES = tuple(
    get_args(model.model_fields["type"].annotation)[0] for model in get_args(get_args(RequestCreate)[0])
)
register_union_tags(*REQUEST_TYPES)


class RequestOut(Output):
    id: int
    reference: str
    type: str
    contract_number: str
    status: RequestStatus
    payload: dict[str, Any]
    created_at: datetime
    due_at: datetime
    due_text: str
    fee_eur: float | None
