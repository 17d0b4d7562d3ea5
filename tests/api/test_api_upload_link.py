"""Photo upload by signed link (api/damage/upload_page.py), for channels that cannot carry a file."""

import io
from datetime import UTC, datetime, timedelta

import jwt
from api_helpers import customer_headers, freeze
from fastapi.testclient import TestClient

from api.auth.security import ALGORITHM
from api.config import get_settings

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DAMAGE = {
    "contract_number": "PL-100001",
    "license_plate": "1-ABC-123",
    "occurred_on": "2026-11-20",
    "location": "Gent",
    "description": "Deuk in de achterklep",
    "damage_kind": "collision",
    "other_party_involved": False,
}


def _damage_and_link(client: TestClient) -> tuple[dict, str]:
    freeze(client, "2026-11-23T10:00:00+01:00")
    jan = customer_headers("C1001")
    damage = client.post("/me/damage-files", headers=jan, json=DAMAGE)
    assert damage.status_code == 201, damage.text
    link = client.post(f"/me/damage-files/{damage.json()['id']}/upload-link", headers=jan)
    assert link.status_code == 200, link.text
    url = link.json()["url"]
    assert url.startswith(get_settings().public_url.rstrip("/") + "/upload/")
    return damage.json(), url.removeprefix(get_settings().public_url.rstrip("/"))


def _photos(client: TestClient, damage_id: int) -> list[dict]:
    return client.get(f"/me/damage-files/{damage_id}", headers=customer_headers("C1001")).json()["photos"]


def test_a_photo_sent_through_the_link_lands_in_the_damage_file(client: TestClient) -> None:
    damage, path = _damage_and_link(client)
    page = client.get(path)
    assert page.status_code == 200 and damage["reference"] in page.text and 'type="file"' in page.text
    sent = client.post(path, files={"file": ("achterklep.png", io.BytesIO(PNG), "image/png")})
    assert sent.status_code == 201 and "achterklep.png" in sent.text
    assert [photo["filename"] for photo in _photos(client, damage["id"])] == ["achterklep.png"]


def test_a_file_that_is_not_a_photo_gets_a_dutch_message_and_the_form_again(client: TestClient) -> None:
    damage, path = _damage_and_link(client)
    sent = client.post(path, files={"file": ("factuur.pdf", io.BytesIO(b"%PDF-1.4"), "application/pdf")})
    assert sent.status_code == 415 and 'type="file"' in sent.text and 'lang="nl"' in sent.text
    assert _photos(client, damage["id"]) == []


def test_a_forged_expired_or_login_token_opens_nothing(client: TestClient) -> None:
    damage, path = _damage_and_link(client)
    token = path.removeprefix("/upload/")
    secret = get_settings().jwt_secret
    expired = jwt.encode(
        {"sub": "C1001", "role": "photo_upload", "damage": damage["id"], "exp": datetime.now(UTC) - timedelta(1)},
        secret,
        algorithm=ALGORITHM,
    )
    other_customer = jwt.encode(
        {"sub": "C1002", "role": "photo_upload", "damage": damage["id"], "exp": datetime.now(UTC) + timedelta(1)},
        secret,
        algorithm=ALGORITHM,
    )
    login = customer_headers("C1001")["Authorization"].removeprefix("Bearer ")
    for bad in (token[:-2] + "xx", expired, other_customer, login, "niets"):
        page = client.get(f"/upload/{bad}")
        assert page.status_code == 401 and "werkt niet" in page.text and 'type="file"' not in page.text
        sent = client.post(f"/upload/{bad}", files={"file": ("x.png", io.BytesIO(PNG), "image/png")})
        assert sent.status_code == 401
    # …and the upload token is no login either.
    assert client.get("/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert _photos(client, damage["id"]) == []
