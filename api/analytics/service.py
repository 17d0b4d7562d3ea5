"""Where customers drop out, computed from Rasa's own events (as `event.as_dict()` serialises them).

The bot's forms tell the story through slots and loops, so no extra logging is needed:
- `active_loop` with a name starts a flow (a form run), with null it ends it;
- `requested_slot` is the question the form asks, `outcome` = `<form>:completed` marks a finished
  flow and `faq:answered|clarified|declined` what the document answers did;
- `handoff_active` = true is a handover to an agent, `action_cancel_form` a customer who stopped;
- `request_type` tells which request `request_form` is taking.

Only the events inside the period count: a flow that straddles its edge is judged on what lies
inside. The computation (`summarise`) is pure; `analytics` feeds it from the configured source.
"""

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import groupby
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Connection, FromClause, create_engine, inspect, or_, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from api.analytics.models import ConversationEvent
from api.analytics.schemas import AnalyticsOut, DocumentAnswers, FlowStats, Period, SlotFunnel, Source
from api.clock import Clock
from api.config import Settings
from api.errors import ProblemError
from api.retention import RASA_EVENTS
from api.worktime import BRUSSELS, local

Event = dict[str, Any]

DEFAULT_DAYS = 14
MAX_DAYS = 366
# Dates outside this range are typing errors, and near year 1 or 9999 the day bounds overflow.
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)

HANDOFF_SLOT = "handoff_active"
OUTCOME_SLOT = "outcome"
REQUESTED_SLOT = "requested_slot"
REQUEST_TYPE_SLOT = "request_type"
REQUEST_FORM = "request_form"
CANCEL_ACTION = "action_cancel_form"
COMPLETED_SUFFIX = ":completed"
FAQ_OUTCOMES = {"faq:answered": "answered", "faq:clarified": "clarified", "faq:declined": "declined"}
# A new session or a restart resets the tracker, and with it the active form.
RESET_EVENTS = ("session_started", "restart")
# A form the customer touched less than this ago may still be answered: it is in progress, not abandoned.
# The bot's session_expiration_time (bot/domain/core.yml): after it, a new session drops the form.
IN_PROGRESS_SECONDS = 60 * 60


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


@dataclass
class _Run:
    """One run of a form, from its `active_loop` to its end."""

    form: str
    request_type: str | None
    asked: list[str] = field(default_factory=list)
    last_asked: str | None = None
    completed: bool = False
    cancelled: bool = False
    handed_over: bool = False
    in_progress: bool = False

    @property
    def flow(self) -> str:
        return f"{self.form}:{self.request_type}" if self.request_type else self.form

    @property
    def end(self) -> str:
        if self.completed:
            return "completed"
        if self.cancelled:
            return "cancelled"
        if self.handed_over:
            return "handed_over"
        return "in_progress" if self.in_progress else "abandoned"

    def ask(self, slot: str) -> None:
        if slot not in self.asked:
            self.asked.append(slot)
        self.last_asked = slot


