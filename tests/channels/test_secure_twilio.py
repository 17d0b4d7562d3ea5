"""The Twilio (WhatsApp/SMS) channel: only Twilio's signed calls get in; buttons become numbered choices."""

from __future__ import annotations

import httpx
from serve_channel import TWILIO_AUTH_TOKEN
from twilio.request_validator import RequestValidator

from bot.channels.secure_twilio import CHOOSE_HINT, OfferedButtons, numbered

WEBHOOK_URL = "https://bot.example/twilio"  # what Twilio calls (and signs); the test server's credentials
PHONE = "whatsapp:+32470000001"


def post(server_url: str, body: str, sign_with: str | None = TWILIO_AUTH_TOKEN, sender: str = PHONE):
    form = {"From": sender, "Body": body, "To": "whatsapp:+3200000000"}
    headers = {}
    if sign_with:
        headers["X-Twilio-Signature"] = RequestValidator(sign_with).compute_signature(WEBHOOK_URL, form)
    return httpx.post(f"{server_url}/webhooks/twilio/webhook", data=form, headers=headers, timeout=10)


def sent_to(server_url: str, phone: str) -> list[str]:
    return [m["body"] for m in httpx.get(f"{server_url}/test/twilio-sent", timeout=10).json() if m["to"] == phone]


def user_texts(server_url: str, phone: str) -> list[str]:
    return [m["text"] for m in httpx.get(f"{server_url}/test/tracker/{phone}", timeout=10).json()]


def test_unsigned_or_forged_calls_are_refused_and_reach_no_conversation(server_url):
    phone = "whatsapp:+32470000002"
    assert post(server_url, "hallo", sign_with=None, sender=phone).status_code == 403
    assert post(server_url, "hallo", sign_with="not-the-auth-token", sender=phone).status_code == 403
    assert user_texts(server_url, phone) == []


def test_a_signed_message_is_answered_and_a_number_picks_the_offered_button(server_url):
    assert post(server_url, "keuze").status_code == 204
    choices = sent_to(server_url, PHONE)[-1]
    assert choices == f"Klopt dit?\n1. Ja\n2. Nee\n{CHOOSE_HINT}" and "/affirm" not in choices
    assert post(server_url, " 2 ").status_code == 204
    assert user_texts(server_url, PHONE)[-1] == "/deny"
    # A number that is no offered choice stays what it was typed as (e.g. a debit day).
    post(server_url, "25")
    assert user_texts(server_url, PHONE)[-1] == "25"


def test_offered_buttons_expire_and_belong_to_one_phone():
    now = [1000.0]
    offered = OfferedButtons(clock=lambda: now[0])
    offered.remember("a", [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}])
    assert offered.resolve("a", "1") == "/affirm" and offered.resolve("a", "2.") == "/deny"
    assert offered.resolve("b", "1") == "1"
    assert offered.resolve("a", "3") == "3" and offered.resolve("a", "1 of 2") == "1 of 2"
    now[0] += 3601
    assert offered.resolve("a", "1") == "1"


def test_numbered_shows_titles_never_payloads():
    text = numbered("Wat wilt u doen?", [{"title": "Terugbellen", "payload": "/request_callback"}])
    assert text == f"Wat wilt u doen?\n1. Terugbellen\n{CHOOSE_HINT}"
