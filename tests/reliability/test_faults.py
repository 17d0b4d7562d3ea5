"""Faults: the API process dies in the middle of a form, and PostgreSQL restarts under load."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
from reliability_helpers import current_slots, say, skip_or_fail, texts

APOLOGY_BOUND_SECONDS = 5  # functional bound: the customer is not left waiting when the API is gone
ADDRESS_BEFORE_THE_FAULT = ["ik ben verhuisd", "België", "Veldstraat", "12", "geen"]


def timed_say(stack, sender: str, text: str, token: str) -> tuple[str, float]:
    started = time.monotonic()
    reply = texts(say(stack.rasa_url, sender, text, token))
    return reply, time.monotonic() - started


def my_requests(stack, token: str) -> list[dict]:
    response = httpx.get(f"{stack.api_url}/me/requests", headers={"Authorization": f"Bearer {token}"}, timeout=30)
    response.raise_for_status()
    return response.json()


def test_api_killed_mid_form_apologises_keeps_the_answers_and_completes_after_restart(stack):
    token = stack.token("C1001")
    sender = f"rel-apidown-{uuid.uuid4().hex[:10]}"
    before = len(my_requests(stack, token))
    for line in ADDRESS_BEFORE_THE_FAULT:
        reply = texts(say(stack.rasa_url, sender, line, token))
    assert "postcode" in reply.lower(), reply

    stack.stack.stop_service("api")
    try:
        reply, seconds = timed_say(stack, sender, "9000", token)
        assert seconds < APOLOGY_BOUND_SECONDS, seconds
        assert "Sorry" in reply and "medewerker" in reply, reply
        assert "gemeente" in reply, reply  # the form goes on
        for line in ("Gent", "2026-12-01"):
            reply = texts(say(stack.rasa_url, sender, line, token))
        assert "Klopt dit?" in reply and "Veldstraat" in reply and "9000" in reply, reply

        reply, seconds = timed_say(stack, sender, "ja", token)
        assert seconds < APOLOGY_BOUND_SECONDS, seconds
        assert "Sorry" in reply and "medewerker" in reply and "opnieuw" in reply, reply
        slots = current_slots(stack.rasa_url, stack.stack.env["RASA_AUTH_TOKEN"], sender, "C1001")
        kept = {name: slots.get(name) for name in ("req_country", "req_street", "req_house_number", "req_postcode")}
        assert kept == {
            "req_country": "BE",
            "req_street": "Veldstraat",
            "req_house_number": "12",
            "req_postcode": "9000",
        }
    finally:
        stack.stack.restart_service("api")

    done = texts(say(stack.rasa_url, sender, "/retry", token))  # the 'Opnieuw proberen' button
    assert "referentienummer is VRZ-" in done, done
    reference = done.split("referentienummer is ")[1].split(".")[0]
    after = my_requests(stack, token)
    assert len(after) == before + 1
    created = next(r for r in after if r["reference"] == reference)
    assert created["type"] == "address_change" and created["payload"]["postcode"] == "9000"


# --- PostgreSQL restarted under load --------------------------------------------------------------

DOCUMENT_REQUEST = {"type": "document_copy", "contract_number": "FN-300003", "payload": {"document": "contract_copy"}}
PROBLEM_JSON = "application/problem+json"


@dataclass
class Call:
    kind: str
    started: float
    finished: float
    status: int | None
    content_type: str
    body: str


def load(api_url: str, token: str, kind: str, calls: list[Call], stop: threading.Event) -> None:
    """Reads (GET /me) or writes (POST /me/requests) back to back until told to stop."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=api_url, timeout=15) as client:
        while not stop.is_set():
            started = time.monotonic()
            try:
                if kind == "read":
                    response = client.get("/me", headers=headers)
                else:
                    key = {"Idempotency-Key": str(uuid.uuid4())}
                    response = client.post("/me/requests", json=DOCUMENT_REQUEST, headers={**headers, **key})
                call = Call(
                    kind,
                    started,
                    time.monotonic(),
                    response.status_code,
                    response.headers.get("content-type", ""),
                    response.text,
                )
            except httpx.HTTPError as error:
                call = Call(kind, started, time.monotonic(), None, "", repr(error))
            calls.append(call)
            time.sleep(0.02)


def pg_restart_command() -> list[str]:
    versions = (
        sorted(path.name for path in Path("/etc/postgresql").glob("*")) if Path("/etc/postgresql").is_dir() else []
    )
    if shutil.which("pg_ctlcluster") is None or not versions:
        skip_or_fail("pg_ctlcluster (Debian's postgresql-common) is not available to restart PostgreSQL")
    # fast: active connections are cut at once, as in a crash or a failover, and the restart stays short
    return ["pg_ctlcluster", "--skip-systemctl-redirect", "--mode", "fast", versions[-1], "main", "restart"]


def test_postgresql_restart_under_load_gives_clean_503s_then_no_errors(postgres_api):
    command = pg_restart_command()
    token = postgres_api.token("C1003")
    calls: list[Call] = []
    stop = threading.Event()
    workers = [
        threading.Thread(target=load, args=(postgres_api.api_url, token, kind, calls, stop))
        for kind in ("read", "read", "write")
    ]
    for worker in workers:
        worker.start()
    try:
        time.sleep(2)
        restart_began = time.monotonic()
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        back = time.monotonic()
        time.sleep(3)
    finally:
        stop.set()
        for worker in workers:
            worker.join(30)

    before = [c for c in calls if c.finished < restart_began]
    during = [c for c in calls if c.started < back <= c.finished or restart_began <= c.finished < back]
    after = [c for c in calls if c.started >= back]
    assert before and all(c.status in (200, 201) for c in before), [c for c in before if c.status not in (200, 201)]
    assert len(after) >= 10 and {c.kind for c in after} == {"read", "write"}
    assert [c for c in after if c.status not in (200, 201)] == []
    unclean = [
        c for c in during if c.status not in (200, 201) and not (c.status == 503 and PROBLEM_JSON in c.content_type)
    ]
    assert unclean == [], unclean
    assert any(c.status == 503 for c in during), "the load never met the outage"
    assert all("Traceback" not in c.body for c in during)
