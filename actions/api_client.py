"""Typed async client of the contract API (docs/api-contract.md).

Timeouts stay far below Rasa's conversation lock lifetime (see ``actions.settings``): a short
connect timeout, so a stopped API is reported within seconds, and a longer read timeout. A request
that fails on the transport (refused, dropped, timed out) or with a 5xx is retried once; POSTs carry
an ``Idempotency-Key`` that the retry reuses, so a reply lost after the API committed never creates a
second record. A success whose body is not JSON counts as the API being unavailable.
"""

from __future__ import annotations

import functools
import ssl
import uuid
from typing import Any

import httpx

from actions.settings import get_settings

# Tests replace this with an ``httpx.MockTransport``; ``None`` means real network I/O.
TRANSPORT: httpx.AsyncBaseTransport | None = None

JSON = dict[str, Any]
# Recording a searched question (POST /knowledge/questions) is not worth a long wait or a retry.
RECORD_TIMEOUT_SECONDS = 3.0


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """Loaded once per process: building it (the CA bundle) cost ~21 ms per client, a third of the action
    server's CPU under load (py-spy, docs/benchmarks.md)."""
    return httpx.create_ssl_context()


class ApiUnavailable(Exception):
    """The API could not be reached or answered with a server error (after one retry)."""


class ApiError(Exception):
    """The API answered with a 4xx problem; ``detail`` is a Dutch sentence for the chat."""

    def __init__(self, status: int, detail: str, body: JSON | None = None) -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail
        self.body = body or {}