@dataclass
class _Conversation:
    """Replays one conversation's events in order."""

    runs: list[_Run] = field(default_factory=list)
    active: _Run | None = None
    # The run that ended since the customer's last message: a handover in the same turn is its doing.
    just_ended: _Run | None = None
    request_type: str | None = None
    customer_spoke: bool = False
    last_seen: float = 0.0
    handed_over: bool = False
    answers: Counter[str] = field(default_factory=Counter)

    def feed(self, event: Event) -> None:
        self.last_seen = max(self.last_seen, float(event.get("timestamp") or 0))
        kind, name = event.get("event"), event.get("name")
        name = name if isinstance(name, str) else None
        if kind == "user":
            self.customer_spoke = True
            self.just_ended = None
        elif kind == "active_loop":
            # The same name again while it runs is the form carrying on, not a new start.
            if name and (self.active is None or self.active.form != name):
                self._end_active()
                self.active = _Run(name, self.request_type if name == REQUEST_FORM else None)
                self.runs.append(self.active)
            elif not name:
                self._end_active()
        elif kind in RESET_EVENTS:
            self._end_active()
        elif kind == "action" and name == CANCEL_ACTION and self.active:
            self.active.cancelled = True
        elif kind == "slot":
            self._slot(name, event.get("value"))

    def _end_active(self) -> None:
        if self.active:
            self.just_ended, self.active = self.active, None

    def _slot(self, name: str | None, value: Any) -> None:
        if name == HANDOFF_SLOT and value is True:
            self.handed_over = True
            for run in (self.active, self.just_ended):
                if run:
                    run.handed_over = True
        elif name == REQUESTED_SLOT and value and self.active:
            self.active.ask(str(value))
        elif name == REQUEST_TYPE_SLOT:
            self.request_type = str(value) if value else None
            # Set at the start of request_form (before its first question): that is its type.
            if self.request_type and self.active and self.active.form == REQUEST_FORM and not self.active.asked:
                self.active.request_type = self.request_type
        elif name == OUTCOME_SLOT and isinstance(value, str):
            if value in FAQ_OUTCOMES:
                self.answers[FAQ_OUTCOMES[value]] += 1
            elif value.endswith(COMPLETED_SUFFIX):
                # The latest run of that form: an earlier one was followed by a new start, so it is not its.
                form = value.removesuffix(COMPLETED_SUFFIX)
                run = next((run for run in reversed(self.runs) if run.form == form), None)
                if run:
                    run.completed = True


def _merge_order(order: list[str], asked: list[str]) -> None:
    """Add the slots a run asked that `order` lacks, each before the next slot of the run it already has:
    a run that skipped questions (a customer verified earlier) does not push them to the end."""
    for index, slot in enumerate(asked):
        if slot in order:
            continue
        following = next((later for later in asked[index + 1 :] if later in order), None)
        order.insert(order.index(following) if following else len(order), slot)


def _flow_stats(flow: str, runs: list[_Run]) -> FlowStats:
    ends = Counter(run.end for run in runs)
    order: list[str] = []
    asked: Counter[str] = Counter()
    gave_up: Counter[str] = Counter()
    for run in runs:
        _merge_order(order, run.asked)
        asked.update(run.asked)
        if run.end in ("cancelled", "handed_over", "abandoned") and run.last_asked:
            gave_up[run.last_asked] += 1
    return FlowStats(
        flow=flow,
        started=len(runs),
        completed=ends["completed"],
        cancelled=ends["cancelled"],
        handed_over=ends["handed_over"],
        abandoned=ends["abandoned"],
        in_progress=ends["in_progress"],
        completion_rate=_rate(ends["completed"], len(runs)),
        funnel=[SlotFunnel(slot=slot, asked=asked[slot], gave_up=gave_up[slot]) for slot in order],
    )


def day_bounds(period: Period) -> tuple[float, float]:
    """The period as unix seconds [start, end): from the first day's Brussels midnight to the one after the last."""
    start = datetime.combine(period.first, time.min, tzinfo=BRUSSELS)
    end = datetime.combine(period.last + timedelta(days=1), time.min, tzinfo=BRUSSELS)
    return start.timestamp(), end.timestamp()


def summarise(
    events: Iterable[tuple[str, Event]], period: Period, source: Source | None, now: float | None = None
) -> AnalyticsOut:
    """The figures of the events inside `period`; `events` are (sender_id, event) grouped by conversation,
    each conversation's in the order they happened (as both sources read them: by sender_id, then id).
    A form still open at its conversation's last event counts as in progress when that event is less
    than IN_PROGRESS_SECONDS before `now` (unix seconds), as abandoned otherwise."""
    start, end = day_bounds(period)
    conversations = handed_over = 0
    answers: Counter[str] = Counter()
    runs_per_flow: dict[str, list[_Run]] = defaultdict(list)
    for _sender_id, conversation_events in groupby(events, key=lambda pair: pair[0]):
        conversation = _Conversation()
        for _, event in conversation_events:
            timestamp = event.get("timestamp")
            if isinstance(timestamp, int | float) and start <= timestamp < end:
                conversation.feed(event)
        if conversation.active and now is not None and conversation.last_seen >= now - IN_PROGRESS_SECONDS:
            conversation.active.in_progress = True
        if conversation.customer_spoke:
            conversations += 1
            handed_over += conversation.handed_over
        answers.update(conversation.answers)
        for run in conversation.runs:
            runs_per_flow[run.flow].append(run)
    documents = sum(answers.values())
    flows = sorted(runs_per_flow.items(), key=lambda item: (-len(item[1]), item[0]))
    return AnalyticsOut(
        source=source,
        period=period,
        conversations=conversations,
        handed_over=handed_over,
        containment_rate=_rate(conversations - handed_over, conversations),
        document_answers=DocumentAnswers(
            answered=answers["answered"],
            clarified=answers["clarified"],
            declined=answers["declined"],
            answered_rate=_rate(answers["answered"], documents),
            clarified_rate=_rate(answers["clarified"], documents),
            declined_rate=_rate(answers["declined"], documents),
        ),
        flows=[_flow_stats(flow, runs) for flow, runs in flows],
    )


