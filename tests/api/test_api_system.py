"""Identity verification, health, the development clock, problem+json and the CLI."""

import jwt
import pytest
from api_helpers import SERVICE, assert_problem, production
from fastapi.testclient import TestClient

from api.__main__ import main
from api.config import Settings, get_settings


def test_verify_identity_returns_a_short_lived_customer_token(client: TestClient) -> None:
    response = client.post("/auth/verify", json={"contract_number": "pl-100001", "license_plate": "1abc123"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["customer_number"] == "C1001" and body["expires_in"] == 900 and body["token_type"] == "bearer"
    claims = jwt.decode(body["access_token"], get_settings().jwt_secret, algorithms=["HS256"])
    assert claims["sub"] == "C1001" and claims["role"] == "customer"
    me = client.get("/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["customer_number"] == "C1001"


def test_failed_verifications_are_rate_limited(client: TestClient) -> None:
    wrong = {"contract_number": "PL-100001", "license_plate": "9-ZZZ-999"}
    for _ in range(get_settings().verify_max_failures):
        assert_problem(client.post("/auth/verify", json=wrong), 401)
    limited = client.post("/auth/verify", json={"contract_number": "PL-100001", "license_plate": "1-ABC-123"})
    body = assert_problem(limited, 429)
    assert "Te veel" in body["detail"] and int(limited.headers["Retry-After"]) > 0


def test_health(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["database"] == "ok" and body["status"] == "ok"
    assert body["knowledge"] in ("ok", "missing")


def test_dev_clock_needs_the_service_token_and_is_absent_in_production(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_problem(client.put("/dev/clock", json={"now": None}), 401)
    assert client.put("/dev/clock", json={"now": None}, headers=SERVICE).json()["frozen"] is False
    with production(monkeypatch):
        assert_problem(client.put("/dev/clock", json={"now": "2026-11-23T10:00:00Z"}, headers=SERVICE), 404)
        assert main(["token", "C1001"]) == 2


def test_dev_clock_refuses_when_the_api_runs_several_processes(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each process has its own clock: freezing one of them would leave the others on real time."""
    monkeypatch.setenv("API_WORKERS", "2")
    get_settings.cache_clear()
    try:
        body = assert_problem(client.put("/dev/clock", json={"now": "2026-11-23T10:00:00Z"}, headers=SERVICE), 409)
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert "API_WORKERS=1" in body["detail"]


def test_production_refuses_the_development_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("JWT_SECRET", raising=False)
    with pytest.raises(ValueError, match="JWT_SECRET"):
        Settings()


def test_problem_details_for_unknown_paths_and_bad_json(client: TestClient) -> None:
    assert_problem(client.get("/bestaat-niet"), 404)
    bad = client.post("/validate", content=b"{not json", headers={"content-type": "application/json"})
    assert_problem(bad, 422)


def test_cli_token_prints_a_jwt_for_a_seeded_customer(client: TestClient, capsys: pytest.CaptureFixture) -> None:
    assert main(["token"]) == 0
    token = capsys.readouterr().out.strip()
    assert jwt.decode(token, get_settings().jwt_secret, algorithms=["HS256"])["sub"] == "C1001"
    assert main(["token", "C9999"]) == 1


def test_openapi_is_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/me",
        "/me/requests",
        "/me/mileage",
        "/me/damage-files",
        "/handoffs",
        "/agent/login",
        "/validate",
        "/chat-hours",
        "/knowledge/search",
        "/health",
        "/dev/clock",
        "/callbacks",
    ):
        assert path in paths


def test_seeding_twice_adds_nothing(client: TestClient) -> None:
    from sqlalchemy import func, select

    from api.clock import Clock
    from api.db import get_sessionmaker
    from api.mileage.models import MileageReading
    from api.seed import seed

    with get_sessionmaker()() as session:
        readings = session.scalar(select(func.count()).select_from(MileageReading))
        assert seed(session, get_settings(), Clock()) == []
        assert session.scalar(select(func.count()).select_from(MileageReading)) == readings == 5
