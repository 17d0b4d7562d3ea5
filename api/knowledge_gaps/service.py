"""The knowledge learning loop: record what the bot searched, take the customer's vote, list the gaps, and
teach the process's searcher what an agent decided (knowledge.search.Searcher.learn_variant /
learn_out_of_scope), at once and again at every API start (`replay`).

A gap is a group of questions with one normalised text (knowledge.learned.normalise_question) of which at
least one was declined, clarified or voted down in the period. Its status is the agent's latest decision
on that text: linked to a section, or marked as not in the documents; a text is never both (409), so what
each process learns is what the table holds.
"""

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from api.analytics.service import choose_period
from api.clock import Clock
from api.customers.models import Customer
from api.errors import NotFoundError, ProblemError
from api.knowledge_gaps.models import KnowledgeLink, KnowledgeQuestion
from api.knowledge_gaps.schemas import (
    GapStatus,
    KnowledgeGap,
    KnowledgeGapsOut,
    LinkIn,
    LinkOut,
    OutOfScopeIn,
    QuestionRecord,
    QuestionRecorded,
    VoteIn,
    VoteOut,
)
from api.worktime import BRUSSELS
from knowledge.index import IndexMissingError
from knowledge.learned import normalise_question
from knowledge.search import get_searcher

logger = logging.getLogger(__name__)

MAX_GAPS = 500
KNOWLEDGE_MISSING = "De kennisbank is niet beschikbaar; probeer het later opnieuw."


def _normalised(text: str) -> str:
    normalised = normalise_question(text)
    if not normalised:
        raise ProblemError(422, "De vraag bevat geen woorden.", slug="validation")
    return normalised


def record_question(session: Session, clock: Clock, body: QuestionRecord) -> tuple[int, QuestionRecorded]:
    customer_id = None
    if body.customer_number is not None:
        customer_id = session.scalar(select(Customer.id).where(Customer.customer_number == body.customer_number))
        if customer_id is None:
            raise ProblemError(422, f"Klantnummer {body.customer_number} is onbekend.", slug="unknown-customer")
    row = KnowledgeQuestion(
        conversation_id=body.conversation_id,
        customer_id=customer_id,
        question=" ".join(body.question.split()),
        normalised=_normalised(body.question),
        product=body.product,
        decision=body.decision,
        top_section=body.top_section,
        created_at=clock.now(),
    )
    session.add(row)
    session.flush()
    return 201, QuestionRecorded(id=row.id)


def vote(session: Session, clock: Clock, customer: Customer, question_id: int, body: VoteIn) -> VoteOut:
    """Only the customer of the question's conversation; anyone else's (or nobody's) question is not found.
    A second vote replaces the first."""
    row = session.get(KnowledgeQuestion, question_id)
    if row is None or row.customer_id is None or row.customer_id != customer.id:
        raise NotFoundError("Deze vraag hebben we niet gevonden.")
    row.vote, row.voted_at = body.vote, clock.now()
    session.commit()
    return VoteOut(id=row.id, vote=body.vote, voted_at=row.voted_at)


def _status(link: KnowledgeLink | None) -> GapStatus:
    if link is None:
        return "open"
    return "linked" if link.section else "out_of_scope"


def _latest_decisions(session: Session) -> dict[str, KnowledgeLink]:
    """Each normalised text's latest link or mark (curated, so few: read whole)."""
    latest: dict[str, KnowledgeLink] = {}
    for link in session.scalars(select(KnowledgeLink).order_by(KnowledgeLink.created_at, KnowledgeLink.id)):
        latest[link.normalised] = link
    return latest


def _day_start(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=BRUSSELS)


