"""WhatsApp/SMS through Twilio, made safe and usable: ``bot.channels.secure_twilio.SecureTwilioInput`` (bot env).

Rasa 3.6's ``twilio`` channel trusts every POST: it never checks Twilio's ``X-Twilio-Signature``, so
anyone who finds the webhook can write as any phone number. It also renders quick replies as
"1: Ja (/affirm)" — the payload shown to the customer — and a reply "1" means nothing to the bot.
This channel

- refuses a webhook call whose signature (HMAC of ``webhook_url`` + form fields with the Twilio auth
  token, Twilio's own ``RequestValidator``) does not match: 403;
- shows buttons as a numbered list of their titles and maps a reply that is just one of those
  numbers back to that button's payload (remembered per phone number, for this process, for an hour);
- refuses message floods like the other channels (``bot/channels/rate_limit.py``), with a Dutch text.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from bot.channels.rate_limit import REFUSAL_TEXT, ChannelLimits

logger = logging.getLogger(__name__)

CHOOSE_HINT = "Antwoord met het nummer van uw keuze."
REMEMBER_SECONDS = 3600
MAX_REMEMBERED = 10_000
_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


class OfferedButtons:
    """The buttons last offered to each phone number, so "2" can stand for the second one."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._offered: dict[str, tuple[float, list[str]]] = {}

    def remember(self, recipient: str, buttons: list[dict[str, Any]]) -> None:
        if len(self._offered) >= MAX_REMEMBERED:
            self._offered.pop(next(iter(self._offered)))
        self._offered[recipient] = (self._clock(), [str(button.get("payload", "")) for button in buttons])

    def resolve(self, sender: str, text: str) -> str:
        """The payload of the numbered choice `text`, or `text` itself when it is no such choice."""
        match = _NUMBER.match(text or "")
        offered = self._offered.get(sender)
        if not match or not offered or self._clock() - offered[0] > REMEMBER_SECONDS:
            return text
        index = int(match.group(1)) - 1
        payloads = offered[1]
        return payloads[index] if 0 <= index < len(payloads) and payloads[index] else text


def numbered(text: str, buttons: list[dict[str, Any]]) -> str:
    """The message with its buttons as a numbered list of titles (never the payloads)."""
    choices = "\n".join(f"{number}. {button.get('title', '')}" for number, button in enumerate(buttons, start=1))
    return f"{text}\n{choices}\n{CHOOSE_HINT}" if text else f"{choices}\n{CHOOSE_HINT}"


class SecureTwilioOutput(TwilioOutput):
    def __init__(
        self, account_sid: str | None, auth_token: str | None, twilio_number: str | None, offered: OfferedButtons
    ) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        self.offered = offered

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        self.offered.remember(recipient_id, buttons)
        # One message: Twilio's text sender splits on blank lines only.
        await self.send_text_message(recipient_id, numbered(text, buttons))


class SecureTwilioInput(TwilioInput):
    """Rasa's Twilio input with signature check, numbered choices and flood limits."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        needed = ("account_sid", "auth_token", "twilio_number", "webhook_url")
        if not credentials or not all(credentials.get(name) for name in needed):
            raise ValueError("The Twilio channel needs account_sid, auth_token, twilio_number and webhook_url.")
        return cls(
            credentials["account_sid"],
            credentials["auth_token"],
            credentials.get("twilio_number"),
            webhook_url=credentials["webhook_url"],
        )

    def __init__(
        self,
        account_sid: str | None,
        auth_token: str,
        twilio_number: str | None,
        webhook_url: str,
        limits: ChannelLimits | None = None,
    ) -> None:
        super().__init__(account_sid, auth_token, twilio_number, debug_mode=False)
        self.webhook_url = webhook_url
        self.validator = RequestValidator(auth_token)
        self.offered = OfferedButtons()
        self.limits = limits or ChannelLimits.from_env()

    def signed_by_twilio(self, request: Request) -> bool:
        """Twilio signs the URL it called plus the sorted form fields; our address is the configured one."""
        fields = {name: request.form.get(name) for name in request.form}
        return self.validator.validate(self.webhook_url, fields, request.headers.get("X-Twilio-Signature", ""))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        twilio_webhook = Blueprint("secure_twilio_webhook", __name__)

        @twilio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @twilio_webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if not self.signed_by_twilio(request):
                logger.warning("Twilio webhook call refused: missing or wrong signature")
                return response.text("", status=403)
            sender, text = request.form.get("From"), request.form.get("Body")
            if not sender or text is None:
                return response.text("", status=204)
            out_channel = self.get_output_channel()
            wait = await self.limits.admit(f"twilio:{sender}")
            if wait:
                logger.info("Twilio message refused: message flood, retry in %d s", wait)
                await out_channel.send_text_message(sender, REFUSAL_TEXT)
                return response.text("", status=204)
            text = self.offered.resolve(sender, text.replace("¡", "@"))  # carriers corrupt @ in SMS
            try:
                user_message = UserMessage(
                    text, out_channel, sender, input_channel=self.name(), metadata=self.get_metadata(request)
                )
                await on_new_message(user_message)
            except Exception:  # Twilio retries on errors; the bot's own failure replies are the actions'
                logger.exception("Twilio message could not be handled")
            return response.text("", status=204)

        return twilio_webhook

    def get_output_channel(self) -> OutputChannel:
        return SecureTwilioOutput(self.account_sid, self.auth_token, self.twilio_number, self.offered)
