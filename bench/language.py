"""The customer-language yardstick: slot answers, first-message routing and whole scripted customers.

The sets in tests/language/ were written by people who never saw the NLU data, the parsers or the
prompts (tests/language/BRIEF.md). Slot answers are scored on the API's readers directly; routing and
conversations go through the real stack over the REST channel, and a conversation counts only when
its record is in the API with the expected values.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import httpx

LANGUAGE_DIR = Path(__file__).resolve().parent.parent / "tests" / "language"
TODAY = date(2026, 11, 24)  # the sets are written for Tuesday 24 November 2026, 10:00 Brussels
LAST_READING = {"C1001": 19_500, "C1002": 50_900, "C1003": 5_150}  # api/seed.py
CUSTOMER_COUNTRY = {"C1001": "BE", "C1002": "NL", "C1003": "BE"}


def load(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (LANGUAGE_DIR / name).read_text().splitlines() if line.strip()]


# --- slot answers ---------------------------------------------------------------------------------

# kind → (reader field, how the found value is compared with the expected one)
SLOT_FIELDS: dict[str, str] = {
    "past_date": "past_datetime",
    "future_date": "future_date",
    "odometer": "odometer",
    "km_bundle": "km_bundle",
    "debit_day": "debit_day",
    "address": "address",
    "house_number": "house_number",
    "box": "box",
    "postcode": "postcode",
    "city": "city",
    "country": "country",
    "iban": "iban",
    "account_holder": "name",
    "yes_no": "yes_no",
    "lost_or_stolen": "loss_or_theft",
    "damage_description": "description",
    "damage_location": "place",
    "damage_kind": "damage_kind",
    "police_report": "police_report",
    "phone": "phone",
    "callback_time": "callback_time",
    "name": "name",
    "document": "document",
    "destination_country": "countries",
    "municipality": "city",
    "license_plate": "license_plate",
    "contract_number": "contract_number",
    "termination_reason": "reason",
}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-zà-ÿ0-9]+", text.lower()) if len(w) > 2}


def _place_name(name: str) -> str:
    """Heist-op-den-Berg, heist op den berg and St-Truiden, Sint Truiden are the same places."""
    return re.sub(r"^(?:st\.?|sint)\s", "sint ", re.sub(r"[-\s]+", " ", name.lower().strip()))


def slot_value_matches(kind: str, found: Any, expected: dict[str, Any] | None) -> bool:
    """Whether the reader's value is the customer's value (None expected: the reader must refuse)."""
    if expected is None:
        return found is None or (kind == "termination_reason" and found == "")
    if found is None:
        return False
    if kind == "past_date":
        return found["date"] == expected["date"] and found.get("time") == expected.get("time")
    if kind == "future_date":
        return found == expected["date"]
    if kind in ("odometer", "km_bundle"):
        return found == expected["km"]
    if kind == "debit_day":
        return found == expected["day"]
    if kind in ("address", "house_number"):
        wanted = {k: str(v).lower().replace(" ", "") for k, v in expected.items() if v not in (None, "")}
        got = {k: str(v).lower().replace(" ", "") for k, v in found.items() if v not in (None, "")}
        if kind == "address" and "country" not in wanted:
            got.pop("country", None)
        return wanted == got
    if kind == "box":
        return str(found).upper() == str(expected["box"]).upper()
    if kind == "postcode":
        return found.replace(" ", "") == expected["postcode"].replace(" ", "")
    if kind in ("city", "municipality"):
        key = "city" if kind == "city" else "municipality"
        return _place_name(found) == _place_name(expected[key])
    if kind == "country":
        return found == expected["country"]
    if kind == "iban":
        return found == expected["iban"]
    if kind in ("account_holder", "name"):
        return found.lower() == expected["name"].lower()
    if kind == "yes_no":
        return found is expected["value"]
    if kind == "lost_or_stolen":
        return found == expected["reason"]
    if kind == "damage_location":
        wanted = _words(expected["location"])
        return bool(wanted) and len(wanted & _words(found)) >= max(1, len(wanted) // 2)
    if kind == "damage_kind":
        return found == expected["kind"]
    if kind == "police_report":
        return re.sub(r"\s", "", found).lower() == re.sub(r"\s", "", expected["number"]).lower()
    if kind == "phone":
        return found == expected["phone"]
    if kind == "document":
        return found == expected["document"]
    if kind == "destination_country":
        return [c["code"] if isinstance(c, dict) else c for c in found] == list(expected["countries"])
    if kind == "license_plate":
        return found == expected["plate"]
    if kind == "contract_number":
        return found == expected["contract_number"]
    return bool(expected.get("accepted")) == (found not in (None, ""))


def read_slot(kind: str, item: dict[str, Any], today: date = TODAY) -> Any:
    """The value the API's reader takes from the answer, or None when it refuses it."""
    from api.validation import service
    from api.validation.schemas import ValidateIn

    reader = SLOT_FIELDS[kind]
    if kind == "future_date" and re.search(r"\b(?:live|living|move|moved|moving|address)\b", item["question"]):
        reader = "date"  # the address form reads the moving date either way: a move can be a few days ago
    # the customer the question is for: its own key, or named in the question ("(customer C1002)", as one
    # writer put it)
    named = re.search(r"\bC100\d\b", item["question"])
    customer = item.get("customer") or (named[0] if named else "")
    country = CUSTOMER_COUNTRY.get(customer)
    result = service.validate(ValidateIn(field=reader, value=item["text"], country=country), today)
    if not result.valid:
        return None
    if kind == "odometer" and customer in LAST_READING and result.value < LAST_READING[customer]:
        return None  # the API refuses a reading below the last one (POST /me/mileage)
    return result.value


