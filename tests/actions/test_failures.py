"""Every way the API can fail reaches the customer as a friendly Dutch message with a route to a human.

The failures are produced at the transport (``httpx.MockTransport``), so the real ``ApiClient``
meets them: a read timeout, a 503, a refused connection, and a success whose body is not JSON.
No action may raise (Rasa would drop its events and say nothing) or show technical text.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest
from rasa_sdk.events import SlotSet

from actions import api_client, messages
from actions.contract import ActionAnswerContract
from actions.damage import ActionSubmitDamage
from actions.faq import ActionAnswerFaq
from actions.handoff import ActionHandoff, ActionRelayToAgent, ActionSubmitCallback
from actions.identity import ValidateVerifyForm
from actions.mileage import ValidateMileageForm
from actions.requests import ActionSubmitRequest, ValidateRequestForm

KEY = "33333333-3333-3333-3333-333333333333"


def timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out", request=request)


def refused(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def server_error(request: httpx.Request) -> httpx.Response:
    return httpx.Response(503, json={"status": 503, "detail": "Dienst niet beschikbaar"})


def malformed(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, text="<html>Bad gateway</html>", headers={"content-type": "text/html"})


FAILURES = {"timeout": timeout, "5xx": server_error, "connection refused": refused, "malformed JSON": malformed}
TECHNICAL = ("Traceback", "Error", "Exception", "httpx", "None", "{", "<html")


class FailingApi:
    """Answers every request with one failure and records what was sent."""

    def __init__(self, failure: Callable[[httpx.Request], httpx.Response]) -> None:
        self.failure = failure
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.failure(request)


@pytest.fixture(params=list(FAILURES))
def failing_api(request, monkeypatch: pytest.MonkeyPatch) -> FailingApi:
    fake = FailingApi(FAILURES[request.param])
    monkeypatch.setattr(api_client, "TRANSPORT", httpx.MockTransport(fake))
    monkeypatch.setenv("API_URL", "http://api.test")
    return fake


def run(action, dispatcher, tracker, domain):
    return asyncio.run(action.run(dispatcher, tracker, domain))


def assert_friendly_with_a_human_route(dispatcher) -> str:
    text = "\n".join(m.get("text") or "" for m in dispatcher.messages)
    assert text.startswith("Sorry") or "niet bereikbaar" in text, text
    assert "medewerker" in text or "bellen" in text, text
    assert not any(word in text for word in TECHNICAL), text
    return text


def test_submitting_a_request_keeps_everything_for_a_retry(failing_api, dispatcher, tracker_factory, domain):
    slots = {"request_type": "document_copy", "req_document": "contract_copy", "request_confirmed": True}
    events = run(ActionSubmitRequest(), dispatcher, tracker_factory({**slots, "submission_key": KEY}), domain)
    assert events == [SlotSet("pending_submission", "request"), SlotSet("submission_key", KEY)]
    assert assert_friendly_with_a_human_route(dispatcher) == messages.API_DOWN_SUBMIT


def test_submitting_a_damage_file_keeps_everything_for_a_retry(failing_api, dispatcher, tracker_factory, domain):
    slots = {"damage_kind": "glass", "damage_confirmed": True, "submission_key": KEY}
    events = run(ActionSubmitDamage(), dispatcher, tracker_factory(slots), domain)
    assert SlotSet("pending_submission", "damage") in events
    assert assert_friendly_with_a_human_route(dispatcher) == messages.API_DOWN_SUBMIT


def test_submitting_a_callback_keeps_everything_for_a_retry(failing_api, dispatcher, tracker_factory, domain):
    slots = {"callback_name": "Jan", "callback_phone": "+32470123456", "callback_time": "morgen"}
    events = run(ActionSubmitCallback(), dispatcher, tracker_factory({**slots, "submission_key": KEY}), domain)
    assert SlotSet("pending_submission", "callback") in events
    assert_friendly_with_a_human_route(dispatcher)


def test_a_reading_is_asked_again(failing_api, dispatcher, tracker_factory, domain):
    tracker = tracker_factory(
        {"requested_slot": "mileage_odometer"},
        text="45210",
        typed={"mileage_odometer": "45210"},
        active_loop="mileage_form",
    )
    events = run(ValidateMileageForm(), dispatcher, tracker, domain)
    assert SlotSet("mileage_odometer", None) in events
    assert_friendly_with_a_human_route(dispatcher)


def test_a_value_typed_in_a_form_is_kept_unchecked(failing_api, dispatcher, tracker_factory, domain):
    tracker = tracker_factory(
        {"request_type": "iban_change", "requested_slot": "req_iban"},
        text="BE71096123456769",
        typed={"req_iban": "BE71096123456769"},
        active_loop="request_form",
    )
    events = run(ValidateRequestForm(), dispatcher, tracker, domain)
    assert SlotSet("req_iban", "BE71096123456769") in events
    assert events[-1] == SlotSet("requested_slot", "req_account_holder")
    assert dispatcher.messages[0]["text"] == messages.API_DOWN_CHECK
    assert_friendly_with_a_human_route(dispatcher)


def test_identity_verification_asks_the_plate_again(failing_api, dispatcher, tracker_factory, domain):
    tracker = tracker_factory(
        {"verify_contract_number": "PL-100001", "requested_slot": "verify_license_plate"},
        token=None,
        text="1-ABC-123",
        typed={"verify_license_plate": "1-ABC-123"},
        active_loop="verify_form",
    )
    events = run(ValidateVerifyForm(), dispatcher, tracker, domain)
    assert SlotSet("verify_license_plate", None) in events
    assert not any(e.get("name") == "auth_token" and e.get("value") for e in events)
    assert_friendly_with_a_human_route(dispatcher)


@pytest.mark.parametrize(
    ("action", "text", "slots"),
    [
        (ActionAnswerContract(), "wat is mijn kilometerbundel", {}),
        (ActionAnswerFaq(), "wie betaalt het onderhoud?", {}),
        (ActionHandoff(), "ik wil een medewerker", {}),
        (ActionRelayToAgent(), "zijn jullie daar?", {"handoff_active": True, "handoff_id": 9}),
    ],
    ids=["contract", "faq", "handoff", "relay"],
)
def test_answers_and_handover(failing_api, dispatcher, tracker_factory, domain, action, text, slots):
    run(action, dispatcher, tracker_factory(slots, text=text), domain)
    assert_friendly_with_a_human_route(dispatcher)


def test_transport_failures_are_retried_once_with_the_same_key(failing_api, dispatcher, tracker_factory, domain):
    slots = {"request_type": "document_copy", "req_document": "contract_copy", "request_confirmed": True}
    run(ActionSubmitRequest(), dispatcher, tracker_factory({**slots, "submission_key": KEY}), domain)
    posts = [r for r in failing_api.requests if r.method == "POST"]
    gets = [r for r in failing_api.requests if r.method == "GET"]
    if failing_api.failure is malformed:  # an answer came: nothing to retry, and nothing was posted
        assert len(gets) == 1 and posts == []
    else:  # GET /me failed twice, so nothing was posted
        assert len(gets) == 2 and posts == []


@pytest.mark.parametrize("failure", [timeout, refused, server_error], ids=["timeout", "refused", "5xx"])
def test_a_lost_reply_is_retried_with_the_same_idempotency_key(failure, api, dispatcher, tracker_factory, domain):
    attempts: list[httpx.Request] = []

    def first_attempt_fails(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        if len(attempts) == 1:
            return failure(request)
        return httpx.Response(201, json={"reference": "VRZ-2026-000200"})

    api.handle("POST", "/me/requests", first_attempt_fails)
    slots = {"request_type": "document_copy", "req_document": "contract_copy", "request_confirmed": True}
    run(ActionSubmitRequest(), dispatcher, tracker_factory({**slots, "submission_key": KEY}), domain)
    assert [r.headers["Idempotency-Key"] for r in attempts] == [KEY, KEY]
    assert "VRZ-2026-000200" in dispatcher.messages[0]["text"]


def test_a_rejection_without_a_detail_still_reads_as_a_sentence(api, dispatcher, tracker_factory, domain):
    api.handle("POST", "/me/requests", lambda request: httpx.Response(422, text="unprocessable"))
    slots = {"request_type": "document_copy", "req_document": "contract_copy", "request_confirmed": True}
    run(ActionSubmitRequest(), dispatcher, tracker_factory({**slots, "submission_key": KEY}), domain)
    text = dispatcher.messages[0]["text"]
    assert text == messages.SUBMIT_REJECTED.format(detail=messages.SUBMIT_REJECTED_UNKNOWN)
    assert "medewerker" in text
