"""`python -m knowledge export-variants`: the questions agents linked in the console (table knowledge_links,
written by the API) are appended to a copy of knowledge/variants/ under the writer `agent:<username>`."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine

from knowledge.__main__ import main
from knowledge.learned import KNOWLEDGE_LINKS, normalise_question
from knowledge.variants import VARIANTS_DIR, Variant, load_variants

LINKED = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def variants_dir(tmp_path: Path) -> Path:
    copy = tmp_path / "variants"
    shutil.copytree(VARIANTS_DIR, copy)
    return copy


def _database(tmp_path: Path, rows: list[tuple[str, str | None, str, datetime]]) -> str:
    url = f"sqlite:///{tmp_path}/app.db"
    engine = create_engine(url)
    KNOWLEDGE_LINKS.create(engine)
    with engine.begin() as connection:
        connection.execute(
            KNOWLEDGE_LINKS.insert(),
            [
                {"normalised": normalise_question(q), "question": q, "section": s, "agent_username": a, "created_at": t}
                for q, s, a, t in rows
            ],
        )
    engine.dispose()
    return url


def _existing_variant(directory: Path, section: str) -> str:
    return next(v.text for v in load_variants(directory) if v.section == section)


def test_linked_questions_are_appended_to_their_documents_once(
    tmp_path: Path, variants_dir: Path, capsys: pytest.CaptureFixture
) -> None:
    already = _existing_variant(variants_dir, "bonus-malus:2")
    url = _database(
        tmp_path,
        [
            ("Mag ik met mijn leasewagen naar Marokko?", "private-lease-voorwaarden:7.3", "els", LINKED),
            ("kan ik de bonus malus tabel ergens zien", "bonus-malus:2", "els", LINKED),
            (already.upper() + " ?", "bonus-malus:2", "jan", LINKED),  # already there, in other words' clothes
            ("Wat is het weer morgen?", None, "els", LINKED),  # out of scope: no variant
            ("Oude vraag", "private-lease-voorwaarden:999", "els", LINKED),  # the corpus lost the section
            ("Nog een vraag over het buitenland?", "private-lease-voorwaarden:7.3", "els", LINKED.replace(day=25)),
        ],
    )
    untouched = {p.name: p.read_bytes() for p in variants_dir.glob("*.yml")}

    assert main(["export-variants", "--database-url", url, "--variants-dir", str(variants_dir)]) == 0

    out, err = capsys.readouterr()
    assert "private-lease-voorwaarden: 2 questions added" in out
    assert "bonus-malus: 1 question added" in out
    assert "3 added from 5 links (1 already in the variants)" in out
    assert "private-lease-voorwaarden:999" in err
    learned = [v for v in load_variants(variants_dir) if v.writer.startswith("agent:")]
    assert learned == [
        Variant("bonus-malus:2", "kan ik de bonus malus tabel ergens zien", "agent:els"),
        Variant("private-lease-voorwaarden:7.3", "Mag ik met mijn leasewagen naar Marokko?", "agent:els"),
        Variant("private-lease-voorwaarden:7.3", "Nog een vraag over het buitenland?", "agent:els"),
    ]
    data = yaml.safe_load((variants_dir / "private-lease-voorwaarden.yml").read_text(encoding="utf-8"))
    assert data["writers"]["agent:els"] == "agent in the console (Kennishiaten), linked 2026-11-23 to 2026-11-25"
    bonus = yaml.safe_load((variants_dir / "bonus-malus.yml").read_text(encoding="utf-8"))
    assert bonus["writers"]["agent:els"] == "agent in the console (Kennishiaten), linked 2026-11-23"
    assert "agent:jan" not in bonus["writers"]
    # Only the two documents that gained a question were written.
    changed = {p.name for p in variants_dir.glob("*.yml") if p.read_bytes() != untouched[p.name]}
    assert changed == {"private-lease-voorwaarden.yml", "bonus-malus.yml"}

    # Exported questions are there now: a second run adds nothing and writes nothing.
    written = {p.name: p.read_bytes() for p in variants_dir.glob("*.yml")}
    assert main(["export-variants", "--database-url", url, "--variants-dir", str(variants_dir)]) == 0
    assert "0 added from 5 links (4 already in the variants)" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in variants_dir.glob("*.yml")} == written


def test_a_document_without_a_variants_file_gets_one(tmp_path: Path, variants_dir: Path) -> None:
    (variants_dir / "risicobehoud.yml").unlink()
    section = next(v.section for v in load_variants(VARIANTS_DIR) if v.section.startswith("risicobehoud:"))
    url = _database(tmp_path, [("Wat is risicobehoud eigenlijk?", section, "els", LINKED)])
    assert main(["export-variants", "--database-url", url, "--variants-dir", str(variants_dir)]) == 0
    data = yaml.safe_load((variants_dir / "risicobehoud.yml").read_text(encoding="utf-8"))
    assert data["document"] == "risicobehoud" and data["title"]
    assert data["sections"] == {section: {"agent:els": ["Wat is risicobehoud eigenlijk?"]}}


def test_without_a_database_nothing_is_created(tmp_path: Path, variants_dir: Path, capsys) -> None:
    missing = tmp_path / "nowhere.db"
    assert main(["export-variants", "--database-url", f"sqlite:///{missing}", "--variants-dir", str(variants_dir)]) == 2
    assert not missing.exists()
    assert "No database" in capsys.readouterr().err
    create_engine(f"sqlite:///{missing}").connect().close()  # a database without the API's tables
    assert main(["export-variants", "--database-url", f"sqlite:///{missing}", "--variants-dir", str(variants_dir)]) == 2
    assert "python -m api migrate" in capsys.readouterr().err
