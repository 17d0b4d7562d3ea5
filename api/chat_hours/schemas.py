from datetime import datetime

from api.schemas import Output


class ChatHoursOut(Output):
    open: bool
    now: datetime
    next_open: datetime | None
    next_open_text: str | None
    closes_at: datetime | None
    hours_text: str
    holiday: str | None
