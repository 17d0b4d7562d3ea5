"""The REST channel, with the conversation bound to who the caller proved to be.

Rasa 3.6's ``RestInput`` takes ``sender`` (the conversation id) from the request body unchecked, so
anyone who knows or guesses a conversation id can write into it and act as its customer. This
channel keeps the path and the body (``POST /webhooks/rest/webhook {"sender", "message",
"metadata": {"customer_token"?, "display_text"?}}``) and derives the conversation id itself:

- with a customer JWT in ``metadata.customer_token`` (HS256, ``JWT_SECRET``, role customer): the
  conversation is ``<customer number>:<sender>``, so a token only ever reaches its own customer's
  conversations; an invalid or expired token is refused (401) rather than silently ignored;
- without a token (channels where the bot verifies contract number + plate itself): the sender must
  be an unguessable client-generated id of 32–128 characters ``[A-Za-z0-9_-]`` (e.g. 16 random bytes
  as hex, at least 128 bits), and the conversation is ``anon:<sender>``, a namespace no token-holder
  and no widget conversation (``web-<customer>``) can reach.

Identity in the metadata comes from the verified token only (``customer_token``,
``customer_number``); of the client's metadata only ``display_text`` passes. Message floods are
refused with 429 and a Dutch message (``bot/channels/rate_limit.py``). Message text and tokens are never
logged.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.rate_limit import REFUSAL_TEXT, ChannelLimits
from bot.channels.secure_socketio import CUSTOMER_METADATA_KEY, TOKEN_METADATA_KEY, verify_customer_token

logger = logging.getLogger(__name__)

ANONYMOUS_NAMESPACE = "anon"
SENDER_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,128}")
ANONYMOUS_SENDER_MIN_LENGTH = 32
MAX_MESSAGE_LENGTH = 5000

NOT_LOGGED_IN = "U bent niet (meer) aangemeld. Meld u opnieuw aan en stuur uw bericht dan opnieuw."
BAD_SENDER = "Dit gesprek kan niet worden gestart: de gespreks-id ontbreekt of is ongeldig."
BAD_MESSAGE = "Uw bericht kon niet worden gelezen. Probeer het opnieuw."
FAILED = "Er ging iets mis bij het verwerken van uw bericht. Probeer het opnieuw."


def conversation_id_for(sender: Any, customer: str | None) -> str | None:
    """The conversation a REST client may use, or None when its sender id is not acceptable."""
    if not isinstance(sender, str) or not SENDER_PATTERN.fullmatch(sender):
        return None
    if customer:
        return f"{customer}:{sender}"
    if len(sender) < ANONYMOUS_SENDER_MIN_LENGTH:
        return None
    return f"{ANONYMOUS_NAMESPACE}:{sender}"


def _bot_reply(recipient: Any, text: str, status: int, headers: dict[str, str] | None = None) -> HTTPResponse:
    """A refusal in the shape REST clients already render: a list of bot messages."""
    return response.json([{"recipient_id": recipient, "text": text}], status=status, headers=headers)


class SecureRestInput(InputChannel):
    """``/webhooks/rest/webhook`` with conversations scoped to the verified customer."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        return cls(credentials.get("jwt_key") or os.environ.get("JWT_SECRET"), credentials.get("jwt_method", "HS256"))

    def __init__(self, jwt_key: str | None, jwt_algorithm: str = "HS256", limits: ChannelLimits | None = None) -> None:
        self.jwt_key = jwt_key
        self.jwt_algorithm = jwt_algorithm
        self.limits = limits or ChannelLimits.from_env()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        if not self.jwt_key:
            raise ValueError("The secure REST channel needs a JWT secret (jwt_key or JWT_SECRET).")
        webhook = Blueprint("secure_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self.receive(request, on_new_message)

        return webhook

    async def receive(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        try:
            body = request.json
        except Exception:  # noqa: BLE001 - Sanic raises its own error type for bad JSON
            body = None
        if not isinstance(body, dict):
            return _bot_reply(None, BAD_MESSAGE, 400)
        sender, text = body.get("sender"), body.get("message")
        metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}

        token = metadata.get(TOKEN_METADATA_KEY)
        customer = None
        if token is not None:
            claims = verify_customer_token(token, self.jwt_key, self.jwt_algorithm)
            if claims is None:
                logger.info("REST message refused: invalid or expired customer token")
                return _bot_reply(sender if isinstance(sender, str) else None, NOT_LOGGED_IN, 401)
            customer = claims["sub"]

        conversation_id = conversation_id_for(sender, customer)
        if conversation_id is None:
            logger.info("REST message refused: unacceptable sender id (token: %s)", customer is not None)
            return _bot_reply(None, BAD_SENDER, 400)
        if not isinstance(text, str) or not text.strip():
            return _bot_reply(sender, BAD_MESSAGE, 400)

        wait = await self.limits.admit(conversation_id, customer)
        if wait is not None:
            logger.info("REST message of %s refused: message flood, retry in %d s", conversation_id, wait)
            return _bot_reply(sender, REFUSAL_TEXT, 429, {"Retry-After": str(wait)})

        clean: dict[str, Any] = {k: v for k, v in metadata.items() if k == "display_text" and isinstance(v, str)}
        if customer:
            clean[TOKEN_METADATA_KEY] = token
            clean[CUSTOMER_METADATA_KEY] = customer
        collector = CollectingOutputChannel()
        message = UserMessage(
            text[:MAX_MESSAGE_LENGTH], collector, conversation_id, input_channel=self.name(), metadata=clean
        )
        try:
            await on_new_message(message)
        except asyncio.CancelledError:
            logger.error("REST message of %s timed out", conversation_id)
            return _bot_reply(sender, FAILED, 503)
        except Exception:  # noqa: BLE001 - the client gets a Dutch message, the log no message text
            logger.exception("REST message of %s failed", conversation_id)
            return _bot_reply(sender, FAILED, 500)
        return response.json(collector.messages)