@dataclass
class SlotScore:
    per_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    misses: list[tuple[str, str, Any, Any]] = field(default_factory=list)

    @property
    def total(self) -> tuple[int, int]:
        return sum(c for c, _ in self.per_kind.values()), sum(n for _, n in self.per_kind.values())

    @property
    def accuracy(self) -> float:
        right, total = self.total
        return right / total if total else 0.0


def score_slots(items: list[dict[str, Any]], today: date = TODAY) -> SlotScore:
    score = SlotScore()
    for item in items:
        kind = item["kind"]
        found = read_slot(kind, item, today)
        right = slot_value_matches(kind, found, item["expected"])
        score.per_kind[kind][0] += int(right)
        score.per_kind[kind][1] += 1
        if not right:
            score.misses.append((kind, item["text"], item["expected"], found))
    return score


# --- routing and conversations through the stack --------------------------------------------------

ROUTE_OF_INTENT = {
    "faq": "search",
    "inform": "search",
    "nlu_fallback": "search",
    "ask_km_bundle": "contract_fact:km_bundle",
    "ask_contract_end": "contract_fact:contract_end",
    "ask_last_reading": "contract_fact:last_reading",
    "report_mileage": "mileage_reading",
    "report_damage": "damage",
    "report_breakdown": "breakdown",
    "human_handoff": "human",
    "upset": "human",
    "request_callback": "callback",
    "greet": "greet",
    "thanks": "thanks",
    "goodbye": "goodbye",
}
SEARCHED = {"document_question", "out_of_scope"}
# Routes a button can offer one click away ("Wilt u schade melden?", a form an answer points to).
TASK_ROUTES = {"damage", "mileage_reading", "callback"}


def offered_route(payload: str) -> str | None:
    """The task route an offered button stands for (its payload is the task's intent), else None."""
    route = route_of(payload.removeprefix("/").split("{", 1)[0]) if payload.startswith("/") else ""
    return route if route in TASK_ROUTES or route.startswith("request:") else None


def route_of(intent: str) -> str:
    if intent.startswith("request_") and intent != "request_callback":
        return "request:" + intent.removeprefix("request_")
    return ROUTE_OF_INTENT.get(intent, intent)


