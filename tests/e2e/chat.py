"""Helpers for reading the bot's replies in end-to-end tests."""


def texts(messages: list[dict]) -> str:
    """All text of the bot's messages, joined, for assertions."""
    return "\n".join(m.get("text", "") for m in messages)


def buttons(messages: list[dict]) -> list[dict]:
    """Every quick-reply button the bot offered."""
    return [button for m in messages for button in m.get("buttons", [])]
