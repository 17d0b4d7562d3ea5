"""The knowledge learning loop (api/knowledge_gaps): the bot records what it searched, the customer votes on an
answer, agents see the gaps grouped and link a question to a section or mark it out of scope; the searcher
learns each decision at once and again at every start. The searcher is conftest's FakeSearcher."""

import logging
from typing import Any

import pytest
from api_helpers import SERVICE, FakeSearcher, assert_problem, customer_headers, freeze
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from test_api_handoffs import agent_headers

from api import main as api_main
from api.db import get_sessionmaker
from api.knowledge_gaps.models import KnowledgeLink, KnowledgeQuestion
from api.knowledge_gaps.service import replay
from knowledge.learned import normalise_question, read_links

JAN, SANNE = "C1001", "C1002"
MONDAY = "2026-11-23T10:00:00+01:00"
SECTION = "private-lease-voorwaarden:7.3"


def record(client: TestClient, question: str, decision: str = "decline", **fields: Any) -> int:
    body = {"conversation_id": "web-C1001", "customer_number": JAN, "question": question, "decision": decision}
    response = client.post("/knowledge/questions", headers=SERVICE, json=body | fields)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def gaps(client: TestClient, query: str = "") -> list[dict[str, Any]]:
    response = client.get(f"/agent/knowledge-gaps{query}", headers=agent_headers(client))
    assert response.status_code == 200, response.text
    return response.json()["gaps"]


def count(model: type) -> int:
    with get_sessionmaker()() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_questions_are_grouped_by_their_normalised_text() -> None:
    assert normalise_question("  Mag ik naar   SPANJE rijden ?! ") == "mag ik naar spanje rijden"
    assert normalise_question("Wat kost een ﬁets…") == "wat kost een fiets"  # NFKC: the ligature is two letters
    assert normalise_question("Wie betaalt de 1e schijf?»") == "wie betaalt de 1e schijf"
    assert normalise_question("?!") == ""


# --- POST /knowledge/questions (service token) --------------------------------------------------------------


def test_the_bot_records_a_searched_question(client: TestClient) -> None:
    freeze(client, MONDAY)
    body = {
        "conversation_id": "web-C1001",
        "customer_number": JAN,
        "question": "Mag ik  naar Spanje rijden?",
        "product": "be_private_lease",
        "decision": "clarify",
        "top_section": SECTION,
    }
    first = client.post("/knowledge/questions", headers=SERVICE | {"Idempotency-Key": "q-1"}, json=body)
    again = client.post("/knowledge/questions", headers=SERVICE | {"Idempotency-Key": "q-1"}, json=body)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and set(first.json()) == {"id"}
    with get_sessionmaker()() as session:
        row = session.scalars(select(KnowledgeQuestion)).one()
    assert (row.question, row.normalised, row.product, row.decision, row.top_section, row.vote) == (
        "Mag ik naar Spanje rijden?",
        "mag ik naar spanje rijden",
        "be_private_lease",
        "clarify",
        SECTION,
        None,
    )
    assert row.customer_id is not None and row.created_at.isoformat() == "2026-11-23T09:00:00+00:00"


def test_a_question_without_a_customer_is_recorded_and_bad_records_are_refused(client: TestClient) -> None:
    record(client, "Wat is het weer?", customer_number=None)
    unknown = client.post(
        "/knowledge/questions",
        headers=SERVICE,
        json={"conversation_id": "x", "customer_number": "C9999", "question": "vraag", "decision": "answer"},
    )
    assert "C9999" in assert_problem(unknown, 422)["detail"]
    for wrong in ({"decision": "maybe"}, {"question": ""}, {"question": "?!"}, {"top_section": "geen sectie"}):
        body = {"conversation_id": "x", "question": "vraag", "decision": "answer"} | wrong
        assert_problem(client.post("/knowledge/questions", headers=SERVICE, json=body), 422)
    assert count(KnowledgeQuestion) == 1


# --- POST /me/knowledge/questions/{id}/vote (customer token) -------------------------------------------------