def route_is_right(expected: str, got: str) -> bool:
    """Right flow, or searched for a question; an offer of the task one click away counts as the task, and a
    question answered with a task offered beside it as searched too."""
    task = got.removeprefix("search+")
    searched = expected in SEARCHED and (got == "search" or got.startswith("search+"))
    return got == expected or searched or task == expected


class Bot:
    """One REST conversation with the real stack; reads Rasa's tracker to see where it went."""

    def __init__(self, stack: Any, customer: str | None) -> None:
        self.stack = stack
        self.customer = customer
        self.sender = f"lang-{uuid.uuid4().hex}"
        self.token = stack.token(customer) if customer else None
        self.conversation_id = f"{customer}:{self.sender}" if customer else f"anon:{self.sender}"
        self.replies: list[list[dict]] = []

    def say(self, text: str) -> list[dict]:
        reply = self.stack.say(text, sender=self.sender, token=self.token)
        self.replies.append(reply)
        return reply

    def tracker(self) -> dict[str, Any]:
        token = self.stack.stack.env["RASA_AUTH_TOKEN"]
        response = httpx.get(
            f"{self.stack.rasa_url}/conversations/{self.conversation_id}/tracker",
            params={"token": token},
            timeout=10,
        )
        response.raise_for_status()
        return response.json()


def routed(tracker: dict[str, Any]) -> str:
    """Where the first message went: the flow it started, else its intent's route."""
    slots = tracker.get("slots") or {}
    actions = [e.get("name") for e in tracker.get("events", []) if e.get("event") == "action"]
    # a start action that answered from the documents instead (a question the NLU took for the task) started
    # nothing: what the customer got is the answer, with the task offered or not
    from_documents = str(slots.get("outcome") or "").startswith("faq:")
    if str(slots.get("outcome") or "").startswith("contract:"):  # the customer's own contract fact was given
        return "contract_fact:" + str(slots["outcome"]).removeprefix("contract:")
    if "request_form" in actions and slots.get("request_type"):
        return "request:" + slots["request_type"]
    # a start action that handed over instead ("is er een live agent beschikbaar?" taken for damage) started nothing
    started = not from_documents and "action_handoff" not in actions
    if "damage_form" in actions or "action_start_damage" in actions and started:
        return "damage"
    if "mileage_form" in actions:
        return "mileage_reading"
    if "callback_form" in actions or "action_start_callback" in actions and started:
        return "callback"
    if "action_breakdown" in actions and not from_documents:  # no car trouble told: searched instead
        return "breakdown"
    last_bot = next((e for e in reversed(tracker.get("events", [])) if e.get("event") == "bot"), {})
    payloads = [b.get("payload") for b in (last_bot.get("data") or {}).get("buttons") or []]
    offered = next((route for p in payloads if (route := offered_route(str(p or "")))), None)
    if "action_handoff" in actions:  # a human, or (out of hours) a callback; an angry damage story: the file
        return "damage" if offered == "damage" else "human"
    searched = from_documents or "Bron:" in json.dumps(tracker.get("events")[-6:])
    if offered and "action_breakdown" not in actions:
        # offered: "Wilt u schade melden?", one click away; after the documents were searched for it (an answer,
        # "Bedoelt u…?" or an honest decline), both
        return f"search+{offered}" if searched else offered
    if from_documents:
        return "search"  # a contract fact the NLU was unsure of, answered from the documents
    intent = (tracker.get("latest_message") or {}).get("intent", {}).get("name") or ""
    return route_of(intent)


def score_routing(stack: Any, items: list[dict[str, Any]]) -> tuple[float, list[tuple[str, str, str]]]:
    misses = []
    for item in items:
        bot = Bot(stack, "C1001")
        bot.say(item["text"])
        got = routed(bot.tracker())
        if not route_is_right(item["route"], got):
            misses.append((item["route"], got, item["text"]))
    return 1 - len(misses) / len(items), misses


