"""Helpers for reading the bot's replies in end-to-end tests, and the damage report they share."""

# A collision with another party, answered question by question after the opening (the plate comes from
# the contract): date with time, place, story, kind, other party, accident statement.
DAMAGE_ANSWERS = [
    "gisteren rond 14u",
    "Veldstraat in Gent",
    "Een auto reed achteruit tegen mijn bumper.",
    "aanrijding",
    "ja",
    "ja",
]


def texts(messages: list[dict]) -> str:
    """All text of the bot's messages, joined, for assertions."""
    return "\n".join(m.get("text", "") for m in messages)


def buttons(messages: list[dict]) -> list[dict]:
    """Every quick-reply button the bot offered."""
    return [button for m in messages for button in m.get("buttons", [])]
