"""Rasa's HTTP routes as `rasa run --enable-api --auth-token` builds them with bot/credentials.yml:
only the channels and the hello/version pages are public, every other route checks the token.

A route added by a Rasa upgrade or a new channel fails this inventory until it is reviewed; the
real-stack tests (tests/security/test_rasa_http_api.py) call every protected route without the token.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rasa.core.run

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = {
    "rasa_server.hello",
    "rasa_server.version",
    "rasa_server.handle_request",  # socket.io (the channel checks the customer JWT on connect)
    "rasa_server.secure_rest_webhook.health",
    "rasa_server.secure_rest_webhook.receive",
    "rasa_server.secure_socketio_webhook.health",
}


def checks_the_token(handler) -> bool:
    """Whether rasa.server.requires_auth wraps the handler (its closure holds the scope check)."""
    while handler is not None:
        if "sufficient_scope" in getattr(getattr(handler, "__code__", None), "co_freevars", ()):
            return True
        handler = getattr(handler, "__wrapped__", None)
    return False


@pytest.fixture(scope="module")
def routes():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JWT_SECRET", "route-inventory-secret-of-32-bytes!!")
        channels = rasa.core.run.create_http_input_channels(None, str(ROOT / "bot/credentials.yml"))
        app = rasa.core.run.configure_app(channels, cors="*", auth_token="token", enable_api=True)
    return {route.name: route for route in app.router.routes}


def test_only_the_channels_are_public(routes):
    public = {name for name, route in routes.items() if not checks_the_token(route.handler)}
    assert public == PUBLIC
    assert len(routes) - len(PUBLIC) == 17  # the protected routes the real-stack test calls


def test_rest_is_the_secure_channel(routes):
    assert routes["rasa_server.secure_rest_webhook.receive"].path == "webhooks/rest/webhook"
    assert not any(".custom_webhook_RestInput." in name for name in routes)
