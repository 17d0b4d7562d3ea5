"""A customer only ever sees their own data: another customer's ids answer 404, as if they did not exist.

The matrices are generated from the app's OpenAPI document: every operation is classified by the
security scheme of its guard (CustomerToken, AgentToken, ServiceToken, or none). A new customer
operation without a row in CROSS_CUSTOMER_CALLS, or a new unguarded one that is not in PUBLIC_ROUTES,
fails the tests.
"""

import base64
import io
import json
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from api_helpers import SERVICE, assert_problem, customer_headers, freeze, production
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.auth.security import create_token
from api.config import get_settings
from api.db import get_sessionmaker
from api.knowledge_gaps.models import KnowledgeQuestion
from api.main import app

JAN, SANNE = "C1001", "C1002"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

# Routes anyone may call. /dev/* answer 404 in production (tests/api/test_api_system.py, test_api_conversations.py).
PUBLIC_ROUTES = {
    ("GET", "/health"),
    ("GET", "/chat-hours"),
    ("GET", "/chat-config"),
    ("POST", "/validate"),
    ("POST", "/extract"),  # like /validate: reads values out of a text, touches no data
    ("POST", "/auth/verify"),
    ("POST", "/agent/login"),
    ("GET", "/knowledge/search"),
    ("GET", "/dev/customers"),
    ("POST", "/dev/customer-token"),
    # Photo upload by signed link (api/damage/upload_page.py): the token in the path is the credential.
    ("GET", "/upload/{token}"),
    ("POST", "/upload/{token}"),
}
GUARDS = {"CustomerToken": "customer", "AgentToken": "agent", "ServiceToken": "service"}
# A valid-looking value for every path parameter (the guard answers before the object is looked up).
PATH_VALUES = {
    "contract_number": "PL-100001",
    "request_id": "1",
    "damage_id": "1",
    "photo_id": "1",
    "handoff_id": "1",
    "conversation_id": "web-C1001",
    "token": "not-a-token",
    "question_id": "1",
    "reading_id": "1",
}


def _routes() -> list[tuple[str, str, str]]:
    """(method, path, guard) for every operation of the app; guard is customer|agent|service|public."""
    routes = []
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            schemes = {GUARDS[name] for requirement in operation.get("security", []) for name in requirement}
            assert len(schemes) <= 1, f"{method} {path} accepts several kinds of token: {schemes}"
            routes.append((method.upper(), path, schemes.pop() if schemes else "public"))
    return routes


ROUTES = _routes()
PROTECTED = [(method, path, guard) for method, path, guard in ROUTES if guard != "public"]


def _concrete(path: str) -> str:
    for name, value in PATH_VALUES.items():
        path = path.replace("{" + name + "}", value)
    assert "{" not in path, f"add a value for the path parameters of {path} to PATH_VALUES"
    return path


def test_every_route_without_a_guard_is_known_to_be_public() -> None:
    public = {(method, path) for method, path, guard in ROUTES if guard == "public"}
    assert public == PUBLIC_ROUTES, "a route without customer/agent/service guard: add the guard or PUBLIC_ROUTES"
    assert {guard for _, _, guard in ROUTES} == {"customer", "agent", "service", "public"}