def test_the_customer_votes_on_their_answer_and_a_second_vote_replaces_the_first(client: TestClient) -> None:
    question = record(client, "Wie betaalt het onderhoud?", "answer")
    jan = customer_headers(JAN)
    up = client.post(f"/me/knowledge/questions/{question}/vote", headers=jan, json={"vote": "up"})
    assert up.status_code == 200, up.text
    assert up.json()["vote"] == "up" and up.json()["id"] == question
    down = client.post(f"/me/knowledge/questions/{question}/vote", headers=jan, json={"vote": "down"})
    assert down.json()["vote"] == "down"
    with get_sessionmaker()() as session:
        row = session.get(KnowledgeQuestion, question)
        assert row is not None and row.vote == "down" and row.voted_at is not None
    assert_problem(client.post(f"/me/knowledge/questions/{question}/vote", headers=jan, json={"vote": "meh"}), 422)


def test_only_the_customer_of_the_conversation_may_vote(client: TestClient) -> None:
    jans = record(client, "Wie betaalt het onderhoud?", "answer")
    nobodys = record(client, "Wie betaalt het onderhoud?", "answer", customer_number=None)
    sanne, jan = customer_headers(SANNE), customer_headers(JAN)
    for question, headers in ((jans, sanne), (nobodys, jan), (nobodys, sanne), (jans + nobodys + 1, jan)):
        response = client.post(f"/me/knowledge/questions/{question}/vote", headers=headers, json={"vote": "down"})
        assert_problem(response, 404)
    with get_sessionmaker()() as session:
        assert session.scalars(select(KnowledgeQuestion.vote)).all() == [None, None]


# --- GET /agent/knowledge-gaps ------------------------------------------------------------------------------


def test_gaps_group_declined_clarified_and_voted_down_questions_most_asked_first(client: TestClient) -> None:
    freeze(client, "2026-11-20T10:00:00+01:00")
    record(client, "Mag ik naar Spanje rijden?", "decline", top_section=None)
    freeze(client, "2026-11-21T10:00:00+01:00")
    record(client, "mag ik naar spanje rijden", "clarify", top_section=SECTION)
    record(client, "Mag ik  naar Spanje rijden ?", "answer", top_section="klantenzone-faq:1")
    thumbs_down = record(client, "Hoe lang duurt een reparatie?", "answer", top_section="bonus-malus:2")
    record(client, "Wie betaalt het onderhoud?", "answer")  # answered, no vote: no gap
    voted_up = record(client, "Wat kost een extra sleutel?", "answer")
    client.post(f"/me/knowledge/questions/{thumbs_down}/vote", headers=customer_headers(JAN), json={"vote": "down"})
    client.post(f"/me/knowledge/questions/{voted_up}/vote", headers=customer_headers(JAN), json={"vote": "up"})
    freeze(client, "2026-11-22T09:00:00+01:00")

    found = gaps(client)

    assert [(g["normalised"], g["asked"], g["declined"], g["clarified"], g["voted_down"]) for g in found] == [
        ("mag ik naar spanje rijden", 3, 1, 1, 0),
        ("hoe lang duurt een reparatie", 1, 0, 0, 1),
    ]
    spain = found[0]
    # The most recent wording and the section it showed; nobody decided yet.
    assert spain["question"] == "Mag ik naar Spanje rijden ?"
    assert spain["top_section"] == "klantenzone-faq:1"
    assert spain["last_asked"].startswith("2026-11-21T09:00:00")
    assert (spain["status"], spain["section"], spain["decided_by"], spain["decided_at"]) == ("open", None, None, None)


def test_gaps_count_only_the_period_of_brussels_days_and_refuse_a_wrong_one(client: TestClient) -> None:
    freeze(client, "2026-11-09T10:00:00+01:00")
    record(client, "Mag ik naar Spanje rijden?")
    freeze(client, "2026-11-10T00:30:00+01:00")  # the 9th in UTC, the 10th in Brussels
    record(client, "Is een fietsdrager toegestaan?")
    freeze(client, "2026-11-23T10:00:00+01:00")
    record(client, "Mag ik naar Spanje rijden?")
    freeze(client, "2026-11-23T10:05:00+01:00")
    record(client, "Kan ik een trekhaak laten monteren?")

    # By default the last 14 days up to today; equally often asked: the most recently asked first.
    assert [(g["normalised"], g["asked"]) for g in gaps(client)] == [
        ("kan ik een trekhaak laten monteren", 1),
        ("mag ik naar spanje rijden", 1),
        ("is een fietsdrager toegestaan", 1),
    ]
    assert [(g["normalised"], g["asked"]) for g in gaps(client, "?from=2026-11-01&to=2026-11-23")][0] == (
        "mag ik naar spanje rijden",
        2,
    )
    assert [g["normalised"] for g in gaps(client, "?from=2026-11-09&to=2026-11-09")] == ["mag ik naar spanje rijden"]
    assert [g["normalised"] for g in gaps(client, "?from=2026-11-10&to=2026-11-10")] == [
        "is een fietsdrager toegestaan"
    ]
    body = client.get("/agent/knowledge-gaps?from=2026-11-01&to=2026-11-23", headers=agent_headers(client)).json()
    assert body["period"] == {"from": "2026-11-01", "to": "2026-11-23"}
    wrong = client.get("/agent/knowledge-gaps?from=2026-11-24&to=2026-11-23", headers=agent_headers(client))
    assert "begindatum" in assert_problem(wrong, 422)["detail"]
    assert_problem(client.get("/agent/knowledge-gaps?status=done", headers=agent_headers(client)), 422)


