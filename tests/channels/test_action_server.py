"""The action server launcher (actions/server.py) as a real process: only Rasa, with the secret, gets in."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from actions import messages

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "action-server-test-secret"
SENTINEL = "BE68539007547034"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ACTIONS_HOST", "APP_ENV")}
    return {**env, "API_URL": "http://127.0.0.1:9", **extra}


@pytest.fixture(scope="module")
def action_server(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("actions") / "actions.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "actions.server"],
            cwd=ROOT,
            env=server_env(ACTION_SERVER_TOKEN=TOKEN, ACTIONS_PORT=str(port)),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail(f"action server did not start: {log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.3)
    yield url, port, log
    process.terminate()
    process.wait(timeout=15)


def call(url: str, authorization: str | None, body: dict | None = None) -> httpx.Response:
    headers = {"Authorization": authorization} if authorization is not None else {}
    return httpx.post(f"{url}/webhook", json=body or {"next_action": "action_nonexistent"}, headers=headers, timeout=10)


def test_health_is_open_everything_else_needs_the_secret(action_server):
    url, _, _ = action_server
    assert httpx.get(f"{url}/health", timeout=5).json() == {"status": "ok"}
    for authorization in (
        None,
        "",
        "Bearer",
        "Bearer wrong",
        f"Bearer {TOKEN}x",
        f"Bearer {TOKEN[:-1]}",
        TOKEN,
        f"Basic {TOKEN}",
    ):
        response = call(url, authorization)
        assert response.status_code == 401, authorization
    assert httpx.get(f"{url}/actions", timeout=5).status_code == 401
    # With the secret the call reaches rasa-sdk's executor (which does not know this action).
    assert call(url, f"Bearer {TOKEN}").status_code == 404
    names = [a["name"] for a in httpx.get(f"{url}/actions", headers={"Authorization": f"Bearer {TOKEN}"}).json()]
    assert "action_relay_to_agent" in names


def test_no_cors_for_browsers(action_server):
    url, _, _ = action_server
    response = httpx.options(
        f"{url}/webhook",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        timeout=5,
    )
    assert "access-control-allow-origin" not in response.headers


def test_a_crashing_action_apologises_and_does_not_echo_the_tracker(action_server):
    url, _, log = action_server
    body = {"next_action": "action_relay_to_agent", "tracker": {"sender_id": "x", "latest_message": SENTINEL}}
    response = call(url, f"Bearer {TOKEN}", body)
    assert response.status_code == 200
    assert response.json() == {"events": [], "responses": [{"text": messages.ACTION_FAILED}]}
    assert "medewerker" in messages.ACTION_FAILED
    assert SENTINEL not in response.text and "request_body" not in response.text
    assert SENTINEL not in log.read_text(errors="replace")


def test_it_listens_on_loopback_only(action_server):
    _, port, _ = action_server
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("10.255.255.255", 1))  # no packet is sent: this only picks the outgoing interface
        address = probe.getsockname()[0]
    if address.startswith("127."):
        pytest.skip("this machine has no non-loopback address")
    with pytest.raises(OSError), socket.create_connection((address, port), timeout=3):
        pass


@pytest.mark.parametrize(
    "env",
    [
        {"ACTION_SERVER_TOKEN": ""},
        {"ACTION_SERVER_TOKEN": "dev-action-server-token", "APP_ENV": "production"},
    ],
)
def test_it_refuses_to_start_without_a_real_secret(env):
    result = subprocess.run(
        [sys.executable, "-m", "actions.server"],
        cwd=ROOT,
        env=server_env(ACTIONS_PORT=str(free_port()), **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ACTION_SERVER_TOKEN" in result.stderr