# requested slot → the scripted customer's topic
TOPIC_OF_SLOT = {
    "verify_contract_number": "contract_number",
    "verify_license_plate": "license_plate",
    "damage_license_plate": "license_plate",
    "damage_date": "date",
    "damage_time": "date",  # the customer's answer about when holds the time, if they know it
    "damage_location": "location",
    "damage_description": "description",
    "damage_kind": "damage_kind",
    "damage_other_party": "other_party",
    "damage_accident_statement": "accident_statement",
    "damage_police_report": "police_report",
    "damage_confirmed": "confirm",
    "mileage_odometer": "odometer",
    "req_country": "country",
    "req_street": "street",
    "req_house_number": "house_number",
    "req_box": "box",
    "req_postcode": "postcode",
    "req_city": "city",
    "req_effective_date": "effective_date",
    "req_iban": "iban",
    "req_account_holder": "account_holder",
    "req_debit_day": "debit_day",
    "req_document": "document",
    "req_reason": "reason",
    "req_incident_date": "incident_date",
    "req_police_report": "police_report",
    "req_municipality": "municipality",
    "req_desired_end_date": "desired_end_date",
    "req_termination_reason": "termination_reason",
    "req_destination_country": "destination_country",
    "req_departure_date": "departure_date",
    "req_return_date": "return_date",
    "req_new_yearly_km": "new_yearly_km",
    "request_confirmed": "confirm",
    "callback_name": "name",
    "callback_phone": "phone",
    "callback_time": "callback_time",
}
OFFER_PAYLOADS = {"damage": "/report_damage", "reading": "/report_mileage", "callback": "/request_callback"}


@dataclass
class ConversationResult:
    id: str
    reached: bool
    turns: int
    facts: int
    third_ask: bool
    transcript: list[str]
    problem: str = ""


def _records(stack: Any, customer: str, kind: str) -> list[dict[str, Any]]:
    if kind == "callback":
        login = httpx.post(
            f"{stack.api_url}/agent/login",
            json={
                "username": stack.stack.env.get("AGENT_USERNAME", "agent"),
                "password": stack.stack.env.get("AGENT_PASSWORD", "agent"),
            },
            timeout=10,
        )
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        return httpx.get(f"{stack.api_url}/agent/callbacks", headers=headers, timeout=10).json()
    path = {"damage": "/me/damage-files", "reading": "/me/mileage", "request": "/me/requests"}[kind]
    headers = {"Authorization": f"Bearer {stack.token(customer)}"}
    return httpx.get(f"{stack.api_url}{path}", headers=headers, timeout=10).json()


def _record_matches(record: dict[str, Any], expected: dict[str, Any]) -> bool:
    fields = expected.get("fields") or {}
    if expected["record"] == "request":
        if record.get("type") != expected.get("type"):
            return False
        payload = record.get("payload") or {}
        for key, want in fields.items():
            got = payload.get(key)
            if key == "destination_countries":
                got = payload.get("destination_countries") or payload.get("destination_country")
                if isinstance(got, str):
                    got = [c.strip() for c in got.split(",")]
            if not _same(got, want):
                return False
        return True
    return all(_same(record.get(key), want) for key, want in fields.items())


def _same(got: Any, want: Any) -> bool:
    if isinstance(want, str) and isinstance(got, str):
        return got.replace(" ", "").lower() == want.replace(" ", "").lower()
    return got == want


