"""The assistant end to end over the REST channel: real API, real action server, real Rasa model.

Every conversation carries a customer JWT minted like `make token` in the message metadata, the way
the widget does. The API clock is frozen inside chat hours (Tuesday 10:00 Brussels) unless a test
needs the chat closed.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import httpx
import pytest

from .chat import DAMAGE_ANSWERS, buttons, texts

pytestmark = pytest.mark.e2e

IN_HOURS = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)  # Tuesday 10:00 Europe/Brussels
OUT_OF_HOURS = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)  # Saturday 13:00


@pytest.fixture(autouse=True)
def in_chat_hours(stack):
    stack.set_clock(IN_HOURS)
    yield
    stack.set_clock(None)


class Conversation:
    """One customer talking to the bot; every reply is kept for assertions."""

    def __init__(self, stack, customer: str | None = "C1001") -> None:
        self.stack = stack
        self.sender = f"e2e-bot-{uuid.uuid4().hex}"
        self.token = stack.token(customer) if customer else None
        # What the REST channel makes of the sender (bot/channels/secure_rest.py).
        self.conversation_id = f"{customer}:{self.sender}" if customer else f"anon:{self.sender}"

    def say(self, text: str) -> list[dict]:
        return self.stack.say(text, sender=self.sender, token=self.token)

    def script(self, *lines: str) -> list[list[dict]]:
        return [self.say(line) for line in lines]

    def answered(self, reply: list[dict]) -> list[dict]:
        """The reply, or, when the bot asked "Bedoelt u…?" (one section did not clearly lead), what it says
        after the customer clicks the first option — as a customer would."""
        if "Bedoelt u" not in texts(reply):
            return reply
        return reply + self.say(buttons(reply)[0]["payload"])

    def my_requests(self) -> list[dict]:
        response = httpx.get(
            f"{self.stack.api_url}/me/requests", headers={"Authorization": f"Bearer {self.token}"}, timeout=10
        )
        response.raise_for_status()
        return response.json()


def test_greeting_discloses_the_virtual_assistant_and_the_route_to_a_human(stack):
    reply = texts(Conversation(stack).say("hallo")).lower()
    assert "virtuele assistent" in reply and "medewerker" in reply


def test_faq_answer_comes_with_its_source(stack):
    chat = Conversation(stack)
    reply = texts(chat.answered(chat.say("wie betaalt het onderhoud van de auto?")))
    assert "Bron:" in reply and "onderh" in reply


def test_ambiguous_question_offers_candidates(stack):
    # Vague questions, and one that several sections answer; which of them the retrieval finds ambiguous
    # depends on its calibration (knowledge/search.py, `Calibration`).
    vague = ["hoe zit het met het contract?", "wat is het weer morgen?", "wie betaalt het onderhoud van de auto?"]
    replies = [Conversation(stack).say(question) for question in vague]
    clarifying = [reply for reply in replies if "Bedoelt u" in texts(reply)]
    assert clarifying, [texts(reply) for reply in replies]
    assert len(buttons(clarifying[0])) >= 2


def test_out_of_scope_question_is_declined_with_a_route_to_a_human(stack):
    reply = texts(Conversation(stack).say("vertel eens een mop"))
    assert "geen antwoord" in reply and "medewerker" in reply


REQUEST_SCRIPTS = {
    "address_change": ["ik ben verhuisd", "België", "Veldstraat", "12", "geen", "9000", "Gent", "2026-12-01"],
    "iban_change": ["ik wil mijn rekeningnummer wijzigen", "BE71096123456769", "Jan Peeters"],
    "domiciliation_date_change": ["ik wil de datum van de domiciliëring wijzigen", "25"],
    "document_copy": ["ik wil een kopie van mijn contract", "kopie van het contract"],
    "registration_duplicate": ["ik ben mijn kentekenbewijs verloren", "verlies", "gisteren"],
    "resident_parking_declaration": ["ik heb een verklaring nodig voor een bewonerskaart", "Gent"],
    "early_termination": ["ik wil mijn contract vroegtijdig beëindigen", "2027-03-31", "geen"],
    "bonus_malus_certificate": ["ik heb een bonus-malusverklaring nodig"],
    "travel_certificate": ["reisattest aanvragen", "Marokko", "2026-12-20", "2027-01-05"],
    "km_bundle_change": ["ik wil mijn kilometerbundel aanpassen", "20000"],
}


@pytest.mark.parametrize("request_type", list(REQUEST_SCRIPTS))
def test_each_request_type_is_recorded(stack, request_type):
    chat = Conversation(stack)
    replies = chat.script(*REQUEST_SCRIPTS[request_type])
    assert "Klopt dit?" in texts(replies[-1]), texts([m for r in replies for m in r])
    done = texts(chat.say("ja"))
    promise = "10 werkdagen" if request_type == "travel_certificate" else "48 werkuren"
    assert "referentienummer is VRZ-" in done and promise in done
    reference = done.split("referentienummer is ")[1].split(".")[0]
    recorded = {r["reference"]: r for r in chat.my_requests()}
    assert recorded[reference]["type"] == request_type


def test_invalid_iban_gets_the_specific_message_and_nothing_is_lost(stack):
    chat = Conversation(stack)
    chat.say("ik wil mijn rekeningnummer wijzigen")
    assert "controlecijfers" in texts(chat.say("BE41091811735141"))
    second = texts(chat.say("BE41091811735141"))
    assert "medewerker" in second
    assert "Op wiens naam" in texts(chat.say("BE71096123456769"))


def test_form_interrupted_by_a_question_answers_and_resumes(stack):
    chat = Conversation(stack)
    chat.say("ik wil mijn rekeningnummer wijzigen")
    reply = texts(chat.answered(chat.say("wie betaalt het onderhoud van de auto?")))
    assert "Bron:" in reply and "rekeningnummer (IBAN)?" in reply
    assert "Op wiens naam" in texts(chat.say("BE71096123456769"))
    assert "Klopt dit?" in texts(chat.say("Jan Peeters"))
    assert "VRZ-" in texts(chat.say("ja"))


def test_stop_cancels_a_form(stack):
    chat = Conversation(stack, "C1002")
    before = len(chat.my_requests())
    chat.script("ik ben verhuisd", "Nederland", "Oudegracht")
    assert "gestopt" in texts(chat.say("stop"))
    assert len(chat.my_requests()) == before


def test_mileage_report_with_projection_then_a_reading_going_backwards(stack):
    chat = Conversation(stack, "C1003")
    assert "kilometerstand" in texts(chat.say("ik wil mijn kilometerstand doorgeven"))
    reply = texts(chat.say("9.800 km"))
    assert "9.800 km" in reply and "per jaar" in reply

    again = Conversation(stack, "C1003")
    again.say("kilometerstand doorgeven")
    refused = texts(again.say("3 000"))
    assert "9.800" in refused or "9800" in refused


def test_damage_with_other_party(stack):
    chat = Conversation(stack)
    first = texts(chat.say("ik heb een aanrijding gehad"))
    assert "Wanneer" in first  # plate prefilled from the contract
    replies = chat.script(*DAMAGE_ANSWERS)
    summary = texts(replies[-1])
    assert "1-ABC-123" in summary and "Aanrijdingsformulier: ja" in summary
    done = texts(chat.say("ja"))
    assert "SCH-" in done
    # The photo link works in any browser, without logging in (channels that cannot carry a file).
    link = next(word for word in done.split() if "/upload/" in word)
    assert link.startswith(stack.api_url)
    assert "schadedossier SCH-" in httpx.get(link, timeout=10).text
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    sent = httpx.post(link, files={"file": ("bumper.png", png, "image/png")}, timeout=10)
    assert sent.status_code == 201 and "bumper.png" in sent.text


def test_theft_without_other_party_needs_a_police_report(stack):
    chat = Conversation(stack, "C1003")
    chat.say("mijn auto is gestolen")
    replies = chat.script(
        "vandaag om 7u", "voor mijn deur in Antwerpen", "De wagen stond er vanmorgen niet meer.", "diefstal", "nee"
    )
    assert "proces-verbaal" in texts(replies[-1])
    assert "Klopt dit?" in texts(chat.say("PV AN.12.L1.123456/26"))
    assert "SCH-" in texts(chat.say("ja"))


def test_handoff_in_chat_hours_pauses_the_bot_and_relays_to_the_agent(stack):
    chat = Conversation(stack)
    assert "medewerker" in texts(chat.say("ik wil een medewerker spreken"))
    assert chat.say("zijn jullie daar?") == []
    handoff = httpx.get(
        f"{stack.api_url}/handoffs/by-conversation/{chat.conversation_id}",
        headers={"Authorization": f"Bearer {stack.service_token}"},
        timeout=10,
    ).json()
    assert handoff["status"] == "queued"
    assert any(line["text"] == "zijn jullie daar?" for line in handoff["transcript"])

    agent = httpx.post(f"{stack.api_url}/agent/login", json={"username": "agent", "password": "agent"}, timeout=10)
    headers = {"Authorization": f"Bearer {agent.json()['access_token']}"}
    for step in ("assign", "release"):
        httpx.post(
            f"{stack.api_url}/agent/handoffs/{handoff['id']}/{step}", headers=headers, timeout=10
        ).raise_for_status()
    assert "virtuele assistent" in texts(chat.say("hallo?"))
    assert "Bron:" in texts(chat.answered(chat.say("wie betaalt het onderhoud van de auto?")))


def test_handoff_out_of_hours_says_when_chat_opens_and_takes_a_callback(stack):
    stack.set_clock(OUT_OF_HOURS)
    chat = Conversation(stack)
    replies = chat.say("ik wil een medewerker spreken")
    assert "maandag" in texts(replies)
    assert any(b["payload"] == "/request_callback" for b in buttons(replies))
    asked = chat.say("/request_callback")
    assert "telefoonnummer" in texts(asked) and [b["payload"] for b in buttons(asked)] == ["+32470123456"]
    assert "Wanneer past het" in texts(chat.say("+32470123456"))
    assert "terugbelverzoek is genoteerd" in texts(chat.say("dinsdagvoormiddag"))


def test_my_contract_questions(stack):
    chat = Conversation(stack)
    assert "15.000 km per jaar" in texts(chat.say("wat is mijn kilometerbundel?"))
    assert "PL-100001 loopt van" in texts(chat.say("wanneer eindigt mijn contract?"))
    assert "kilometerstand" in texts(chat.say("wat is mijn laatste kilometerstand?"))


def test_without_a_login_identity_is_verified_first(stack):
    chat = Conversation(stack, customer=None)
    assert "contractnummer" in texts(chat.say("wat is mijn kilometerbundel?"))
    chat.say("PL-100001")
    assert "15.000 km per jaar" in texts(chat.say("1-ABC-123"))
