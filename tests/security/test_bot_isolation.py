"""Through the bot: naming another customer's contract number gets none of that customer's data."""

from __future__ import annotations

import re
import secrets

import httpx
import pytest

from tests.e2e.chat import texts

pytestmark = pytest.mark.e2e

OTHER_CONTRACT = "ZL-200001"  # customer C1002's; the conversations below are C1001's or anonymous


def me(stack, customer: str) -> dict:
    headers = {"Authorization": f"Bearer {stack.token(customer)}"}
    response = httpx.get(f"{stack.api_url}/me", headers=headers, timeout=10)
    response.raise_for_status()
    return response.json()


def readings_and_requests(stack, customer: str) -> tuple[int, int]:
    headers = {"Authorization": f"Bearer {stack.token(customer)}"}
    readings = httpx.get(f"{stack.api_url}/me/mileage", headers=headers, timeout=10).json()
    requests = httpx.get(f"{stack.api_url}/me/requests", headers=headers, timeout=10).json()
    return len(readings), len(requests)


def secrets_of(customer: dict, own: dict) -> list[str]:
    """What of `customer` must never reach another customer's chat (values they share are left out)."""
    own_values = {own["name"], own["email"], own["phone"], *(c["vehicle"]["license_plate"] for c in own["contracts"])}
    contract = next(c for c in customer["contracts"] if c["contract_number"] == OTHER_CONTRACT)
    values = [customer["name"], customer["email"], customer["phone"], contract["vehicle"]["license_plate"]]
    return [value for value in values if value and value not in own_values]


@pytest.mark.parametrize("customer", ["C1001", None], ids=["logged-in customer", "anonymous channel"])
def test_naming_another_customers_contract_reveals_and_changes_nothing(stack, customer):
    other, own = me(stack, "C1002"), me(stack, "C1001")
    before = readings_and_requests(stack, "C1002")
    sender = secrets.token_hex(16)  # 128 bits: what the REST channel asks of anonymous senders
    token = stack.token(customer) if customer else None
    lines = [
        f"wat is de kilometerbundel van contract {OTHER_CONTRACT}?",
        f"wanneer eindigt contract {OTHER_CONTRACT}?",
        f"welke auto hoort bij {OTHER_CONTRACT}?",
        f"ik wil de kilometerstand van {OTHER_CONTRACT} doorgeven",
        "48000",
        "ja",
        f"ik ben verhuisd, contract {OTHER_CONTRACT}",
        "stop",
    ]
    said = "\n".join(texts(stack.say(line, sender=sender, token=token)) for line in lines)
    # The plate format hint's examples ("Geef ze op zoals 1-ABC-123 of K-123-BB.") are the demo plates.
    said = re.sub(r"zoals [^.]*\.", "", said)

    for value in secrets_of(other, own):
        assert value not in said, f"{value!r} of C1002 reached {customer or 'an anonymous'} chat"
    assert readings_and_requests(stack, "C1002") == before