def run_conversation(stack: Any, script: dict[str, Any], max_extra_turns: int = 6) -> ConversationResult:
    customer = script.get("customer")
    expected = script["expected"]
    record_owner = customer or _owner_of(script["answers"].get("contract_number", ""))
    if expected["record"] == "reading":
        _forget_bench_readings(stack)
    before = {record.get("id") for record in _records(stack, record_owner, expected["record"])}
    facts = len(script["answers"])
    bot = Bot(stack, customer)
    transcript: list[str] = []
    said: list[str] = []

    def turn(text: str) -> list[dict]:
        transcript.append(f"klant: {text}")
        answer = bot.say(text)
        said.append(" | ".join(m.get("text", "") for m in answer))
        transcript.append("bot: " + said[-1])
        return answer

    reply = turn(script["opening"])
    turns = 1
    answered = 0
    interjection = script.get("interjection") or {}
    correction = script.get("correction") or {}
    limit = facts + max_extra_turns + 2
    while turns < limit:
        tracker = bot.tracker()
        requested = (tracker.get("slots") or {}).get("requested_slot")
        loop = (tracker.get("active_loop") or {}).get("name")
        if not loop or not requested:
            text = _offered_payload(reply, expected)
            if text is None and correction:
                # the corrected topic came with the opening and was never asked: the customer corrects it once
                # they see it used ("oh wacht, cijfers omgedraaid, …" after the reading is filed)
                text, correction = correction["text"], {}
            if text is None:
                break
        else:
            topic = TOPIC_OF_SLOT.get(requested, requested)
            if topic == "confirm" and correction:
                text, correction = correction["text"], {}  # seen at the summary, as said in the opening
            elif interjection and answered == interjection.get("after"):
                text = interjection["text"]
                interjection = {}
            else:
                text = script["answers"].get(topic) or _default_answer(topic)
                answered += 1
                if correction and correction.get("topic") == topic:
                    turn(text)  # the customer corrects it in their next message, whatever is asked then
                    turns += 1
                    text = correction["text"]
                    correction = {}
        reply = turn(text)
        turns += 1
    records = [r for r in _records(stack, record_owner, expected["record"]) if r.get("id") not in before]
    if expected["record"] == "callback":
        records = [r for r in records if r.get("conversation_id") == bot.conversation_id]
    reached = any(_record_matches(record, expected) for record in records)
    # the same words from the bot three turns in a row: a question asked a third time
    third_ask = any(said[i] and said[i] == said[i + 1] == said[i + 2] for i in range(len(said) - 2))
    problem = "" if reached else ("wrong values: " + json.dumps(records, default=str)[:300] if records else "no record")
    return ConversationResult(script["id"], reached, turns, facts, third_ask, transcript, problem)


def _forget_bench_readings(stack: Any) -> None:
    """Each scripted customer reads their odometer against the seeded history, not against the readings
    earlier scripts left (the sets are written for one day): the bench database forgets them."""
    import sqlite3

    url = stack.stack.env["DATABASE_URL"]
    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        db.execute("DELETE FROM mileage_readings WHERE reading_date >= '2026-11-24'")


def _owner_of(answer: str) -> str:
    """The customer a contract number in an answer belongs to ("mijn contract is PL-100003")."""
    found = re.search(r"([A-Z]{2})[\s.-]*(\d{3})[\s.]?(\d{3})", answer.upper())
    number = "".join(found.groups()) if found else ""
    return {"PL100001": "C1001", "ZL200001": "C1002", "PL100003": "C1003", "FN300003": "C1003"}.get(number, "C1001")


def _offered_payload(reply: list[dict], expected: dict[str, Any]) -> str | None:
    """A customer clicks the offered button that is their task ("Wilt u schade melden?")."""
    wanted = OFFER_PAYLOADS.get(expected["record"])
    if expected["record"] == "request":
        wanted = "/request_" + expected.get("type", "")
    for message in reply:
        for button in message.get("buttons") or []:
            if wanted and str(button.get("payload", "")).startswith(wanted):
                return button["payload"]
    return None


def _default_answer(topic: str) -> str:
    """What a customer says to a question their script did not foresee."""
    return {"confirm": "ja", "box": "geen", "termination_reason": "geen", "accident_statement": "nee"}.get(
        topic, "weet ik niet"
    )


