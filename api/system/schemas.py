from datetime import datetime
from typing import Literal

from api.schemas import Output, StrictInput


class HealthOut(Output):
    status: Literal["ok", "degraded"]
    database: Literal["ok", "error"]
    knowledge: Literal["ok", "missing"]


class ClockIn(StrictInput):
    now: datetime | None


class ClockOut(Output):
    now: datetime
    frozen: bool
