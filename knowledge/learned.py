"""What agents taught the search in the console ("Kennishiaten"), and its way into the data files.

An agent links a customer's question to the section that answers it: the API stores it in the table
`knowledge_links` and the running searcher learns it at once (`Searcher.learn_variant`); or marks it as
not in the documents (a row without a section; `Searcher.learn_out_of_scope`). Every API process
replays the table at start. The links are curated knowledge without customer data, and
`python -m knowledge export-variants` appends each linked question to `knowledge/variants/<doc>.yml`
under the writer `agent:<username>`, so they are reviewed like any data change and the next index
build has them in every signal (BM25 over the variants too). Out-of-scope marks stay in the database.

The table is read with SQLAlchemy Core, with the columns the API's migration gives it
(api/knowledge_gaps/models.py): the knowledge package never imports the API.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import yaml
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, create_engine, inspect, select
from sqlalchemy.engine import make_url

from knowledge.ingest import Passage, load_passages
from knowledge.variants import save_document, section_of

DEFAULT_DATABASE_URL = "sqlite:///var/app.db"  # the API's default DATABASE_URL (api/config.py)
WRITER_PREFIX = "agent:"
WRITER_DESCRIPTION = "agent in the console (Kennishiaten), linked {dates}"

KNOWLEDGE_LINKS = Table(
    "knowledge_links",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("normalised", String(500), nullable=False),
    Column("question", String(500), nullable=False),
    Column("section", String(200)),  # null: marked as not in the documents
    Column("agent_username", String(60), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

_SPACES = re.compile(r"\s+")


def normalise_question(text: str) -> str:
    """The form by which questions are grouped and compared: NFKC, lower case, whitespace collapsed,
    trailing punctuation and spaces stripped ("Wat kost  een bundel ?!" → "wat kost een bundel")."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()
    end = len(text)
    while end and (text[end - 1].isspace() or unicodedata.category(text[end - 1]).startswith("P")):
        end -= 1
    return text[:end]


@dataclass(frozen=True)
class Link:
    question: str
    section: str
    agent_username: str
    created_at: datetime

    @property
    def writer(self) -> str:
        return WRITER_PREFIX + self.agent_username


@dataclass
class ExportReport:
    added: dict[str, int] = field(default_factory=dict)  # per document, in the order first met
    already_there: int = 0
    unknown_sections: list[str] = field(default_factory=list)  # no longer in the corpus: skipped


class DatabaseMissingError(RuntimeError):
    """No database at the URL, or one without the table (the API's migrations have not run)."""


def read_links(database_url: str) -> list[Link]:
    """Every stored link (out-of-scope marks left out), oldest first. A SQLite file is opened read-only."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        if not Path(url.database).exists():
            raise DatabaseMissingError(f"No database at {url.database} (set --database-url or DATABASE_URL).")
        url = url.set(database=f"file:{url.database}", query={"mode": "ro", "uri": "true"})
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table(KNOWLEDGE_LINKS.name):
                raise DatabaseMissingError("The database has no table knowledge_links: run `python -m api migrate`.")
            columns = KNOWLEDGE_LINKS.c
            rows = connection.execute(
                select(columns.question, columns.section, columns.agent_username, columns.created_at)
                .where(columns.section.is_not(None))
                .order_by(columns.created_at, columns.id)
            ).all()
    finally:
        engine.dispose()
    return [Link(" ".join(question.split()), section, agent, created) for question, section, agent, created in rows]


def _dates(days: Iterable[date]) -> str:
    days = sorted(set(days))
    return days[0].isoformat() if len(days) == 1 else f"{days[0].isoformat()} to {days[-1].isoformat()}"


def export_variants(links: Iterable[Link], directory: Path, passages: list[Passage] | None = None) -> ExportReport:
    """Append each linked question to its document's variants file, under the writer `agent:<username>`;
    a question the section already holds (in any writer's words, compared normalised) is skipped. Only the
    files that gain a question are written; a document without a file gets one."""
    passages = load_passages() if passages is None else passages
    sections = {section_of(p.pid) for p in passages}
    titles = {p.doc: p.doc_title for p in passages}
    report = ExportReport()
    per_document: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        if link.section not in sections:
            if link.section not in report.unknown_sections:
                report.unknown_sections.append(link.section)
            continue
        per_document[link.section.split(":", 1)[0]].append(link)
    for document, document_links in per_document.items():
        path = directory / f"{document}.yml"
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
        data = data or {"document": document, "title": titles[document], "writers": {}, "sections": {}}
        writers: dict[str, str] = dict(data.get("writers") or {})
        by_section: dict[str, dict[str, list[str]]] = {
            str(key): {str(w): list(qs or []) for w, qs in (value or {}).items()}
            for key, value in (data.get("sections") or {}).items()
        }
        added = 0
        link_days: dict[str, list[date]] = defaultdict(list)
        for link in document_links:
            link_days[link.writer].append(link.created_at.date())
            held = by_section.setdefault(link.section, {})
            known = {normalise_question(str(q)) for questions in held.values() for q in questions}
            if normalise_question(link.question) in known:
                report.already_there += 1
                continue
            held.setdefault(link.writer, []).append(link.question)
            writers.setdefault(link.writer, "")
            added += 1
        if added:
            for writer, days in link_days.items():  # each agent's description: the days of all their links here
                if writer in writers:
                    writers[writer] = WRITER_DESCRIPTION.format(dates=_dates(days))
            save_document(path, str(data["document"]), str(data["title"]), writers, by_section)
            report.added[document] = added
    return report