def score_conversations(stack: Any, scripts: list[dict[str, Any]]) -> dict[str, Any]:
    results = [run_conversation(stack, script) for script in scripts]
    reached = [r for r in results if r.reached]
    return {
        "results": results,
        "reached": len(reached) / len(results),
        "turns_over_facts": (sum(r.turns - r.facts for r in reached) / len(reached)) if reached else float("nan"),
        "mean_turns": (sum(r.turns for r in reached) / len(reached)) if reached else float("nan"),
        "third_asks": sum(r.third_ask for r in results),
        "by_record": Counter((r.reached, s["expected"]["record"]) for r, s in zip(results, scripts, strict=True)),
    }


# --- report for make bench ------------------------------------------------------------------------


def read_slot_as_before(kind: str, item: dict[str, Any], today: date = TODAY) -> Any:
    """The baseline: the whole message handed to the strict single-value rules, as the forms did before
    the readers (free-text slots took the message as it was)."""
    from api.validation import rules

    text = item["text"]
    country = CUSTOMER_COUNTRY.get(item.get("customer") or "")
    strict = {
        "past_date": lambda: {"date": rules.parse_date(text, today, "past").isoformat(), "time": None},
        "future_date": lambda: rules.parse_date(text, today, "future").isoformat(),
        "odometer": lambda: rules.parse_odometer(text),
        "km_bundle": lambda: rules.parse_km_bundle(text, country),
        "debit_day": lambda: rules.parse_debit_day(text),
        "iban": lambda: rules.parse_iban(text),
        "postcode": lambda: rules.parse_postcode(text),
        "phone": lambda: rules.parse_phone(text),
        "license_plate": lambda: rules.parse_license_plate(text),
        "yes_no": lambda: rules.parse_yes_no(text),
        "address": lambda: {"street": text.strip()},
        "house_number": lambda: {"house_number": text.strip()},
        "account_holder": lambda: text.strip(),
        "name": lambda: text.strip(),
        "city": lambda: text.strip(),
        "municipality": lambda: text.strip(),
        "damage_location": lambda: text.strip(),
        "police_report": lambda: text.strip(),
        "contract_number": lambda: text.strip().upper().replace(" ", ""),
    }
    try:
        return strict[kind]() if kind in strict else (text.strip() or None)
    except ValueError:
        return None


def slot_table(name: str, items: list[dict[str, Any]]) -> str:
    readers = score_slots(items)
    before = sum(slot_value_matches(i["kind"], read_slot_as_before(i["kind"], i), i["expected"]) for i in items)
    right, total = readers.total
    rows = [
        f"### {name} ({total} answers, {len(readers.per_kind)} kinds)\n",
        "| kind | whole message to the strict rules (before) | readers |",
        "|---|---|---|",
    ]
    for kind in sorted(readers.per_kind):
        kind_items = [i for i in items if i["kind"] == kind]
        old = sum(slot_value_matches(kind, read_slot_as_before(kind, i), i["expected"]) for i in kind_items)
        got, n = readers.per_kind[kind]
        rows.append(f"| {kind} | {old / n:.2f} | {got / n:.2f} |")
    rows.append(f"| **all** | **{before / total:.3f}** | **{right / total:.3f}** |")
    return "\n".join(rows) + "\n"


BENCH_LIMITS = {
    name: "100000"
    for name in (
        "CALLBACK_LIMIT_PER_HOUR",
        "HANDOFF_LIMIT_PER_HOUR",
        "UPLOAD_LIMIT_PER_HOUR",
        "VERIFY_MAX_FAILURES",
        "CHANNEL_RATE_BURST",
        "CHANNEL_RATE_PER_SECOND",
    )
}
SETS_DAY = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)  # Tuesday 10:00 Brussels, in chat hours


@contextmanager
def language_stack(workdir: Path) -> Iterator[Any]:
    """A stack of its own for the sets: the API clock on the day they are written for, and limits raised
    so one bench customer can file many records (the limits themselves are tested elsewhere)."""
    import sys

    sys.path.append(str(LANGUAGE_DIR.parent.parent / "scripts"))
    from stack import Stack  # noqa: PLC0415 - the launcher is a script, not a package

    from tests.conftest import RunningStack

    with Stack(workdir, overrides=BENCH_LIMITS) as running:
        stack = RunningStack(running)
        stack.set_clock(SETS_DAY)
        yield stack