class ApiClient:
    """One client per action run; ``token`` is the customer JWT (or ``None`` for public calls)."""

    def __init__(self, token: str | None = None) -> None:
        self._settings = get_settings()
        self._token = token

    async def _request(
        self,
        method: str,
        path: str,
        *,
        auth: str | None = None,
        params: JSON | None = None,
        json: JSON | None = None,
        idempotency_key: str | None = None,
        extra_headers: dict[str, str] | None = None,
        attempts: int = 2,
        read_timeout: float | None = None,
    ) -> JSON:
        headers = {"Accept": "application/json", **(extra_headers or {})}
        if auth:
            headers["Authorization"] = f"Bearer {auth}"
        if method == "POST":
            headers["Idempotency-Key"] = idempotency_key or str(uuid.uuid4())
        timeout = httpx.Timeout(
            min(read_timeout or self._settings.timeout_seconds, self._settings.timeout_seconds),
            connect=self._settings.connect_timeout_seconds,
        )
        async with httpx.AsyncClient(
            base_url=self._settings.api_url, timeout=timeout, transport=TRANSPORT, verify=_ssl_context()
        ) as client:
            response = None
            for _attempt in range(attempts):
                try:
                    response = await client.request(method, path, params=params, json=json, headers=headers)
                except httpx.HTTPError:
                    response = None
                    continue
                if response.status_code < 500:
                    break
        if response is None or response.status_code >= 500:
            raise ApiUnavailable(f"{method} {path} failed")
        if response.status_code >= 400:
            body = _safe_json(response)
            detail = body.get("detail") if isinstance(body.get("detail"), str) else ""
            raise ApiError(response.status_code, detail or "", body)
        try:
            return _as_object(response.json())
        except ValueError as error:
            raise ApiUnavailable(f"{method} {path} answered {response.status_code} without JSON") from error

    # --- public -------------------------------------------------------------------------------
    async def chat_hours(self) -> JSON:
        return await self._request("GET", "/chat-hours")

    async def validate(self, field: str, value: str, country: str | None = None, after: str | None = None) -> JSON:
        body: JSON = {"field": field, "value": value}
        if country:
            body["country"] = country
        if after:
            body["after"] = after
        return await self._request("POST", "/validate", json=body)

    async def extract(self, text: str, fields: list[str], country: str | None = None) -> JSON:
        body: JSON = {"text": text[:1000], "fields": fields}
        if country:
            body["country"] = country
        return await self._request("POST", "/extract", json=body)

    async def search(self, query: str, product: str | None = None, k: int = 5) -> JSON:
        params: JSON = {"q": query, "k": k}
        if product:
            params["product"] = product
        return await self._request("GET", "/knowledge/search", params=params)

    async def verify(self, contract_number: str, license_plate: str, conversation_id: str) -> JSON:
        """Vouched for with the service token, so failed attempts count per conversation: every channel
        customer reaches the API from the action server's address, and one guesser must not lock out all."""
        return await self._request(
            "POST",
            "/auth/verify",
            auth=self._settings.service_token,
            json={"contract_number": contract_number, "license_plate": license_plate},
            extra_headers={"X-Conversation-Id": conversation_id},
        )

    # --- customer (/me, customer JWT) ---------------------------------------------------------
    async def me(self) -> JSON:
        return await self._request("GET", "/me", auth=self._token)

    async def contract(self, contract_number: str) -> JSON:
        return await self._request("GET", f"/me/contracts/{contract_number}", auth=self._token)

    async def create_request(
        self, request_type: str, contract_number: str, payload: JSON, idempotency_key: str | None = None
    ) -> JSON:
        body = {"type": request_type, "contract_number": contract_number, "payload": payload}
        return await self._request("POST", "/me/requests", auth=self._token, json=body, idempotency_key=idempotency_key)

    async def report_mileage(self, contract_number: str, odometer_km: int, idempotency_key: str | None = None) -> JSON:
        body = {"contract_number": contract_number, "odometer_km": odometer_km}
        return await self._request("POST", "/me/mileage", auth=self._token, json=body, idempotency_key=idempotency_key)

    async def correct_mileage(self, reading_id: int, odometer_km: int) -> JSON:
        """Correct today's reading (PUT is idempotent: a retry sets the same value)."""
        body = {"odometer_km": odometer_km}
        return await self._request("PUT", f"/me/mileage/{int(reading_id)}", auth=self._token, json=body)

    async def create_damage_file(self, body: JSON, idempotency_key: str | None = None) -> JSON:
        return await self._request(
            "POST", "/me/damage-files", auth=self._token, json=body, idempotency_key=idempotency_key
        )

    async def photo_upload_link(self, damage_file_id: int) -> JSON:
        """A signed public link to add photos, for channels that cannot carry a file."""
        return await self._request("POST", f"/me/damage-files/{damage_file_id}/upload-link", auth=self._token)

    # --- bot (service token) ------------------------------------------------------------------
    async def create_handoff(self, body: JSON, idempotency_key: str | None = None) -> JSON:
        return await self._request(
            "POST", "/handoffs", auth=self._settings.service_token, json=body, idempotency_key=idempotency_key
        )

    async def relay_customer_message(self, handoff_id: int, text: str) -> JSON:
        return await self._request(
            "POST", f"/handoffs/{handoff_id}/messages", auth=self._settings.service_token, json={"text": text}
        )

    async def create_callback(self, body: JSON, idempotency_key: str | None = None) -> JSON:
        return await self._request(
            "POST", "/callbacks", auth=self._settings.service_token, json=body, idempotency_key=idempotency_key
        )

    async def record_question(self, body: JSON) -> JSON:
        """A searched question for the console's knowledge gaps → ``{"id"}``. Best effort, so one attempt
        with a short read timeout: recording must never hold up the answer for long."""
        return await self._request(
            "POST",
            "/knowledge/questions",
            auth=self._settings.service_token,
            json=body,
            attempts=1,
            read_timeout=RECORD_TIMEOUT_SECONDS,
        )


def _as_object(data: Any) -> JSON:
    return data if isinstance(data, dict) else {"items": data}


def _safe_json(response: httpx.Response) -> JSON:
    """The body of an error answer, or nothing when it is not JSON (e.g. a proxy's HTML page)."""
    try:
        return _as_object(response.json())
    except ValueError:
        return {}