def test_development_routes_do_not_exist_in_production(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """/dev/* mint customer tokens and move the clock: in production every one is 404, whoever asks."""
    dev_routes = [(method, path) for method, path, _ in ROUTES if path.startswith("/dev/")]
    assert len(dev_routes) >= 3
    with production(monkeypatch):
        for method, path in dev_routes:
            body = {"customer_number": JAN} if path == "/dev/customer-token" else {"now": None}
            response = client.request(method, _concrete(path), headers=SERVICE, json=body)
            assert_problem(response, 404)


def test_undocumented_methods_are_refused_on_every_path(client: TestClient) -> None:
    """No PUT/PATCH/DELETE hides behind a documented path: 405, never a success."""
    documented: dict[str, set[str]] = {}
    for method, path, _ in ROUTES:
        documented.setdefault(path, set()).add(method)
    wrong = []
    for path, methods in documented.items():
        for method in {"GET", "POST", "PUT", "PATCH", "DELETE"} - methods:
            response = client.request(method, _concrete(path), headers=customer_headers(JAN))
            if response.status_code != 405:
                wrong.append(f"{method} {path}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


def _b64(part: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()


def _bad_tokens(guard: str) -> dict[str, dict[str, str]]:
    """Tokens every route of `guard` must answer with 401."""
    settings = get_settings()
    claims = {"sub": JAN, "role": "customer", "exp": 4_102_444_800}
    unknown = (
        create_token(settings, "nobody", "agent", 30)
        if guard == "agent"
        else create_token(settings, "C9999", "customer", 30)
    )
    bearer = lambda token: {"Authorization": f"Bearer {token}"}  # noqa: E731
    return {
        "no token": {},
        "empty bearer": {"Authorization": "Bearer "},
        "not a JWT": bearer("not-a-jwt"),
        "basic scheme": {"Authorization": "Basic YWdlbnQ6YWdlbnQ="},
        "expired": bearer(create_token(settings, JAN, "customer", -1)),
        "wrong signature": bearer(jwt.encode(claims, "another-secret-entirely-0123456789abcdef", algorithm="HS256")),
        "alg none": bearer(f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."),
        "no role": bearer(jwt.encode({"sub": JAN, "exp": 4_102_444_800}, settings.jwt_secret, algorithm="HS256")),
        "unknown role": bearer(jwt.encode({**claims, "role": "admin"}, settings.jwt_secret, algorithm="HS256")),
        # Well signed, of the guard's role, for a subject that does not exist (any more).
        "unknown subject": bearer(unknown),
    }


def test_protected_routes_refuse_missing_and_forged_tokens(client: TestClient) -> None:
    wrong = []
    for method, path, guard in PROTECTED:
        for name, headers in _bad_tokens(guard).items():
            response = client.request(method, _concrete(path), headers=headers)
            if response.status_code != 401 or not response.headers["content-type"].startswith("application/problem"):
                wrong.append(f"{method} {path} with {name}: {response.status_code} {response.text[:80]}")
    assert not wrong, "\n".join(wrong)
    assert len(PROTECTED) >= 24


def _role_headers(client: TestClient) -> dict[str, dict[str, str]]:
    agent = client.post("/agent/login", json={"username": "agent", "password": "agent"}).json()["access_token"]
    return {
        "customer": customer_headers(JAN),
        "agent": {"Authorization": f"Bearer {agent}"},
        "service": SERVICE,
    }


# A JWT of the wrong role is a valid identity without the right: 403. The service token is no JWT: 401.
WRONG_ROLE_STATUS = {("customer", "agent"): 403, ("agent", "customer"): 403}


def test_protected_routes_refuse_the_other_roles(client: TestClient) -> None:
    wrong = []
    for role, headers in _role_headers(client).items():
        for method, path, guard in PROTECTED:
            if role == guard:
                continue
            expected = WRONG_ROLE_STATUS.get((guard, role), 401)
            response = client.request(method, _concrete(path), headers=headers)
            if response.status_code != expected:
                wrong.append(f"{method} {path} as {role}: {response.status_code}, expected {expected}")
    assert not wrong, "\n".join(wrong)


def _damage_body(contract_number: str, plate: str, description: str = "Steenslag in de voorruit") -> dict[str, Any]:
    return {
        "contract_number": contract_number,
        "license_plate": plate,
        "occurred_on": "2026-11-20",
        "location": "Gent",
        "description": description,
        "damage_kind": "glass",
        "other_party_involved": False,
    }


def _jan_creates_everything(client: TestClient) -> dict[str, Any]:
    """Jan (A) files one of everything; Sanne (B) one damage file of her own. Frozen inside chat hours."""
    freeze(client, "2026-11-23T10:00:00+01:00")
    jan = customer_headers(JAN)
    request = client.post(
        "/me/requests",
        headers=jan,
        json={"type": "domiciliation_date_change", "contract_number": "PL-100001", "payload": {"debit_day": 5}},
    )
    damage = client.post("/me/damage-files", headers=jan, json=_damage_body("PL-100001", "1-ABC-123"))
    photo = client.post(
        f"/me/damage-files/{damage.json()['id']}/photos",
        headers=jan,
        files={"file": ("ruit.png", io.BytesIO(PNG), "image/png")},
    )
    reading = client.post("/me/mileage", headers=jan, json={"contract_number": "PL-100001", "odometer_km": 30500})
    conversation = client.post("/me/conversations", headers=jan, json={"conversation_id": "web-C1001"})
    rating = client.post(
        "/me/ratings", headers=jan, json={"conversation_id": "web-C1001", "score": 2, "comment": "Jans mening"}
    )
    handoff = client.post(
        "/handoffs",
        headers=SERVICE,
        json={
            "conversation_id": "telegram-jan",
            "customer_number": JAN,
            "channel": "telegram",
            "reason": "vraag over factuur",
            "transcript": [{"sender": "customer", "text": "Jans geheime vraag", "timestamp": "2026-11-23T09:00:00Z"}],
        },
    )
    question = client.post(
        "/knowledge/questions",
        headers=SERVICE,
        json={
            "conversation_id": "web-C1001",
            "customer_number": JAN,
            "question": "Jans kennisvraag over de leaseprijs?",
            "decision": "answer",
        },
    )
    sanne_damage = client.post(
        "/me/damage-files",
        headers=customer_headers(SANNE),
        json=_damage_body("ZL-200001", "K-123-BB", "Kras op het portier"),
    )
    created = (request, damage, photo, reading, conversation, rating, handoff, question, sanne_damage)
    assert [r.status_code for r in created] == [201, 201, 201, 201, 200, 201, 201, 201, 201], [r.text for r in created]
    return {
        "request": request.json()["id"],
        "request_reference": request.json()["reference"],
        "damage": damage.json()["id"],
        "damage_reference": damage.json()["reference"],
        "photo": photo.json()["id"],
        "question": question.json()["id"],
        "reading": reading.json()["id"],
        "sanne_damage": sanne_damage.json()["id"],
        "jan_requests": len(client.get("/me/requests", headers=jan).json()),
    }


# Everything of Jan's that must never appear in an answer to Sanne (unless she sent it herself).
def _jan_markers(ids: dict[str, Any]) -> list[str]:
    return [
        "Jan Peeters",
        "jan.peeters@example.be",
        "+32470123456",
        "Veldstraat",
        "BE71096123456769",
        "1-ABC-123",
        "PL-100001",
        "web-C1001",
        "telegram-jan",
        "Jans geheime vraag",
        "Jans mening",
        "Jans kennisvraag",
        "Steenslag in de voorruit",
        ids["request_reference"],
        ids["damage_reference"],
    ]


Call = tuple[str, dict[str, Any], int]  # concrete path, request arguments, expected status
CROSS_CUSTOMER_CALLS: dict[tuple[str, str], Callable[[dict[str, Any]], list[Call]]] = {
    ("GET", "/me"): lambda ids: [("/me", {}, 200)],
    ("GET", "/me/contracts/{contract_number}"): lambda ids: [("/me/contracts/PL-100001", {}, 404)],
    ("GET", "/me/requests"): lambda ids: [("/me/requests", {}, 200)],
    ("GET", "/me/requests/{request_id}"): lambda ids: [(f"/me/requests/{ids['request']}", {}, 404)],
    ("POST", "/me/requests"): lambda ids: [
        ("/me/requests", {"json": {"type": "bonus_malus_certificate", "contract_number": "PL-100001"}}, 404),
        (
            "/me/requests",
            {
                "json": {
                    "type": "iban_change",
                    "contract_number": "PL-100001",
                    "payload": {"iban": "BE71096123456769", "account_holder": "Sanne de Vries"},
                }
            },
            404,
        ),
    ],
    ("GET", "/me/mileage"): lambda ids: [
        ("/me/mileage", {}, 200),
        ("/me/mileage?contract_number=PL-100001", {}, 404),
    ],
    ("PUT", "/me/mileage/{reading_id}"): lambda ids: [
        (f"/me/mileage/{ids['reading']}", {"json": {"odometer_km": 30400}}, 404)
    ],
    ("POST", "/me/mileage"): lambda ids: [
        ("/me/mileage", {"json": {"contract_number": "PL-100001", "odometer_km": 31000}}, 404)
    ],
    ("GET", "/me/damage-files"): lambda ids: [("/me/damage-files", {}, 200)],
    ("GET", "/me/damage-files/{damage_id}"): lambda ids: [(f"/me/damage-files/{ids['damage']}", {}, 404)],
    ("POST", "/me/damage-files"): lambda ids: [
        ("/me/damage-files", {"json": _damage_body("PL-100001", "1-ABC-123")}, 404)
    ],
    ("POST", "/me/damage-files/{damage_id}/photos"): lambda ids: [
        (
            f"/me/damage-files/{ids['damage']}/photos",
            {"files": {"file": ("x.png", io.BytesIO(PNG), "image/png")}},
            404,
        )
    ],
    ("POST", "/me/damage-files/{damage_id}/upload-link"): lambda ids: [
        (f"/me/damage-files/{ids['damage']}/upload-link", {}, 404)
    ],
    ("GET", "/me/damage-files/{damage_id}/photos/{photo_id}"): lambda ids: [
        (f"/me/damage-files/{ids['damage']}/photos/{ids['photo']}", {}, 404),
        # Her own damage file does not open Jan's photo either.
        (f"/me/damage-files/{ids['sanne_damage']}/photos/{ids['photo']}", {}, 404),
    ],
    ("GET", "/me/handoffs"): lambda ids: [("/me/handoffs", {}, 200)],
    ("POST", "/me/conversations"): lambda ids: [
        ("/me/conversations", {"json": {"conversation_id": "web-C1001"}}, 404),
        ("/me/conversations", {"json": {"conversation_id": "telegram-jan"}}, 404),
    ],
    ("POST", "/me/ratings"): lambda ids: [
        ("/me/ratings", {"json": {"conversation_id": "web-C1001", "score": 1}}, 404),
        ("/me/ratings", {"json": {"conversation_id": "telegram-jan", "score": 1}}, 404),
    ],
    ("POST", "/me/knowledge/questions/{question_id}/vote"): lambda ids: [
        (f"/me/knowledge/questions/{ids['question']}/vote", {"json": {"vote": "down"}}, 404)
    ],
}
CUSTOMER_ROUTES = sorted((method, path) for method, path, guard in ROUTES if guard == "customer")


def test_every_customer_route_is_in_the_cross_customer_matrix() -> None:
    assert set(CROSS_CUSTOMER_CALLS) == set(CUSTOMER_ROUTES), "add the new customer route to CROSS_CUSTOMER_CALLS"


@pytest.mark.parametrize(("method", "path"), CUSTOMER_ROUTES, ids=[f"{m} {p}" for m, p in CUSTOMER_ROUTES])
def test_another_customers_ids_are_not_found(client: TestClient, method: str, path: str) -> None:
    ids = _jan_creates_everything(client)
    sanne = customer_headers(SANNE)
    for concrete, arguments, expected in CROSS_CUSTOMER_CALLS[(method, path)](ids):
        response = client.request(method, concrete, headers=sanne, **arguments)
        assert response.status_code == expected, f"{method} {concrete}: {response.status_code} {response.text}"
        if expected == 404:
            assert_problem(response, 404)
        sent = concrete + json.dumps(arguments.get("json"))
        leaked = [marker for marker in _jan_markers(ids) if marker not in sent and marker in response.text]
        assert not leaked, f"{method} {concrete} shows Jan's {leaked}"
    # Nothing Sanne tried changed Jan's records, and Jan still sees all of them.
    jan = customer_headers(JAN)
    assert client.get(f"/me/damage-files/{ids['damage']}/photos/{ids['photo']}", headers=jan).content == PNG
    assert client.get(f"/me/requests/{ids['request']}", headers=jan).status_code == 200
    assert len(client.get(f"/me/damage-files/{ids['damage']}", headers=jan).json()["photos"]) == 1
    assert len(client.get("/me/requests", headers=jan).json()) == ids["jan_requests"]
    with get_sessionmaker()() as session:
        assert session.scalars(select(KnowledgeQuestion.vote)).all() == [None]  # Sanne's 👎 never landed
    vote = client.post(f"/me/knowledge/questions/{ids['question']}/vote", headers=jan, json={"vote": "up"})
    assert vote.status_code == 200


def test_lists_only_hold_the_callers_own_records(client: TestClient) -> None:
    _jan_creates_everything(client)
    sanne = customer_headers(SANNE)
    me = client.get("/me", headers=sanne).json()
    assert me["customer_number"] == SANNE
    assert [c["contract_number"] for c in me["contracts"]] == ["ZL-200001"]
    assert client.get("/me/requests", headers=sanne).json() == []
    assert [d["contract_number"] for d in client.get("/me/damage-files", headers=sanne).json()] == ["ZL-200001"]
    assert client.get("/me/handoffs", headers=sanne).json() == []
    assert {r["contract_number"] for r in client.get("/me/mileage", headers=sanne).json()} == {"ZL-200001"}
    assert len(client.get("/me/handoffs", headers=customer_headers(JAN)).json()) == 1
