from fastapi import APIRouter

from api.customers import service
from api.customers.schemas import ContractOut, CustomerOut
from api.deps import CodePath, CurrentCustomer, SessionDep
from api.errors import PROBLEM_RESPONSES

router = APIRouter(prefix="/me", tags=["klant"], responses=PROBLEM_RESPONSES)


@router.get("", response_model=CustomerOut)
def get_me(customer: CurrentCustomer, session: SessionDep) -> CustomerOut:
    """The calling customer with all their contracts."""
    return service.customer_out(session, customer)


@router.get("/contracts/{contract_number}", response_model=ContractOut)
def get_contract(contract_number: CodePath, customer: CurrentCustomer, session: SessionDep) -> ContractOut:
    return service.contract_out(session, service.get_own_contract(session, customer, contract_number))
