"""A Sanic app with only the secure socket.io and REST channels, for the channel tests (a subprocess).

The bot is replaced by an echo: every customer message is answered with "echo: <text> as <customer
number>" through the channel's output, and stored in an in-memory tracker store like Rasa does, so
history replay is tested against real trackers. `GET /test/conversations` lists the conversation ids
the channels used and `GET /test/tracker/<id>` a conversation's user messages and their metadata.
"""

import logging
import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from channel_helpers import SECRET  # noqa: E402
from rasa.core.channels.channel import UserMessage  # noqa: E402
from rasa.core.tracker_store import InMemoryTrackerStore  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import BotUttered, UserUttered  # noqa: E402
from sanic import Sanic, response  # noqa: E402

from bot.channels.secure_rest import SecureRestInput  # noqa: E402
from bot.channels.secure_socketio import SecureSocketIOInput  # noqa: E402
from bot.channels.secure_twilio import SecureTwilioInput, SecureTwilioOutput  # noqa: E402

TWILIO_AUTH_TOKEN = "twilio-test-auth-token"
TWILIO_SENT: list[dict] = []  # what would have gone to Twilio's API (no network here)


class RecordingTwilioOutput(SecureTwilioOutput):
    async def _send_message(self, message_data: dict) -> None:
        TWILIO_SENT.append(message_data)


class RecordingTwilioInput(SecureTwilioInput):
    def get_output_channel(self) -> RecordingTwilioOutput:
        return RecordingTwilioOutput(self.account_sid, self.auth_token, self.twilio_number, self.offered)


def build_app() -> Sanic:
    app = Sanic("channel_test")
    store = InMemoryTrackerStore(Domain.empty())
    app.ctx.agent = SimpleNamespace(tracker_store=store)
    channel = SecureSocketIOInput.from_credentials({"jwt_key": SECRET, "metadata_key": "customData"})

    async def on_new_message(message: UserMessage) -> None:
        tracker = await store.get_or_create_tracker(message.sender_id)
        metadata = message.metadata or {}  # channels without a login (Twilio) carry none
        tracker.update(UserUttered(message.text, metadata=metadata))
        reply = f"echo: {message.text} as {metadata.get('customer_number', 'anonymous')}"
        token_ok = metadata.get("customer_token", "").count(".") == 2
        await message.output_channel.send_text_message(message.sender_id, reply + (" (token)" if token_ok else ""))
        tracker.update(BotUttered(reply))
        if message.text == "keuze":
            buttons = [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}]
            await message.output_channel.send_text_with_buttons(message.sender_id, "Klopt dit?", buttons)
        if message.text == "photo":
            await message.output_channel.send_custom_json(message.sender_id, {"type": "photo_upload", "id": 7})
        await store.save(tracker)

    app.blueprint(channel.blueprint(on_new_message), url_prefix="/webhooks/socketio")
    rest = SecureRestInput.from_credentials({"jwt_key": SECRET})
    app.blueprint(rest.blueprint(on_new_message), url_prefix="/webhooks/rest")

    twilio = RecordingTwilioInput.from_credentials(
        {
            "account_sid": "ACtest",
            "auth_token": TWILIO_AUTH_TOKEN,
            "twilio_number": "+3200000000",
            "webhook_url": "https://bot.example/twilio",
        }
    )
    app.blueprint(twilio.blueprint(on_new_message), url_prefix="/webhooks/twilio")

    @app.get("/test/twilio-sent")
    async def twilio_sent(_):
        return response.json(TWILIO_SENT)

    @app.get("/test/conversations")
    async def conversations(_):
        return response.json(sorted(await store.keys()))

    @app.get("/test/tracker/<conversation_id:path>")
    async def tracker(_, conversation_id: str):
        found = await store.retrieve(conversation_id)
        events = found.events if found else []
        return response.json([{"text": e.text, "metadata": e.metadata} for e in events if isinstance(e, UserUttered)])

    return app


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)  # the privacy tests read this output: INFO is what runs
    build_app().run(host="127.0.0.1", port=int(sys.argv[1]), access_log=False, workers=1)