# --- POST /agent/knowledge-gaps/link and /out-of-scope ------------------------------------------------------


def test_a_linked_question_becomes_a_variant_at_once(client: TestClient, knowledge_searcher: FakeSearcher) -> None:
    freeze(client, MONDAY)
    record(client, "Mag ik met de wagen naar Spanje?")
    agent = agent_headers(client)

    linked = client.post(
        "/agent/knowledge-gaps/link",
        headers=agent,
        json={"question": "Mag ik met de wagen naar Spanje? ", "section": SECTION},
    )

    assert linked.status_code == 201, linked.text
    assert linked.json() | {"id": 0} == {
        "id": 0,
        "question": "Mag ik met de wagen naar Spanje?",
        "normalised": "mag ik met de wagen naar spanje",
        "status": "linked",
        "section": SECTION,
        "agent_username": "agent",
        "created_at": "2026-11-23T09:00:00Z",
    }
    assert knowledge_searcher.variants == [(SECTION, "Mag ik met de wagen naar Spanje?", "agent:agent")]
    [gap] = gaps(client)
    assert (gap["status"], gap["section"], gap["decided_by"]) == ("linked", SECTION, "agent")
    assert gap["decided_at"].startswith("2026-11-23T09:00:00")
    assert gaps(client, "?status=open") == [] and gaps(client, "?status=out_of_scope") == []
    assert [g["normalised"] for g in gaps(client, "?status=linked")] == ["mag ik met de wagen naar spanje"]

    # The same link again (another wording of the same question) changes nothing; another section is a second link.
    again = client.post(
        "/agent/knowledge-gaps/link",
        headers=agent,
        json={"question": "mag ik met de wagen naar spanje", "section": SECTION},
    )
    assert again.status_code == 200 and again.json()["id"] == linked.json()["id"]
    other = client.post(
        "/agent/knowledge-gaps/link",
        headers=agent,
        json={"question": "Mag ik met de wagen naar Spanje?", "section": "klantenzone-faq:1"},
    )
    assert other.status_code == 201
    assert len(knowledge_searcher.variants) == 2 and count(KnowledgeLink) == 2
    assert gaps(client)[0]["section"] == "klantenzone-faq:1"


def test_a_link_to_a_section_that_does_not_exist_is_refused_and_not_stored(
    client: TestClient, knowledge_searcher: FakeSearcher
) -> None:
    agent = agent_headers(client)
    response = client.post(
        "/agent/knowledge-gaps/link",
        headers=agent,
        json={"question": "Vraag?", "section": "private-lease-voorwaarden:99.9"},
    )
    assert "private-lease-voorwaarden:99.9 bestaat niet" in assert_problem(response, 422)["detail"]
    knowledge_searcher.missing = True
    response = client.post("/agent/knowledge-gaps/link", headers=agent, json={"question": "Vraag?", "section": SECTION})
    assert "kennisbank" in assert_problem(response, 503)["detail"]
    response = client.post("/agent/knowledge-gaps/out-of-scope", headers=agent, json={"question": "Vraag?"})
    assert_problem(response, 503)
    assert count(KnowledgeLink) == 0 and knowledge_searcher.variants == []


