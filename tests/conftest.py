"""The whole stack (API, action server, Rasa) started once per test session on free ports.

Shared by tests/e2e (HTTP and browser) and tests/security; tests/reliability starts its own, because it
kills and restarts processes. Loaded by both environments' pytest, so it imports only what both have.

Tests talk to it the way customers and agents do: over HTTP, through the REST channel, with real
customer tokens minted by `python -m api token` (what `make token` runs).
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT / "scripts"))  # after the repo root, so scripts/bench.py never shadows bench/

from stack import Stack  # noqa: E402


@dataclass
class RunningStack:
    stack: Stack
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def api_url(self) -> str:
        return self.stack.api_url

    @property
    def rasa_url(self) -> str:
        return self.stack.rasa_url

    @property
    def service_token(self) -> str:
        return self.stack.env["SERVICE_TOKEN"]

    def token(self, customer: str = "C1001") -> str:
        """A signed customer JWT, minted the way `make token CUSTOMER=…` does (once per customer and stack: a
        process start per conversation was most of the language bench's time)."""
        if customer not in self.tokens:
            self.tokens[customer] = self._mint(customer)
        return self.tokens[customer]

    def _mint(self, customer: str) -> str:
        result = subprocess.run(
            [str(ROOT / ".venv/app/bin/python"), "-m", "api", "token", customer],
            cwd=ROOT,
            env=self.stack.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip().splitlines()[-1]

    def set_clock(self, now: datetime | None) -> None:
        """Freeze the API's clock (None releases it), e.g. to be inside or outside chat hours."""
        response = httpx.put(
            f"{self.api_url}/dev/clock",
            json={"now": now.isoformat() if now else None},
            headers={"Authorization": f"Bearer {self.service_token}"},
            timeout=10,
        )
        response.raise_for_status()

    def analytics_today(self) -> dict:
        """The console's analytics from yesterday to tomorrow (Rasa stamps events with the real time; the
        API's clock may be frozen by other tests)."""
        login = httpx.post(f"{self.api_url}/agent/login", json={"username": "agent", "password": "agent"}, timeout=10)
        today = datetime.now(ZoneInfo("Europe/Brussels")).date()
        response = httpx.get(
            f"{self.api_url}/agent/analytics",
            params={"from": (today - timedelta(days=1)).isoformat(), "to": (today + timedelta(days=1)).isoformat()},
            headers={"Authorization": f"Bearer {login.json()['access_token']}"},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()

    def say(self, text: str, sender: str | None = None, token: str | None = None) -> list[dict]:
        """Send one customer message over the REST channel and return the bot's messages.

        The channel makes the conversation id `<customer>:<sender>` with a token, `anon:<sender>`
        without one (then `sender` must be unguessable: 32+ characters)."""
        body: dict = {"sender": sender or f"e2e-{uuid.uuid4().hex}", "message": text}
        if token:
            body["metadata"] = {"customer_token": token}
        response = httpx.post(f"{self.rasa_url}/webhooks/rest/webhook", json=body, timeout=60)
        response.raise_for_status()
        return response.json()


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> RunningStack:
    with Stack(tmp_path_factory.mktemp("stack")) as running:
        yield RunningStack(running)
