"""The corpus parser on real excerpts: PDF artefacts removed, sections, titles and products right."""

from pathlib import Path

import pytest

from knowledge.ingest import (
    BE_PRIVATE,
    CORPUS_DIR,
    FINANCING,
    NL_BUSINESS,
    Cleaner,
    CorpusParser,
    load_passages,
    split_long,
)

# Lines 82-100 of the NL business-lease conditions, as extracted: a running chapter header printed
# after its text, a page footer glued to the version line, tab-indented lines, `�` after a number.
NL_EXCERPT = (
    " Mantelovereenkomst\n\n"
    "1.6\t� Als u het eens bent met de wijzigingen, hoeft u verder \n"
    "niets te doen.\n\n"
    "1. Over deze Algemene Voorwaarden\n\n\n\n"
    "Pagina 4 van 18Versie: februari 2026\n\n"
    "1.7\t Gaat uw adres, e-mailadres, bankrekeningnummer, \t\n"
    "\t de naam of rechtsvorm van uw bedrijf veranderen? \t\n"
    "\t Doe dit uiterlijk 14 \t\n"
    "\t dagen vóór de verandering ingaat.\n\n"
    "Vertrouwelijke en persoonlijke gegevens\n\n"
    "1.8\t� We vragen u om vertrouwelijke en persoonlijke \n"
    "gegevens. Daar gaan wij zorgvuldig mee om.\n"
    " 2.1\t �Voor elke auto die u bij ons least, sluit u een \n"
    "apart leasecontract.\n\n"
    "2. Het leasecontract\n"
)


@pytest.fixture(scope="module")
def passages():
    return load_passages()


def by_id(passages, pid):
    return next(p for p in passages if p.pid == pid)


def parse_excerpt(tmp_path: Path, text: str):
    (tmp_path / "excerpt.txt").write_text(text, encoding="utf-8")
    return CorpusParser(tmp_path).parse()


def test_nl_excerpt_drops_footer_running_header_and_glyphs(tmp_path):
    parsed = {p.section: p for p in parse_excerpt(tmp_path, NL_EXCERPT)}
    assert list(parsed) == ["1.6", "1.7", "1.8", "2.1"]
    assert parsed["1.6"].text == "Als u het eens bent met de wijzigingen, hoeft u verder niets te doen."
    assert parsed["1.7"].text.endswith("Doe dit uiterlijk 14 dagen vóór de verandering ingaat.")
    assert parsed["1.8"].title == "Vertrouwelijke en persoonlijke gegevens"  # the topic sub-heading
    assert parsed["2.1"].context == "Het leasecontract"  # running header mapped back to its chapter
    for passage in parsed.values():
        assert "Pagina" not in passage.text and "\ufffd" not in passage.text
        assert "Over deze Algemene Voorwaarden" not in passage.text
        assert passage.products == (NL_BUSINESS,)


def test_cleaner_joins_broken_lines_and_hyphenation():
    cleaner = Cleaner({"verzekering"})
    text = cleaner.clean(
        [
            "bevoegde rechter uit het arrondissement Midden-",
            "Nederland, locatie Utrecht.",
            "",
            "Verkeers- of parkeerboetes, verkeers-",
            "en parkeerboetes en de verze-",
            "kering.",
        ]
    )
    assert text == (
        "bevoegde rechter uit het arrondissement Midden-Nederland, locatie Utrecht.\n"
        "Verkeers- of parkeerboetes, verkeers- en parkeerboetes en de verzekering."
    )


def test_cleaner_bullets_urls_and_asterisks():
    text = Cleaner(set()).clean(
        [
            "Wij dragen de volgende risico’s:",
            "▫ brand,  ",
            "• Toestemming nodig. Heeft de auto een reparatie",
            "nodig?",
            "https://www.leaseplan.be/nl/login",
            "mailto:mycar@leaseplan.be",
            "De verzekeraar** stelt voor.",
        ]
    )
    assert text.splitlines() == [
        "Wij dragen de volgende risico’s:",
        "- brand,",
        "- Toestemming nodig. Heeft de auto een reparatie nodig? De verzekeraar stelt voor.",
    ]


