"""Privacy in the logs of the real stack: a conversation with bank account numbers and an agent
handover, then no full IBAN and no secret in any line of the API, action server or Rasa output
(the log level is what `make run` uses)."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime

import httpx
import pytest

from tests.e2e.chat import texts

pytestmark = pytest.mark.e2e

IN_HOURS = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # Tuesday 10:00 Europe/Brussels
INVALID_IBAN = "BE68 5390 0754 7035"  # wrong check digits (one digit off a valid IBAN): the bot asks again
VALID_IBAN = "BE71 0961 2345 6769"


def iban_forms(iban: str) -> list[str]:
    """The ways an IBAN can show up in a log line: as typed, compact, lower case."""
    compact = iban.replace(" ", "")
    return [iban, compact, compact.lower(), re.sub(r"(.{4})", r"\1 ", compact).strip()]


@pytest.fixture
def in_chat_hours(stack):
    stack.set_clock(IN_HOURS)
    yield
    stack.set_clock(None)


def test_no_full_iban_or_secret_reaches_any_log(stack, in_chat_hours):
    token = stack.token("C1001")
    sender = f"privacy-{secrets.token_hex(4)}"

    def say(text: str) -> str:
        return texts(stack.say(text, sender=sender, token=token))

    say("ik wil mijn rekeningnummer wijzigen")
    assert "ongeldig" in say(INVALID_IBAN)
    assert "Op wiens naam" in say(VALID_IBAN)
    assert "Klopt dit?" in say("Jan Peeters")
    assert "VRZ-" in say("ja")
    assert "medewerker" in say("ik wil een medewerker spreken")
    say(f"mijn nieuwe rekeningnummer is {VALID_IBAN}")  # relayed to the agent

    conversation_id = f"C1001:{sender}"
    service = {"Authorization": f"Bearer {stack.service_token}"}
    handoff = httpx.get(f"{stack.api_url}/handoffs/by-conversation/{conversation_id}", headers=service).json()
    login = httpx.post(f"{stack.api_url}/agent/login", json={"username": "agent", "password": "agent"}, timeout=10)
    agent = {"Authorization": f"Bearer {login.json()['access_token']}"}
    base = f"{stack.api_url}/agent/handoffs/{handoff['id']}"
    httpx.post(f"{base}/assign", headers=agent, timeout=30).raise_for_status()
    message = {"text": f"Ik zie {VALID_IBAN}, klopt dat?"}
    httpx.post(f"{base}/messages", json=message, headers=agent, timeout=30).raise_for_status()
    httpx.post(f"{base}/release", headers=agent, timeout=30).raise_for_status()
    say(f"ja, {VALID_IBAN}")

    env = stack.stack.env
    secrets_ = {
        "customer JWT": token,
        "customer JWT signature": token.split(".")[2],
        "agent JWT signature": login.json()["access_token"].split(".")[2],
        "RASA_AUTH_TOKEN": env["RASA_AUTH_TOKEN"],
        "ACTION_SERVER_TOKEN": env["ACTION_SERVER_TOKEN"],
        "SERVICE_TOKEN": env["SERVICE_TOKEN"],
        "JWT_SECRET": env["JWT_SECRET"],
    }
    forbidden = {form: "IBAN" for iban in (INVALID_IBAN, VALID_IBAN) for form in iban_forms(iban)}
    forbidden |= {value: name for name, value in secrets_.items()}
    leaks = []
    for log in sorted(stack.stack.workdir.glob("*.log")):
        for number, line in enumerate(log.read_text(errors="replace").splitlines(), 1):
            leaks += [
                f"{log.name}:{number}: {name}: {line[:200]}" for value, name in forbidden.items() if value in line
            ]
    assert not leaks, "\n".join(leaks)
