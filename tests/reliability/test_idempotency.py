"""Idempotency over real HTTP: concurrent duplicates, and replies lost after the API committed.

The API's own tests (tests/api/test_api_idempotency.py) cover replay, key reuse and a small in-process
race on SQLite and PostgreSQL; here 50 identical POSTs hit a running API process at once, and the
action server's retry is exercised end to end through a proxy that loses the API's reply.
"""

from __future__ import annotations

import asyncio
import re
import uuid

import httpx
import pytest
from faulty_proxy import FaultyProxy
from reliability_helpers import say, texts

DOCUMENT_REQUEST = {
    "type": "document_copy",
    "contract_number": "FN-300003",
    "payload": {"document": "amortisation_table"},
}


def post_at_once(api_url: str, token: str, body: dict, key: str, count: int) -> list[httpx.Response]:
    """`count` identical POST /me/requests, each on its own connection, released together."""

    async def race() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=count, max_keepalive_connections=0)
        async with httpx.AsyncClient(base_url=api_url, timeout=60, limits=limits) as client:
            go = asyncio.Event()
            headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}

            async def post() -> httpx.Response:
                await go.wait()
                return await client.post("/me/requests", json=body, headers=headers)

            tasks = [asyncio.create_task(post()) for _ in range(count)]
            await asyncio.sleep(0.2)
            go.set()
            return await asyncio.gather(*tasks)

    return asyncio.run(race())


def listed(api_url: str, token: str, path: str, **params) -> list[dict]:
    response = httpx.get(f"{api_url}{path}", params=params, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    response.raise_for_status()
    return response.json()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_fifty_concurrent_identical_submissions_create_one_record(request, backend):
    running = request.getfixturevalue("stack" if backend == "sqlite" else "postgres_api")
    token = running.token("C1003")
    before = listed(running.api_url, token, "/me/requests")

    responses = post_at_once(running.api_url, token, DOCUMENT_REQUEST, str(uuid.uuid4()), 50)

    assert [r.status_code for r in responses] == [201] * 50, {r.status_code: r.text for r in responses}
    assert len({r.json()["id"] for r in responses}) == 1
    assert sum(r.headers.get("Idempotent-Replayed") == "true" for r in responses) == 49
    after = listed(running.api_url, token, "/me/requests")
    assert len(after) == len(before) + 1


@pytest.fixture(scope="module")
def proxy(stack):
    """The action server talks to the API through a FaultyProxy for this module."""
    faulty = FaultyProxy(int(stack.stack.env["API_PORT"])).start()
    direct = stack.stack.env["API_URL"]
    stack.stack.env["API_URL"] = faulty.url
    stack.stack.restart_service("actions")
    yield faulty
    stack.stack.env["API_URL"] = direct
    stack.stack.restart_service("actions")
    faulty.stop()


# kind → (customer, what the customer types up to the final answer, POST path, list path + params, reference pattern)
SUBMISSIONS = {
    "request": (
        "C1003",
        ["ik wil een kopie van mijn contract", "kopie van het contract", "ja"],
        "/me/requests",
        ("/me/requests", {}),
        r"VRZ-\d{4}-\d+",
    ),
    "mileage reading": (
        "C1002",
        ["ik wil mijn kilometerstand doorgeven", "55.000 km"],
        "/me/mileage",
        ("/me/mileage", {"contract_number": "ZL-200001"}),
        r"55\.000 km",
    ),
    "damage file": (
        "C1001",
        [
            "ik heb een aanrijding gehad",
            "gisteren rond 14u",
            "Veldstraat in Gent",
            "Een auto reed achteruit tegen mijn bumper.",
            "aanrijding",
            "nee",
            "ja",
        ],
        "/me/damage-files",
        ("/me/damage-files", {}),
        r"SCH-\d{4}-\d+",
    ),
}


@pytest.mark.parametrize(
    ("kind", "mode"),
    [("request", "drop"), ("request", "stall"), ("mileage reading", "drop"), ("damage file", "drop")],
)
def test_a_reply_lost_after_the_commit_is_retried_and_the_customer_sees_one_record(stack, proxy, kind, mode):
    customer, lines, post_path, (list_path, params), reference = SUBMISSIONS[kind]
    token = stack.token(customer)
    sender = f"rel-lost-{uuid.uuid4().hex[:10]}"
    before = listed(stack.api_url, token, list_path, **params)
    for line in lines[:-1]:
        say(stack.rasa_url, sender, line, token)

    proxy.lose_next("POST", post_path, mode)
    final = texts(say(stack.rasa_url, sender, lines[-1], token))

    assert [(lost.path, lost.mode) for lost in proxy.lost[-1:]] == [(post_path, mode)]
    assert proxy.lost[-1].status_line.split()[1] == "201"  # the API had committed the first attempt
    assert len(re.findall(reference, final)) == 1, final
    after = listed(stack.api_url, token, list_path, **params)
    assert len(after) == len(before) + 1
    if kind != "mileage reading":
        assert re.search(reference, final).group(0) in {record["reference"] for record in after}