def test_cleaner_ends_a_list_at_the_next_sentence_but_not_at_a_wrapped_name():
    """The private-lease FAQ is double-spaced: a blank line follows every PDF line, in lists too."""
    text = Cleaner(set()).clean(
        [
            "Voor het certificaat hebben wij volgende informatie nodig:",
            "- Periode van je reis (van/tot)",
            "",
            "- Naam en adres waarnaar het attest mag opgestuurd worden",
            "",
            "Het certificaat is gelegaliseerd.",
            "- De vervangwagen valt niet onder de hierboven vermelde",
            "",
            "Europese pechverhelping.",
        ]
    )
    assert text.splitlines() == [
        "Voor het certificaat hebben wij volgende informatie nodig:",
        "- Periode van je reis (van/tot)",
        "- Naam en adres waarnaar het attest mag opgestuurd worden",
        "Het certificaat is gelegaliseerd.",
        "- De vervangwagen valt niet onder de hierboven vermelde Europese pechverhelping.",
    ]


def test_every_document_and_product_is_parsed(passages):
    docs = {p.doc for p in passages}
    assert docs == {
        "klantenzone-faq",
        "private-lease-voorwaarden",
        "ba-autoverzekering",
        "bonus-malus",
        "risicobehoud",
        "bestuurdersverzekering",
        "renta-gedragscode",
        "private-lease-faq",
        "zakelijke-lease-voorwaarden",
    }
    assert by_id(passages, "klantenzone-faq:1").products == (BE_PRIVATE, FINANCING)
    faq_numbers = sorted({int(p.section) for p in passages if p.doc == "private-lease-faq"})
    assert faq_numbers == list(range(1, 48))
    assert len([p for p in passages if p.doc == "klantenzone-faq"]) == 12


def test_no_artefacts_left_anywhere(passages):
    for passage in passages:
        assert "\ufffd" not in passage.text, passage.pid
        assert "Pagina " not in passage.text, passage.pid
        assert not any(line.startswith(("http", "mailto:", "www.")) for line in passage.text.splitlines())
        assert "•" not in passage.text and "\uf0b7" not in passage.text, passage.pid
        assert passage.title and passage.text.strip()


def test_article_titles_and_citations(passages):
    article = by_id(passages, "private-lease-voorwaarden:7.3#1")
    assert article.title == "Wanneer kan je de lease beëindigen?"
    assert article.context == "Hoe lang duurt de leasing en wanneer eindigt deze?"
    assert article.citation == "Bron: Algemene voorwaarden private lease, art. 7.3"
    wrapped = by_id(passages, "private-lease-voorwaarden:4.10")
    assert wrapped.title.endswith("de duur van de BA-verzekering overschrijdt")
    insurance = by_id(passages, "ba-autoverzekering:Artikel 30.4#1")
    assert insurance.title == "Opzeggingsmogelijkheden voor de verzekeraar – Na schadegeval"
    assert insurance.citation.endswith(", artikel 30.4")
    assert by_id(passages, "renta-gedragscode:XII").title == "Reparatie, onderhoud en eventueel vervangend vervoer"
    assert by_id(passages, "zakelijke-lease-voorwaarden:10.5#1").title == "Verrekening van gereden kilometers"


def test_faq_questions_are_whole_and_answers_separate(passages):
    wrapped = by_id(passages, "private-lease-faq:6")
    assert wrapped.title.endswith("eenzijdig ondertekend contract heb ontvangen?")
    assert wrapped.text.startswith("Ja, dat kan.")
    # a statement printed before the question belongs to the answer
    countries = by_id(passages, "private-lease-faq:45")
    assert countries.title == "In welke landen heb ik recht op bijstand?"
    assert countries.text.startswith("Alle prestaties die niet aan LeasePlan Assistance")
    assert by_id(passages, "private-lease-faq:15").text.count("\n") >= 4  # its own 1-4 list stays inside


def test_long_sections_split_on_paragraphs():
    paragraphs = [f"Zin {i} " + "woord " * 30 + "einde." for i in range(8)]
    chunks = split_long("\n".join(paragraphs), limit=500, target=400)
    assert len(chunks) > 1
    assert all(len(c) <= 500 for c in chunks)
    assert "\n".join(chunks) == "\n".join(paragraphs)


def test_corpus_copy_matches_its_readme():
    assert sorted(p.name for p in CORPUS_DIR.iterdir()) == [
        "000_fc2efc783bbfdfd4.txt",
        "002_d666986502036bb6.txt",
        "004_3be759d6f224836f.txt",
        "README.md",
    ]