def choose_period(clock: Clock, first: date | None, last: date | None) -> Period:
    """`from`..`to` inclusive; by default the last 14 Brussels days up to today (or up to `to`)."""
    last = last or local(clock.now()).date()
    first = first or last - timedelta(days=DEFAULT_DAYS - 1)
    if not (EARLIEST <= first <= LATEST and EARLIEST <= last <= LATEST):
        raise ProblemError(422, "Kies datums tussen 2000 en 2099.", slug="validation")
    if first > last:
        raise ProblemError(422, "De begindatum ('from') valt na de einddatum ('to').", slug="validation")
    if (last - first).days + 1 > MAX_DAYS:
        raise ProblemError(422, f"Kies een periode van hoogstens {MAX_DAYS} dagen.", slug="validation")
    return Period(first=first, last=last)


def _relevant(table: FromClause) -> ColumnElement[bool]:
    """The events the computation looks at; `action_name` holds every event's `name` (slot, action, loop).
    The rest (bot messages above all) stays in the database."""
    columns = table.c
    return or_(
        columns.type_name.in_(("user", "active_loop", *RESET_EVENTS)),
        (columns.type_name == "slot")
        & columns.action_name.in_((HANDOFF_SLOT, OUTCOME_SLOT, REQUESTED_SLOT, REQUEST_TYPE_SLOT)),
        (columns.type_name == "action") & (columns.action_name == CANCEL_ACTION),
    )


def read_events(connection: Connection, table: FromClause, period: Period) -> Iterator[tuple[str, Event]]:
    """(sender_id, event) of Rasa's table layout, by conversation and in order, streamed."""
    start, end = day_bounds(period)
    query = (
        select(table.c.sender_id, table.c.data)
        .where(table.c.timestamp >= start, table.c.timestamp < end, _relevant(table))
        .order_by(table.c.sender_id, table.c.id)
    )
    for sender_id, data in connection.execute(query, execution_options={"yield_per": 1000}):
        yield sender_id, json.loads(data)


def _from_tracker_store(url: str, period: Period, now: float) -> AnalyticsOut:
    """Read-only (SQLite opened with mode=ro); before Rasa's first start there is no file or table yet: zeros."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        if not Path(parsed.database).exists():
            return summarise([], period, "tracker_store", now)
        parsed = parsed.set(database=f"file:{parsed.database}", query={"mode": "ro", "uri": "true"})
    engine = create_engine(parsed)
    try:
        with engine.connect() as connection:
            has_events = inspect(connection).has_table(RASA_EVENTS.name)
            events = read_events(connection, RASA_EVENTS, period) if has_events else iter(())
            return summarise(events, period, "tracker_store", now)
    finally:
        engine.dispose()


def analytics(
    session: Session, settings: Settings, clock: Clock, first: date | None, last: date | None
) -> AnalyticsOut:
    """From the events consumed off the broker when ANALYTICS_AMQP_URL is set (production: the console's
    queries then never load Rasa's database), else from RASA_TRACKER_STORE_URL; neither: zeros, `source` null."""
    period = choose_period(clock, first, last)
    now = clock.now().timestamp()
    if settings.analytics_amqp_url:
        events = read_events(session.connection(), ConversationEvent.__table__, period)
        return summarise(events, period, "event_broker", now)
    if settings.rasa_tracker_store_url:
        return _from_tracker_store(settings.rasa_tracker_store_url, period, now)
    return summarise([], period, None)