def _count_of(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def gaps(
    session: Session, clock: Clock, first: date | None, last: date | None, status: GapStatus | None
) -> KnowledgeGapsOut:
    """The groups with a declined, clarified or voted-down question in the Brussels days `first`..`last`,
    each with its most recent question's wording and top section; the most asked first (then the most
    recently asked), at most MAX_GAPS."""
    period = choose_period(clock, first, last)
    q = KnowledgeQuestion
    declined, clarified = _count_of(q.decision == "decline"), _count_of(q.decision == "clarify")
    voted_down = _count_of(q.vote == "down")
    groups = (
        select(
            q.normalised.label("normalised"),
            func.count(q.id).label("asked"),
            declined.label("declined"),
            clarified.label("clarified"),
            voted_down.label("voted_down"),
            func.max(q.id).label("latest_id"),
        )
        .where(q.created_at >= _day_start(period.first), q.created_at < _day_start(period.last + timedelta(days=1)))
        .group_by(q.normalised)
        .having(declined + clarified + voted_down > 0)
        .subquery()
    )
    rows = session.execute(
        select(groups, q.question, q.top_section, q.created_at).join(q, q.id == groups.c.latest_id)
    ).all()
    decisions = _latest_decisions(session)
    found = []
    for row in rows:
        decision = decisions.get(row.normalised)
        if status is not None and _status(decision) != status:
            continue
        found.append(
            KnowledgeGap(
                question=row.question,
                normalised=row.normalised,
                asked=row.asked,
                declined=row.declined,
                clarified=row.clarified,
                voted_down=row.voted_down,
                last_asked=row.created_at,
                top_section=row.top_section,
                status=_status(decision),
                section=decision.section if decision else None,
                decided_by=decision.agent_username if decision else None,
                decided_at=decision.created_at if decision else None,
            )
        )
    found.sort(key=lambda gap: (-gap.asked, -gap.last_asked.timestamp(), gap.normalised))
    return KnowledgeGapsOut(period=period, gaps=found[:MAX_GAPS])


def _link_out(link: KnowledgeLink) -> LinkOut:
    return LinkOut(
        id=link.id,
        question=link.question,
        normalised=link.normalised,
        status="linked" if link.section else "out_of_scope",
        section=link.section,
        agent_username=link.agent_username,
        created_at=link.created_at,
    )


def _decisions_on(session: Session, normalised: str) -> list[KnowledgeLink]:
    return list(session.scalars(select(KnowledgeLink).where(KnowledgeLink.normalised == normalised)))


def _learn(session: Session, row: KnowledgeLink, teach: Callable[[], bool]) -> LinkOut:
    """Store the decision and teach the searcher: the row is only committed once the searcher took it, so a
    refusal (a section it does not know, no index) stores nothing."""
    session.add(row)
    session.flush()
    try:
        learned = teach()
    except IndexMissingError:
        session.rollback()
        raise ProblemError(503, KNOWLEDGE_MISSING, slug="unavailable") from None
    if not learned:
        session.rollback()
        raise ProblemError(
            422, f"De sectie {row.section} bestaat niet in de documenten. Kies een zoekresultaat.", slug="validation"
        )
    session.commit()
    return _link_out(row)


def link(session: Session, clock: Clock, username: str, body: LinkIn) -> tuple[int, LinkOut]:
    """The question becomes a variant of the section at once; linking it to the same section again changes
    nothing (200)."""
    normalised = _normalised(body.question)
    earlier = _decisions_on(session, normalised)
    if any(decision.section is None for decision in earlier):
        raise ProblemError(409, "Deze vraag is al gemarkeerd als niet in de documenten.", slug="conflict")
    same = next((decision for decision in earlier if decision.section == body.section), None)
    if same is not None:
        return 200, _link_out(same)
    question = " ".join(body.question.split())
    row = KnowledgeLink(
        normalised=normalised, question=question, section=body.section, agent_username=username, created_at=clock.now()
    )
    return 201, _learn(session, row, lambda: get_searcher().learn_variant(body.section, question, f"agent:{username}"))


def mark_out_of_scope(session: Session, clock: Clock, username: str, body: OutOfScopeIn) -> tuple[int, LinkOut]:
    """Questions this close are declined from now on; marking it again changes nothing (200)."""
    normalised = _normalised(body.question)
    earlier = _decisions_on(session, normalised)
    linked = next((decision for decision in earlier if decision.section is not None), None)
    if linked is not None:
        raise ProblemError(409, f"Deze vraag is al gekoppeld aan {linked.section}.", slug="conflict")
    if earlier:
        return 200, _link_out(earlier[0])
    question = " ".join(body.question.split())
    row = KnowledgeLink(
        normalised=normalised, question=question, section=None, agent_username=username, created_at=clock.now()
    )

    def teach() -> bool:
        get_searcher().learn_out_of_scope(question)
        return True

    return 201, _learn(session, row, teach)


def replay(session: Session) -> tuple[int, int]:
    """Teach this process's searcher every stored link and mark (API start). (links, marks) learned; a link
    to a section the corpus no longer has is skipped. Raises IndexMissingError without an index."""
    searcher = get_searcher()
    links = marks = 0
    for question, section, username in session.execute(
        select(KnowledgeLink.question, KnowledgeLink.section, KnowledgeLink.agent_username).order_by(KnowledgeLink.id)
    ):
        if section is None:
            searcher.learn_out_of_scope(question)
            marks += 1
        elif searcher.learn_variant(section, question, f"agent:{username}"):
            links += 1
        else:
            logger.warning("Knowledge link to %s skipped: the section is no longer in the documents", section)
    return links, marks
