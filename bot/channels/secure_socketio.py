"""The website widget's socket.io channel, bound to the logged-in customer.

Rasa 3.6's ``SocketIOInput`` checks a JWT on connect only, then forgets it, and lets the client
pick any ``session_id`` for every message: whoever learns another customer's session id can read
and write that conversation (see shared/design/rasa-3.6-notes.md). This channel:

- refuses a connection without a valid customer JWT (HS256, ``JWT_SECRET``, ``role`` customer);
- gives every customer one conversation, ``web-<customer number>``, and refuses a
  ``session_request`` or a message for any other session id;
- puts the verified token (``customer_token``) and customer number into every message's metadata,
  so the actions call the API as this customer, whatever the client sent;
- replays the conversation from the tracker on ``session_request`` (reloads, second tabs), echoes
  a customer's message to the other tabs and says when the bot is working (typing indicator);
- sends custom payloads as ``{"custom": {...}}`` (Rasa 3.6 passes them to ``emit`` as keyword
  arguments) and agent messages as ``{"text", "sender": "agent", "agent_name"}``;
- refuses message floods (``bot/channels/rate_limit.py``) with a polite ``bot_uttered`` to the sending
  tab: the message is not processed and the customer is asked to send it again;
- with ``SOCKETIO_REDIS_URL`` set, shares its rooms with every other Rasa instance through Redis
  (python-socketio's ``AsyncRedisManager``): a message for a conversation — the bot's answer, an agent's
  message that the API posted to any instance, the echo to a second tab — reaches the widget whichever
  instance it is connected to. Each socket stays on one instance (websocket transport, or sticky
  sessions for long-polling: ARCHITECTURE.md, "How to grow").

Message text and tokens are never logged.
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

import jwt
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncRedisManager, AsyncServer

from bot.channels.rate_limit import REFUSAL_TEXT, ChannelLimits

logger = logging.getLogger(__name__)

TOKEN_METADATA_KEY = "customer_token"
CUSTOMER_METADATA_KEY = "customer_number"
# Custom payloads the API sends into a conversation (POST /conversations/{id}/tracker/events).
AGENT_EVENT_TYPES = {"agent_message", "agent_joined", "agent_left", "conversation_closed"}
HISTORY_LIMIT = 200


def session_id_for(customer_number: str) -> str:
    """The one web conversation of a customer (the API's console shows it as conversation id)."""
    return f"web-{customer_number}"


def shared_rooms() -> AsyncRedisManager | None:
    """python-socketio's Redis client manager when several Rasa instances share the widgets, else None."""
    url = os.environ.get("SOCKETIO_REDIS_URL", "").strip()
    if not url:
        return None
    channel = os.environ.get("SOCKETIO_REDIS_CHANNEL", "").strip() or "leaseassistant-socketio"
    return AsyncRedisManager(url, channel=channel)


def verify_customer_token(token: Any, secret: str, algorithm: str = "HS256") -> dict[str, Any] | None:
    """The token's claims when it is a valid, unexpired customer token; otherwise None."""
    if not isinstance(token, str) or not token:
        return None
    try:
        claims = jwt.decode(token, secret, algorithms=[algorithm], options={"require": ["sub", "role", "exp"]})
    except jwt.PyJWTError:
        return None
    if claims.get("role") != "customer" or not isinstance(claims.get("sub"), str) or not claims["sub"]:
        return None
    return claims


def history_messages(events: list[Any], limit: int = HISTORY_LIMIT) -> list[dict[str, Any]]:
    """What the widget shows of a conversation: customer, bot and agent messages, oldest first."""
    messages: list[dict[str, Any]] = []
    for event in events:
        if isinstance(event, UserUttered) and event.text and not event.text.startswith("EXTERNAL:"):
            shown = (event.metadata or {}).get("display_text") or event.text
            messages.append({"sender": "customer", "text": shown, "timestamp": event.timestamp})
        elif isinstance(event, BotUttered):
            messages.extend(_bot_history(event))
    return messages[-limit:]


def _bot_history(event: BotUttered) -> list[dict[str, Any]]:
    data = event.data or {}
    custom = data.get("custom") if isinstance(data.get("custom"), dict) else None
    if custom and custom.get("type") in AGENT_EVENT_TYPES:
        return [_agent_payload(event.text, custom) | {"timestamp": event.timestamp}]
    items: list[dict[str, Any]] = []
    if event.text:
        item: dict[str, Any] = {"sender": "bot", "text": event.text, "timestamp": event.timestamp}
        if data.get("buttons"):
            item["quick_replies"] = [{"title": b.get("title"), "payload": b.get("payload")} for b in data["buttons"]]
        items.append(item)
    if custom:
        items.append({"sender": "bot", "custom": custom, "timestamp": event.timestamp})
    return items


def _agent_payload(text: str | None, custom: dict[str, Any]) -> dict[str, Any]:
    sender = "agent" if custom.get("type") == "agent_message" else "system"
    return {"sender": sender, "text": text or "", "event": custom.get("type"), "agent_name": custom.get("agent_name")}


class SecureSocketIOOutput(SocketIOOutput):
    """Sends to the conversation's room; custom payloads and agent messages in a form the widget reads."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        custom = message.get("custom")
        if isinstance(custom, dict) and custom.get("type") in AGENT_EVENT_TYPES:
            await self._send_message(recipient_id, _agent_payload(message.get("text"), custom))
            return
        await super().send_response(recipient_id, message)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"custom": json_message})


class SecureSocketIOInput(SocketIOInput):
    """socket.io for logged-in customers: one verified conversation per customer."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        return cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("namespace"),
            True,
            credentials.get("socketio_path", "/socket.io"),
            credentials.get("jwt_key") or os.environ.get("JWT_SECRET"),
            credentials.get("jwt_method", "HS256"),
            credentials.get("metadata_key", "customData"),
        )

    def __init__(self, *args: Any, limits: ChannelLimits | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits or ChannelLimits.from_env()

    def get_output_channel(self) -> OutputChannel | None:
        if self.sio is None:
            return None
        return SecureSocketIOOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        if not self.jwt_key:
            raise ValueError("The secure socket.io channel needs a JWT secret (jwt_key or JWT_SECRET).")
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[], client_manager=shared_rooms())
        blueprint = SocketBlueprint(sio, self.socketio_path, "secure_socketio_webhook", __name__)
        self.sio = sio
        self.app: Any = None  # the Sanic app (its ctx.agent holds the tracker store), known on connect
        namespace = self.namespace
        output = SecureSocketIOOutput(sio, self.bot_message_evt)

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=namespace)
        async def connect(sid: str, environ: dict, auth: dict | None = None) -> bool:
            token = (auth or {}).get("token")
            claims = verify_customer_token(token, self.jwt_key, self.jwt_algorithm)
            if claims is None:
                logger.info("socket.io connection %s refused: no valid customer token", sid)
                return False
            request = environ.get("sanic.request")
            if request is not None:
                self.app = request.app
            session = {"customer": claims["sub"], "token": token, "exp": claims["exp"]}
            await sio.save_session(sid, session, namespace=namespace)
            return True

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: str, data: dict | None = None) -> None:
            session = await sio.get_session(sid, namespace=namespace)
            own = session_id_for(session["customer"])
            wanted = (data or {}).get("session_id")
            if wanted and wanted != own:
                await self._refuse(sid, "Dit gesprek hoort niet bij uw account.")
                return
            session["session_id"] = own
            await sio.save_session(sid, session, namespace=namespace)
            joined = sio.enter_room(sid, own, namespace=namespace)
            if inspect.isawaitable(joined):  # python-socketio >= 5.10 made it a coroutine
                await joined
            await sio.emit("session_confirm", own, room=sid, namespace=namespace)
            await sio.emit("history", await self._history(own), room=sid, namespace=namespace)

        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: str, data: dict | None) -> None:
            session = await sio.get_session(sid, namespace=namespace)
            own = session.get("session_id")
            data = data if isinstance(data, dict) else {}
            if own is None or (data.get("session_id") and data["session_id"] != own):
                await self._refuse(sid, "Dit gesprek hoort niet bij uw account.")
                return
            if session["exp"] <= time.time():
                await self._refuse(sid, "Uw sessie is verlopen. Meld u opnieuw aan.")
                return
            wait = await self.limits.admit(own)
            if wait is not None:
                logger.info("socket.io message of %s refused: message flood, retry in %d s", own, wait)
                await sio.emit(self.bot_message_evt, {"text": REFUSAL_TEXT}, room=sid, namespace=namespace)
                return
            message = self.user_message(data, session, output)
            await sio.emit(
                "user_echo",
                {"text": message.metadata.get("display_text") or message.text},
                room=own,
                skip_sid=sid,
                namespace=namespace,
            )
            await sio.emit("typing", {"on": True}, room=own, namespace=namespace)
            try:
                await on_new_message(message)
            finally:
                await sio.emit("typing", {"on": False}, room=own, namespace=namespace)

        return blueprint

    def user_message(self, data: dict[str, Any], session: dict[str, Any], output: OutputChannel) -> UserMessage:
        """The message as Rasa sees it; identity comes from the verified token, never from the client."""
        metadata = data.get(self.metadata_key) or {}
        if isinstance(metadata, str):
            try:
                metadata = json.loads(metadata)
            except ValueError:
                metadata = {}
        metadata = {k: v for k, v in dict(metadata).items() if k in ("display_text",) and isinstance(v, str)}
        metadata[TOKEN_METADATA_KEY] = session["token"]
        metadata[CUSTOMER_METADATA_KEY] = session["customer"]
        text = str(data.get("message") or "")[:5000]
        return UserMessage(text, output, session["session_id"], input_channel=self.name(), metadata=metadata)

    async def _history(self, session_id: str) -> list[dict[str, Any]]:
        agent = getattr(getattr(self.app, "ctx", None), "agent", None)
        if agent is None or agent.tracker_store is None:
            return []
        try:
            tracker = await agent.tracker_store.retrieve(session_id)
        except Exception:  # noqa: BLE001 - no history is better than no chat
            logger.exception("Could not read the history of %s", session_id)
            return []
        return history_messages(list(tracker.events)) if tracker else []

    async def _refuse(self, sid: str, reason: str) -> None:
        assert self.sio is not None
        await self.sio.emit("session_refused", {"reason": reason}, room=sid, namespace=self.namespace)
        await self.sio.disconnect(sid, namespace=self.namespace)
