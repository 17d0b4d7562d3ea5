"""Smoke test: the stack starts from the Procfile and greets a customer in Dutch."""

import httpx

from .chat import texts


def test_services_report_healthy(stack):
    health = httpx.get(f"{stack.api_url}/health", timeout=10).json()
    assert health["status"] == "ok"
    assert health["knowledge"] == "ok"


def test_greeting_discloses_virtual_assistant_and_route_to_human(stack):
    reply = texts(stack.say("hallo", token=stack.token()))
    assert "virtuele assistent" in reply.lower()
    assert "medewerker" in reply.lower()


def test_rasa_http_api_needs_the_auth_token(stack):
    assert httpx.get(f"{stack.rasa_url}/status", timeout=10).status_code == 401
