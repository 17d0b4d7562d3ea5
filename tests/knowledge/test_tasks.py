"""The curated section → task data (knowledge/tasks.yml) stays true to the corpus and to the bot."""

from __future__ import annotations

from pathlib import Path

import yaml

from knowledge.ingest import load_passages
from knowledge.search import Searcher
from knowledge.tasks import load_tasks
from knowledge.variants import section_of

BOT_DOMAIN = Path(__file__).resolve().parents[2] / "bot" / "domain"


def bot_intents() -> set[str]:
    intents: set[str] = set()
    for path in BOT_DOMAIN.glob("*.yml"):
        intents.update(str(i) for i in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("intents", []))
    return intents


def test_every_task_section_exists_and_every_task_is_a_bot_intent():
    sections = {section_of(p.pid) for p in load_passages()}
    tasks = load_tasks()
    assert sorted(set(tasks) - sections) == []
    assert sorted({task for listed in tasks.values() for task in listed} - bot_intents()) == []
    assert all(tasks.values())


def test_a_hit_carries_the_tasks_of_its_section(fake_searcher: Searcher):
    searcher = Searcher(
        fake_searcher.index, fake_searcher.encoder, tasks={"klantenzone-faq:2": ("request_registration_duplicate",)}
    )
    hits = searcher.search("autopapieren kwijt duplicaat inschrijvingsbewijs", k=5).hits
    by_section = {f"{hit.doc}:{hit.section}": hit.tasks for hit in hits}
    assert by_section.get("klantenzone-faq:2") == ["request_registration_duplicate"]
    assert all(tasks == [] for section, tasks in by_section.items() if section != "klantenzone-faq:2")
