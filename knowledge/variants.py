"""Question variants: the ways customers ask for a passage, curated as data beside the corpus.

No model here knows that an "attest schadeverleden" is the bonus-malus certificate or that driving for
Uber is commercial use; people can write it down. Writers who saw one passage at a time (never an
evaluation question) wrote how customers would ask for it, each in a voice of their own. They are kept
per document in `knowledge/variants/<doc>.yml`:

    document: ba-autoverzekering
    title: Algemene voorwaarden BA-autoverzekering (MS Amlin)
    writers:
      h3: Flemish private-lease customer, everyday words, full sentences (2026-12-01)
    sections:
      "ba-autoverzekering:Artikel 5":
        h3:
          - Moet ik de verzekering laten weten dat ik een andere wagen heb?

Keys are section ids (`<doc>:<section>`, a passage id without its `#chunk` part), so a parser change
that splits an article differently keeps every variant attached; `tests/knowledge/test_variants.py`
checks that every key still names a section. The index encodes them as a signal of its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.ingest import Passage

VARIANTS_DIR = Path(__file__).resolve().parent / "variants"
# What customers ask that the documents do not answer (near the topics and far off), curated the same way:
# the search declines a question that comes closer to one of these than to the first section's variants.
OUT_OF_SCOPE_FILE = Path(__file__).resolve().parent / "out_of_scope.yml"


@dataclass(frozen=True)
class Variant:
    section: str  # `<doc>:<section>`
    text: str
    writer: str


def section_of(pid: str) -> str:
    """The section a passage id belongs to ("doc:2.1#3" → "doc:2.1")."""
    return pid.split("#", 1)[0]


def variant_files(directory: Path = VARIANTS_DIR) -> list[Path]:
    return sorted(directory.glob("*.yml"))


def load_variants(directory: Path = VARIANTS_DIR) -> list[Variant]:
    """Every variant of every file, in file order; blank ones skipped."""
    found: list[Variant] = []
    for path in variant_files(directory):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for section, by_writer in (data.get("sections") or {}).items():
            for writer, questions in (by_writer or {}).items():
                found.extend(Variant(str(section), " ".join(str(q).split()), str(writer)) for q in questions or [])
    return [variant for variant in found if variant.text]


def load_out_of_scope(path: Path = OUT_OF_SCOPE_FILE) -> list[str]:
    """Every curated out-of-scope question, of every writer (none when the file is absent)."""
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found = (" ".join(str(q).split()) for questions in (data.get("questions") or {}).values() for q in questions or [])
    return [question for question in found if question]


def save_document(
    path: Path, document: str, title: str, writers: dict[str, str], sections: dict[str, dict[str, list[str]]]
) -> None:
    """Write one document's variants file (sections in the given order, each writer's questions)."""
    header = (
        f"# Customer questions per section of '{title}': written from the passage alone, never from an\n"
        "# evaluation question (knowledge/variants.py). Keys are section ids; each writer's voice is below.\n"
    )
    body = yaml.safe_dump(
        {"document": document, "title": title, "writers": writers, "sections": sections},
        allow_unicode=True,
        sort_keys=False,
        width=120,
    )
    path.write_text(header + body, encoding="utf-8")


def variants_hash(directory: Path = VARIANTS_DIR) -> str:
    """Part of the index key: edited variants (or out-of-scope questions) rebuild the index (seconds:
    embeddings are cached)."""
    digest = hashlib.sha256()
    for path in [*variant_files(directory), OUT_OF_SCOPE_FILE]:
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def owners(variants: Iterable[Variant], passages: list[Passage]) -> tuple[list[Variant], list[int]]:
    """The variants whose section exists, each with the index of its section's first passage."""
    first: dict[str, int] = {}
    for i, passage in enumerate(passages):
        first.setdefault(section_of(passage.pid), i)
    kept = [variant for variant in variants if variant.section in first]
    return kept, [first[variant.section] for variant in kept]
