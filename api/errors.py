"""Every error leaves the API as application/problem+json with a Dutch `detail` a chat can show as is."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError, DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://lease-assistant.example/problems/"

TITLES = {
    400: "Ongeldige aanvraag",
    401: "Niet aangemeld",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    409: "Conflict",
    413: "Bestand te groot",
    415: "Bestandstype niet ondersteund",
    422: "Ongeldige gegevens",
    429: "Te veel pogingen",
    500: "Interne fout",
    503: "Dienst niet beschikbaar",
}
DEFAULT_DETAILS = {
    401: "U bent niet aangemeld of uw sessie is verlopen. Meld u opnieuw aan.",
    403: "U heeft geen toegang tot deze functie.",
    404: "Dit hebben we niet gevonden.",
    405: "Deze bewerking is hier niet toegestaan.",
    500: "Er ging iets mis aan onze kant. Probeer het later opnieuw of vraag naar een medewerker.",
    503: "Ons systeem is even niet bereikbaar. Probeer het zo dadelijk opnieuw of vraag naar een medewerker.",
}
DATABASE_RETRY_AFTER_SECONDS = "5"


class Problem(BaseModel):
    """RFC 9457 problem details, as documented in OpenAPI."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "description": TITLES[code]} for code in (401, 403, 404, 409, 422, 429)
}


class ProblemError(Exception):
    """A domain error with an HTTP status and a Dutch sentence for the customer."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        slug: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.slug = slug
        self.errors = errors
        self.headers = headers


class NotFoundError(ProblemError):
    def __init__(self, detail: str = DEFAULT_DETAILS[404]) -> None:
        super().__init__(404, detail, slug="not-found")


def problem_response(
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + (slug or str(status)),
        "title": TITLES.get(status, "Fout"),
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


_PYDANTIC_MESSAGES = {
    "missing": "is verplicht",
    "extra_forbidden": "is niet toegestaan",
    "string_too_short": "is te kort",
    "string_too_long": "is te lang",
    "string_type": "moet tekst zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_type": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "bool_parsing": "moet ja of nee zijn",
    "bool_type": "moet ja of nee zijn",
    "date_from_datetime_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_type": "moet een datum zijn (JJJJ-MM-DD)",
    "datetime_parsing": "moet een tijdstip zijn (ISO 8601)",
    "datetime_from_date_parsing": "moet een tijdstip zijn (ISO 8601)",
    "datetime_type": "moet een tijdstip zijn (ISO 8601)",
    "literal_error": "heeft geen toegelaten waarde",
    "enum": "heeft geen toegelaten waarde",
    "greater_than_equal": "is te klein",
    "greater_than": "is te klein",
    "less_than_equal": "is te groot",
    "less_than": "is te groot",
    "model_type": "heeft een ongeldige vorm",
    "dict_type": "heeft een ongeldige vorm",
    "list_type": "moet een lijst zijn",
    "json_invalid": "is geen geldige JSON",
    "union_tag_invalid": "heeft geen toegelaten waarde",
    "union_tag_not_found": "ontbreekt",
}


def _dutch_message(error: dict[str, Any]) -> str:
    if error.get("type") == "value_error":
        # Our own validators raise ValueError with a complete Dutch sentence.
        return str(error.get("ctx", {}).get("error", error.get("msg", "")))
    return _PYDANTIC_MESSAGES.get(error.get("type", ""), "is ongeldig")


_UNION_TAGS: set[str] = set()


def register_union_tags(*tags: str) -> None:
    """Discriminated unions put their tag in an error's location; it tells the reader nothing."""
    _UNION_TAGS.update(tags)


def _field_name(error: dict[str, Any]) -> str:
    if error.get("type") in ("union_tag_invalid", "union_tag_not_found"):
        return str(error.get("ctx", {}).get("discriminator", "type")).strip("'")
    skip = {"body", "query", "path", "header", *_UNION_TAGS}
    parts = [str(part) for part in error.get("loc", ()) if part not in skip]
    return ".".join(parts) or "aanvraag"


def validation_problem(exc: RequestValidationError) -> JSONResponse:
    errors = []
    for error in exc.errors():
        field = _field_name(error)
        errors.append({"field": field, "message": _dutch_message(error), "type": error.get("type")})
    first = errors[0] if errors else {"field": "aanvraag", "message": "is ongeldig", "type": ""}
    detail = first["message"] if first["type"] == "value_error" else f"Het veld '{first['field']}' {first['message']}."
    return problem_response(422, detail, slug="validation", errors=errors)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ProblemError)
    async def _problem(_request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(exc.status, exc.detail, slug=exc.slug, errors=exc.errors, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return validation_problem(exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) and exc.status_code not in DEFAULT_DETAILS else None
        return problem_response(
            exc.status_code,
            detail or DEFAULT_DETAILS.get(exc.status_code, "Deze aanvraag kon niet worden verwerkt."),
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(DataError)
    async def _data(request: Request, exc: DataError) -> JSONResponse:
        # Input the schemas let through but the database cannot store (e.g. out-of-range numbers).
        logger.warning("Database refused input on %s %s: %s", request.method, request.url.path, exc.orig)
        return problem_response(422, "De aanvraag bevat waarden die we niet kunnen verwerken.", slug="validation")

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> JSONResponse:
        # The database is unreachable or restarting: a clean, retryable 503. The pool checks a
        # connection before use (pool_pre_ping), so requests succeed again once it is back.
        if isinstance(exc, OperationalError | InterfaceError) or exc.connection_invalidated:
            logger.warning(
                "Database unavailable on %s %s: %s", request.method, request.url.path, type(exc.orig).__name__
            )
            return problem_response(
                503, DEFAULT_DETAILS[503], slug="unavailable", headers={"Retry-After": DATABASE_RETRY_AFTER_SECONDS}
            )
        return await _unexpected(request, exc)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return problem_response(500, DEFAULT_DETAILS[500], slug="internal")
