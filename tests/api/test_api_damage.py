"""Damage files: the rules of the documents, and photo uploads with type and size limits."""

import io

import pytest
from api_helpers import assert_problem, customer_headers, freeze
from fastapi.testclient import TestClient

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100
HEIC = b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100


def report(client: TestClient, customer: str = "C1001", **overrides):
    body = {
        "contract_number": "PL-100001",
        "license_plate": "1-abc-123",
        "occurred_on": "2026-11-22",
        "occurred_at": "14:30",
        "location": "Kortrijksesteenweg, Gent",
        "description": "Aanrijding op een kruispunt",
        "damage_kind": "collision",
        "other_party_involved": True,
        "accident_statement": True,
    } | overrides
    return client.post("/me/damage-files", headers=customer_headers(customer), json=body)


@pytest.fixture(autouse=True)
def _monday(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")


@pytest.mark.parametrize(
    ("kind", "deductible"),
    [
        ("collision", True),
        ("vandalism", True),
        ("glass", False),
        ("attempted_theft", False),
        ("fire", False),
        ("animal", False),
        ("natural_disaster", False),
    ],
)
def test_be_deductible_rules(client: TestClient, kind: str, deductible: bool) -> None:
    response = report(client, damage_kind=kind, other_party_involved=False, accident_statement=None)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["deductible_applies"] is deductible
    assert body["reference"].startswith("SCH-2026-")
    assert body["photo_upload_url"] == f"/me/damage-files/{body['id']}/photos"
    assert body["license_plate"] == "1-ABC-123"


def test_nl_contracts_always_carry_the_deductible(client: TestClient) -> None:
    response = report(
        client,
        "C1002",
        contract_number="ZL-200001",
        license_plate="K-123-BB",
        damage_kind="glass",
        other_party_involved=False,
        accident_statement=None,
    )
    assert response.status_code == 201, response.text
    assert response.json()["deductible_applies"] is True


def test_theft_needs_a_police_report_number(client: TestClient) -> None:
    body = assert_problem(report(client, damage_kind="theft", other_party_involved=False), 422)
    assert "24 uur" in body["detail"]
    ok = report(client, damage_kind="burglary", other_party_involved=False, police_report_number="GE.12.345/2026")
    assert ok.status_code == 201
    assert any("proces-verbaal" in step for step in ok.json()["next_steps"])


def test_another_party_needs_an_answer_about_the_accident_statement(client: TestClient) -> None:
    assert "aanrijdingsformulier" in assert_problem(report(client, accident_statement=None), 422)["detail"]
    missing = report(client, accident_statement=False)
    assert any("aanrijdingsformulier" in step for step in missing.json()["next_steps"])


def test_plate_must_belong_to_the_contract_and_date_not_in_the_future(client: TestClient) -> None:
    assert "hoort niet bij" in assert_problem(report(client, license_plate="2-XYZ-789"), 422)["detail"]
    assert_problem(report(client, license_plate="not a plate"), 422)
    assert "toekomst" in assert_problem(report(client, occurred_on="2026-11-30"), 422)["detail"]
    assert_problem(report(client, occurred_at="25:00"), 422)
    assert_problem(report(client, damage_kind="meteor"), 422)


def test_photos_upload_and_download(client: TestClient) -> None:
    damage_id = report(client).json()["id"]
    jan = customer_headers("C1001")
    for name, content, kind in (("a.jpg", JPEG, "image/jpeg"), ("b.heic", HEIC, "image/heic")):
        response = client.post(
            f"/me/damage-files/{damage_id}/photos", headers=jan, files={"file": (name, io.BytesIO(content), kind)}
        )
        assert response.status_code == 201, response.text
        photo = response.json()
        assert photo == {"id": photo["id"], "filename": name, "content_type": kind, "size": len(content)}
        download = client.get(f"/me/damage-files/{damage_id}/photos/{photo['id']}", headers=jan)
        assert download.content == content and download.headers["content-type"] == kind
    assert len(client.get(f"/me/damage-files/{damage_id}", headers=jan).json()["photos"]) == 2


def test_photo_type_and_size_limits(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    damage_id = report(client).json()["id"]
    jan = customer_headers("C1001")
    url = f"/me/damage-files/{damage_id}/photos"
    pdf = client.post(url, headers=jan, files={"file": ("a.pdf", io.BytesIO(b"%PDF-1.4"), "application/pdf")})
    assert_problem(pdf, 415)
    fake = client.post(url, headers=jan, files={"file": ("a.jpg", io.BytesIO(b"not really a jpeg"), "image/jpeg")})
    assert_problem(fake, 415)
    big = JPEG + b"\x00" * (10 * 1024 * 1024)
    assert (
        "10 MB"
        in assert_problem(
            client.post(url, headers=jan, files={"file": ("big.jpg", io.BytesIO(big), "image/jpeg")}), 413
        )["detail"]
    )
    assert client.get(f"/me/damage-files/{damage_id}", headers=jan).json()["photos"] == []
