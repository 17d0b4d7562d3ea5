"""Writing into a customer's conversation through Rasa's HTTP API.

``POST /conversations/{id}/tracker/events?output_channel=latest&execute_side_effects=true`` appends
the events to the tracker (so agent messages are part of the conversation's history: after a
reload, in the bot's transcript, for the policies after hand-back) and sends the bot messages
among them to the channel the customer used last (for the widget: its socket.io room, live).
Needs ``rasa run --enable-api --auth-token``. The slot names are the bot's (bot/domain/handoff.yml).
"""

import logging
from typing import Any
from urllib.parse import quote

import httpx

from api.config import Settings

logger = logging.getLogger(__name__)

# The bot pauses while `handoff_active` is true and relays to handoff `handoff_id`.
HANDOFF_ENDED_SLOTS: list[dict[str, Any]] = [
    {"event": "slot", "name": "handoff_active", "value": False},
    {"event": "slot", "name": "handoff_id", "value": None},
]


def chat_message(kind: str, text: str, agent_name: str | None) -> dict[str, Any]:
    """A bot event the widget shows as the agent's message or as a notice (joined, left, closed)."""
    return {"event": "bot", "text": text, "data": {"custom": {"type": kind, "agent_name": agent_name}}}


class RasaConversations:
    def __init__(self, settings: Settings, transport: httpx.BaseTransport | None = None) -> None:
        self.base_url = settings.rasa_base_url
        self.token = settings.rasa_auth_token
        self.timeout = settings.rasa_timeout_seconds
        self.transport = transport

    def append(self, conversation_id: str, events: list[dict[str, Any]]) -> bool:
        """True when Rasa took the events; False (logged) when it is unreachable or refuses."""
        try:
            with httpx.Client(timeout=self.timeout, transport=self.transport) as client:
                response = client.post(
                    f"{self.base_url}/conversations/{quote(conversation_id, safe='')}/tracker/events",
                    params={"output_channel": "latest", "execute_side_effects": "true", "token": self.token},
                    json=events,
                )
        except httpx.HTTPError as error:
            logger.warning("Rasa unreachable for conversation %s: %s", conversation_id, error)
            return False
        if response.status_code != 200:
            logger.warning("Rasa refused events for %s: %s %s", conversation_id, response.status_code, response.text)
            return False
        return True