def stack_section(sets: list[tuple[str, str, str]], transcripts: Path | None = None) -> str:
    """Routing and whole conversations through the real stack (REST channel)."""
    import tempfile

    rows = ["| set | what | result |", "|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp, language_stack(Path(tmp) / "stack") as stack:
        for title, kind, file in sets:
            items = load(file)
            if kind == "routing":
                accuracy, misses = score_routing(stack, items)
                rows.append(f"| {title} | first messages routed right ({len(items)}) | {accuracy:.3f} |")
                _write(transcripts, file, [f"{want} → {got}: {text}" for want, got, text in misses])
            else:
                result = score_conversations(stack, items)
                rows.append(
                    f"| {title} | conversations reaching their record ({len(items)}) | {result['reached']:.3f} |"
                )
                rows.append(
                    f"| {title} | customer turns per completed conversation, minus its facts | "
                    f"{result['turns_over_facts']:.2f} |"
                )
                rows.append(
                    f"| {title} | conversations with a question asked a third time in a row | {result['third_asks']} |"
                )
                _write(
                    transcripts,
                    file,
                    [
                        f"## {r.id} {'OK' if r.reached else 'MISSED'} ({r.turns} turns, {r.facts} facts) {r.problem}\n"
                        + "\n".join(r.transcript)
                        + "\n"
                        for r in result["results"]
                    ],
                )
    return "\n".join(rows) + "\n"


def _write(folder: Path | None, name: str, lines: list[str]) -> None:
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


STACK_SETS = [
    ("dev", "routing", "first_messages_dev.jsonl"),
    ("hold-out 1 (dev since)", "routing", "first_messages_holdout.jsonl"),
    ("hold-out 2 (0.845 when scored, dev since)", "routing", "first_messages_holdout2.jsonl"),
    ("hold-out 3 (0.845 when scored, dev since)", "routing", "first_messages_holdout3.jsonl"),
    ("hold-out 4 (0.895 when scored, dev since)", "routing", "first_messages_holdout4.jsonl"),
    ("hold-out 5 (0.930 when scored, dev since)", "routing", "first_messages_holdout5.jsonl"),
    ("hold-out 6 (0.935 when scored, dev since)", "routing", "first_messages_holdout6.jsonl"),
    ("hold-out 7 (0.950 when scored, dev since)", "routing", "first_messages_holdout7.jsonl"),
    ("hold-out 8 (0.965 when scored, dev since)", "routing", "first_messages_holdout8.jsonl"),
    ("hold-out 9 (0.940 when scored, dev since)", "routing", "first_messages_holdout9.jsonl"),
    ("hold-out 10 (0.945 when scored, dev since)", "routing", "first_messages_holdout10.jsonl"),
    ("hold-out 11 (0.950 when scored, dev since)", "routing", "first_messages_holdout11.jsonl"),
    ("dev", "conversations", "conversations_dev.jsonl"),
    ("hold-out 1 (dev since)", "conversations", "conversations_holdout.jsonl"),
    ("hold-out 2 (0.727 when scored, dev since)", "conversations", "conversations_holdout2.jsonl"),
    ("hold-out 3 (0.854 when scored, dev since)", "conversations", "conversations_holdout3.jsonl"),
    ("hold-out 4 (0.812 when scored, dev since)", "conversations", "conversations_holdout4.jsonl"),
    ("hold-out 5 (0.875 when scored, dev since)", "conversations", "conversations_holdout5.jsonl"),
    ("hold-out 6 (0.875 when scored, dev since)", "conversations", "conversations_holdout6.jsonl"),
    ("hold-out 7 (0.896 when scored, dev since)", "conversations", "conversations_holdout7.jsonl"),
    ("hold-out 8 (0.917 when scored, dev since)", "conversations", "conversations_holdout8.jsonl"),
    ("hold-out 9 (0.750 when scored, dev since)", "conversations", "conversations_holdout9.jsonl"),
    ("hold-out 10 (0.812 when scored, dev since)", "conversations", "conversations_holdout10.jsonl"),
    ("hold-out 11 (0.979 when scored, dev since)", "conversations", "conversations_holdout11.jsonl"),
]


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stack", action="store_true", help="also routing and conversations through the stack")
    parser.add_argument("--sets", nargs="+", default=None, help="kind:file pairs for --stack, e.g. routing:x.jsonl")
    parser.add_argument("--transcripts", default=None, help="folder for misses and transcripts")
    args = parser.parse_args()
    sets = [
        ("Slot answers, dev (slot_answers_dev.jsonl)", "slot_answers_dev.jsonl"),
        ("Slot answers, hold-out 1 — scored once on 2026-12-01 (0.879), dev since (slot_answers_holdout.jsonl)",
         "slot_answers_holdout.jsonl"),
        ("Slot answers, hold-out 2 — scored once on 2026-12-01 (0.891), dev since (slot_answers_holdout2.jsonl)",
         "slot_answers_holdout2.jsonl"),
        ("Slot answers, hold-out 3 — scored once on 2026-12-01 (0.931), dev since (slot_answers_holdout3.jsonl)",
         "slot_answers_holdout3.jsonl"),
        ("Slot answers, hold-out 4 — scored once on 2026-12-01 (0.926), dev since (slot_answers_holdout4.jsonl)",
         "slot_answers_holdout4.jsonl"),
        ("Slot answers, hold-out 5 — scored once on 2026-12-01 (0.942), dev since (slot_answers_holdout5.jsonl)",
         "slot_answers_holdout5.jsonl"),
        (
            "Slot answers, hold-out 6 — scored once on 2026-12-02 (0.949), dev since (slot_answers_holdout6.jsonl)",
            "slot_answers_holdout6.jsonl",
        ),
        (
            "Slot answers, hold-out 7 — scored once on 2026-12-02 (0.938), dev since (slot_answers_holdout7.jsonl)",
            "slot_answers_holdout7.jsonl",
        ),
        (
            "Slot answers, hold-out 8 — scored once on 2026-12-02 (0.953), dev since (slot_answers_holdout8.jsonl)",
            "slot_answers_holdout8.jsonl",
        ),
        (
            "Slot answers, hold-out 9 — scored once on 2026-12-02 (0.969), dev since (slot_answers_holdout9.jsonl)",
            "slot_answers_holdout9.jsonl",
        ),
        (
            "Slot answers, hold-out 10 — scored once on 2026-12-02 (0.958), dev since (slot_answers_holdout10.jsonl)",
            "slot_answers_holdout10.jsonl",
        ),
        (
            "Slot answers, hold-out 11 — scored once on 2026-12-03 (0.973), dev since (slot_answers_holdout11.jsonl)",
            "slot_answers_holdout11.jsonl",
        ),
    ]  # fmt: skip
    print("## Customer language (tests/language)\n")
    print(
        "Written from tests/language/BRIEF.md by helpers who never saw the NLU data, readers or prompts. "
        "A slot answer counts when the reader returns the customer's value (or refuses an answer "
        "without one); 'before' hands the whole message to the strict rules, as the forms did.\n"
    )
    for title, file in [] if args.sets else sets:  # --sets: only the sets named (a hold-out is scored once)
        print(slot_table(title, load(file)))
    if args.stack:
        stack_sets = STACK_SETS
        if args.sets:
            stack_sets = [(file.removesuffix(".jsonl"), kind, file) for kind, file in (s.split(":") for s in args.sets)]
        print("### Routing and whole conversations through the stack (REST channel)\n")
        print(stack_section(stack_sets, Path(args.transcripts) if args.transcripts else None))


if __name__ == "__main__":
    main()
