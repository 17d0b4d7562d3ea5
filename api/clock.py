"""The API's notion of "now": real time, or a frozen instant for tests and demos (PUT /dev/clock)."""

from datetime import UTC, datetime


class Clock:
    def __init__(self) -> None:
        self.frozen_at: datetime | None = None

    def now(self) -> datetime:
        return self.frozen_at or datetime.now(UTC)

    def freeze(self, instant: datetime | None) -> None:
        if instant is not None and instant.tzinfo is None:
            instant = instant.replace(tzinfo=UTC)
        self.frozen_at = instant.astimezone(UTC) if instant else None
