"""A Sanic app with only the secure socket.io channel, for the channel tests (run as a subprocess).

The bot is replaced by an echo: every customer message is answered with "echo: <text> as <customer
number>" through the channel's output, and stored in an in-memory tracker store like Rasa does, so
history replay is tested against real trackers.
"""

import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from rasa.core.channels.channel import UserMessage  # noqa: E402
from rasa.core.tracker_store import InMemoryTrackerStore  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import BotUttered, UserUttered  # noqa: E402
from sanic import Sanic  # noqa: E402

from channels.secure_socketio import SecureSocketIOInput  # noqa: E402

SECRET = "channel-test-secret-of-at-least-32-bytes"


def build_app() -> Sanic:
    app = Sanic("channel_test")
    store = InMemoryTrackerStore(Domain.empty())
    app.ctx.agent = SimpleNamespace(tracker_store=store)
    channel = SecureSocketIOInput.from_credentials({"jwt_key": SECRET, "metadata_key": "customData"})

    async def on_new_message(message: UserMessage) -> None:
        tracker = await store.get_or_create_tracker(message.sender_id)
        tracker.update(UserUttered(message.text, metadata=message.metadata))
        reply = f"echo: {message.text} as {message.metadata['customer_number']}"
        token_ok = message.metadata.get("customer_token", "").count(".") == 2
        await message.output_channel.send_text_message(message.sender_id, reply + (" (token)" if token_ok else ""))
        tracker.update(BotUttered(reply))
        if message.text == "photo":
            await message.output_channel.send_custom_json(message.sender_id, {"type": "photo_upload", "id": 7})
        await store.save(tracker)

    app.blueprint(channel.blueprint(on_new_message), url_prefix="/webhooks/socketio")
    return app


if __name__ == "__main__":
    build_app().run(host="127.0.0.1", port=int(sys.argv[1]), access_log=False, workers=1)
