"""HTTP face of the knowledge base: `GET /knowledge/search`, mounted by the API app."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from knowledge.index import IndexMissingError
from knowledge.ingest import BE_PRIVATE, FINANCING, NL_BUSINESS
from knowledge.search import index_status, search, warm_up

router = APIRouter(tags=["knowledge"])

PROBLEM_JSON = "application/problem+json"
PRODUCTS = (BE_PRIVATE, NL_BUSINESS, FINANCING)


def _problem(status: int, title: str, detail: str) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


@router.get("/knowledge/search")
def knowledge_search(
    q: Annotated[str, Query(description="De vraag van de klant")] = "",
    k: Annotated[int, Query(ge=1, le=20)] = 5,
    product: Annotated[str | None, Query(description="be_private_lease | nl_business_lease | financing")] = None,
):
    """Ranked passages, a confidence decision and a short cited answer for one question."""
    if not q.strip():
        return _problem(422, "Ongeldige vraag", "Stel een vraag: het zoekveld is leeg.")
    if product and product not in PRODUCTS:
        return _problem(422, "Onbekend product", f"Onbekend product: kies {', '.join(PRODUCTS)}.")
    try:
        return search(q, k=k, product=product or None).to_dict()
    except IndexMissingError:
        return _problem(503, "Kennisbank niet beschikbaar", "De kennisbank is niet beschikbaar.")


def status() -> Literal["ok", "missing"]:
    """Health of the knowledge index for `/health`."""
    return index_status()


__all__ = ["router", "status", "warm_up"]