def test_out_of_scope_marks_teach_the_decline(client: TestClient, knowledge_searcher: FakeSearcher) -> None:
    freeze(client, MONDAY)
    record(client, "Wat is het weer morgen in Gent?")
    agent = agent_headers(client)

    marked = client.post(
        "/agent/knowledge-gaps/out-of-scope", headers=agent, json={"question": "Wat is het weer morgen in Gent?"}
    )

    assert marked.status_code == 201, marked.text
    assert (marked.json()["status"], marked.json()["section"]) == ("out_of_scope", None)
    assert knowledge_searcher.out_of_scope == ["Wat is het weer morgen in Gent?"]
    [gap] = gaps(client, "?status=out_of_scope")
    assert (gap["status"], gap["section"], gap["decided_by"]) == ("out_of_scope", None, "agent")
    again = client.post(
        "/agent/knowledge-gaps/out-of-scope", headers=agent, json={"question": "wat is het weer morgen in gent"}
    )
    assert again.status_code == 200 and len(knowledge_searcher.out_of_scope) == 1
    # A question is either answered by a section or not in the documents: the other decision is a conflict.
    conflict = client.post(
        "/agent/knowledge-gaps/link",
        headers=agent,
        json={"question": "Wat is het weer morgen in Gent", "section": SECTION},
    )
    assert "niet in de documenten" in assert_problem(conflict, 409)["detail"]
    client.post("/agent/knowledge-gaps/link", headers=agent, json={"question": "Wie betaalt?", "section": SECTION})
    conflict = client.post("/agent/knowledge-gaps/out-of-scope", headers=agent, json={"question": "Wie betaalt"})
    assert SECTION in assert_problem(conflict, 409)["detail"]
    assert knowledge_searcher.variants == [(SECTION, "Wie betaalt?", "agent:agent")]


# --- replay at start ----------------------------------------------------------------------------------------


def _decide_some(client: TestClient) -> None:
    agent = agent_headers(client)
    for body in (
        {"question": "Mag ik naar Spanje?", "section": SECTION},
        {"question": "Wie betaalt de tol?", "section": "klantenzone-faq:1"},
    ):
        assert client.post("/agent/knowledge-gaps/link", headers=agent, json=body).status_code == 201
    marked = client.post("/agent/knowledge-gaps/out-of-scope", headers=agent, json={"question": "Wat is het weer?"})
    assert marked.status_code == 201


def test_every_stored_decision_is_replayed_into_a_fresh_searcher(
    client: TestClient, knowledge_searcher: FakeSearcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    _decide_some(client)
    with get_sessionmaker()() as session:  # a section the corpus lost since is skipped
        session.add(KnowledgeLink(normalised="oud", question="Oud", section="weg:1", agent_username="agent",
                                  created_at=session.scalars(select(KnowledgeLink.created_at)).first()))  # fmt: skip
        session.commit()
    fresh = FakeSearcher()
    monkeypatch.setattr("api.knowledge_gaps.service.get_searcher", lambda: fresh)

    with get_sessionmaker()() as session:
        assert replay(session) == (2, 1)

    assert fresh.variants == knowledge_searcher.variants
    assert fresh.out_of_scope == ["Wat is het weer?"]


def test_the_api_replays_the_decisions_at_start_and_starts_without_an_index(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _decide_some(client)
    monkeypatch.setattr(api_main, "warm_up", lambda: True)  # the real index stays unloaded
    fresh = FakeSearcher()
    monkeypatch.setattr("api.knowledge_gaps.service.get_searcher", lambda: fresh)
    with TestClient(api_main.app):
        pass
    assert [section for section, _, _ in fresh.variants] == [SECTION, "klantenzone-faq:1"]
    assert fresh.out_of_scope == ["Wat is het weer?"]

    missing = FakeSearcher()
    missing.missing = True
    monkeypatch.setattr("api.knowledge_gaps.service.get_searcher", lambda: missing)
    caplog.set_level(logging.WARNING, logger="api.main")
    with TestClient(api_main.app) as started:
        assert started.get("/health").status_code in (200, 503)
    assert "Knowledge index missing" in caplog.text


def test_the_export_command_reads_the_links_as_the_api_stored_them(client: TestClient, database_url: str) -> None:
    """knowledge.learned defines the table's columns without importing the API: they must match the migration."""
    freeze(client, MONDAY)
    _decide_some(client)
    links = read_links(database_url)
    assert [(link.question, link.section, link.writer) for link in links] == [
        ("Mag ik naar Spanje?", SECTION, "agent:agent"),
        ("Wie betaalt de tol?", "klantenzone-faq:1", "agent:agent"),
    ]
    assert links[0].created_at.date().isoformat() == "2026-11-23"
