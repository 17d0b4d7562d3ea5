"""Question variants (knowledge/variants.py): the data stays attached to the corpus, and the signal it
feeds scores a section by its best-matching variant."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge.coverage import duplicates
from knowledge.ingest import load_passages
from knowledge.search import section_max
from knowledge.variants import Variant, load_variants, save_document, section_of


def test_every_variant_names_a_section_that_exists():
    # A parser change that renames or drops a section must move its variants along (ids are stable).
    sections = {section_of(p.pid) for p in load_passages()}
    orphans = sorted({v.section for v in load_variants()} - sections)
    assert orphans == []


def test_every_writer_of_a_file_is_described():
    import yaml

    from knowledge.variants import variant_files

    for path in variant_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        writers = set(data["writers"])
        used = {writer for by_writer in data["sections"].values() for writer in by_writer}
        assert used <= writers, path.name
        assert all(section.startswith(f"{data['document']}:") for section in data["sections"]), path.name


def test_a_saved_document_loads_back(tmp_path):
    save_document(
        tmp_path / "doc.yml",
        "doc",
        "A document",
        {"a": "Flemish customer", "b": "hurried, typos"},
        {
            "doc:1": {"a": ["Mag ik   naar Spanje rijden?"], "b": ["buitenland ok?", ""]},
            "doc:2": {"a": ["Wie betaalt?"]},
        },
    )
    assert load_variants(tmp_path) == [
        Variant("doc:1", "Mag ik naar Spanje rijden?", "a"),
        Variant("doc:1", "buitenland ok?", "b"),
        Variant("doc:2", "Wie betaalt?", "a"),
    ]


def test_section_ids_drop_the_chunk_number():
    assert section_of("private-lease-voorwaarden:2.1#3") == "private-lease-voorwaarden:2.1"
    assert section_of("klantenzone-faq:1") == "klantenzone-faq:1"


def test_a_section_scores_its_best_variant_and_one_without_variants_the_lowest():
    per_variant = np.array([0.2, 0.9, 0.5, 0.1])
    variant_section = np.array([0, 0, 2, 2])
    passage_section = np.array([0, 0, 1, 2])  # section 0 has two chunks, section 1 no variants
    assert section_max(per_variant, variant_section, passage_section).tolist() == pytest.approx([0.9, 0.9, 0.1, 0.5])
    assert section_max(np.zeros(0), np.zeros(0, dtype=int), passage_section).tolist() == [0, 0, 0, 0]


def test_duplicates_are_found_across_sections_after_normalising():
    variants = [Variant("d:1", "Wie betaalt de boete?", "a"), Variant("d:2", "wie betaalt de boete", "b")]
    assert duplicates(variants) == [("wie betaalt de boete", ["d:1", "d:2"])]


def test_the_variant_signal_reaches_a_section_through_its_variants(fake_searcher):
    # With the fake encoder, a question worded exactly as a section's variant ranks that section first.
    searcher = fake_searcher
    if not searcher.index.variants:
        pytest.skip("no variants in knowledge/variants/")
    variant = searcher.index.variants[0]
    scores, _, _, _ = searcher.signal_scores(variant.text, searcher.index.analyzer.terms(variant.text))
    best = int(np.argmax(scores["dense_variant"]))
    assert section_of(searcher.index.passages[best].pid) == variant.section


def test_each_hit_carries_its_sections_closest_customer_question(fake_searcher):
    # "Bedoelt u…?" offers the customer's words, not an article's legal title.
    if not fake_searcher.index.variants:
        pytest.skip("no variants in knowledge/variants/")
    variant = fake_searcher.index.variants[0]
    hit = fake_searcher.search(variant.text, k=3).hits[0]
    assert hit.question == variant.text


def test_a_taught_variant_counts_at_once_and_a_marked_question_is_declined(tmp_path_factory):
    # The console's learning loop: an agent links a question to a section, or marks one as not in the
    # documents; the searcher uses it for the next question, without a rebuild.
    from knowledge.index import build, index_key, load
    from knowledge.search import Searcher
    from tests.knowledge.conftest import FakeEncoder

    encoder = FakeEncoder()
    directory = tmp_path_factory.mktemp("learning-index")
    build(index_dir=directory, encoder=encoder)
    searcher = Searcher(load(directory / index_key(encoder.model_id)), encoder)
    question = "zebrapaden kwijtschelding ruimtevaart"
    section = section_of(searcher.index.passages[40].pid)
    assert not searcher.learn_variant("bestaat-niet:1", question, "agent:els")
    assert not searcher.known_word("ruimtevaart")
    assert searcher.learn_variant(section, question, "agent:els")
    assert searcher.known_word("ruimtevaart")  # the customers' word is known from now on
    hit = searcher.search(question, k=1).hits[0]
    assert (f"{hit.doc}:{hit.section}", hit.question) == (section, question)

    searcher.learn_out_of_scope(question)
    assert searcher.search(question, k=1).decision == "decline"
