"""Pure scoring functions, and the whole search path on the real corpus with a fake encoder."""

import numpy as np
import pytest

from knowledge.adapter import adapt, train_adapter
from knowledge.analysis import Analyzer, words
from knowledge.ingest import Passage
from knowledge.search import (
    Calibration,
    FusionConfig,
    coverage,
    decide,
    extract_answer,
    fuse,
    prior,
    product_factors,
    product_named,
    standardise,
)


def test_standardise_measures_in_standard_deviations_and_ignores_flat_signals():
    assert standardise(np.array([1.0, 2.0, 3.0])).tolist() == pytest.approx([-1.2247, 0.0, 1.2247], abs=1e-4)
    assert standardise(np.zeros(3)).tolist() == [0.0, 0.0, 0.0]  # no lexical match: no say


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_adapter_moves_queries_to_the_passages_they_belong_to():
    rng = np.random.default_rng(0)
    passages = _unit(rng.normal(size=(30, 16)))
    queries = _unit(passages @ rng.normal(size=(16, 16)))  # a systematic mismatch between the two spaces
    belongs = np.eye(30, dtype=bool)
    adapter = train_adapter(queries, passages, belongs, strength=0.001, temperature=0.1, learning_rate=0.01, steps=300)
    found = (adapt(queries, adapter) @ passages.T).argmax(axis=1)
    assert np.mean((queries @ passages.T).argmax(axis=1) == np.arange(30)) < 0.2
    assert np.mean(found == np.arange(30)) == 1.0
    assert np.linalg.norm(adapt(queries, adapter), axis=1) == pytest.approx(np.ones(30), abs=1e-5)


def test_the_penalty_keeps_the_adapter_near_the_identity():
    rng = np.random.default_rng(1)
    passages, queries = _unit(rng.normal(size=(10, 8))), _unit(rng.normal(size=(10, 8)))
    free, held = (
        np.linalg.norm(train_adapter(queries, passages, np.eye(10, dtype=bool), strength=strength, learning_rate=0.01))
        for strength in (0.0, 100.0)
    )
    assert held < 0.1 * free


def test_fusion_rewards_agreement_and_keeps_margins():
    config = FusionConfig(weights=(("bm25_text", 1.0), ("dense_text", 1.0)))
    scores = {"bm25_text": np.array([0.0, 3.0, 1.0]), "dense_text": np.array([0.9, 0.8, 0.1])}
    assert int(np.argmax(fuse(scores, config))) == 1  # second in dense, first in BM25: the agreement wins
    # first and second in both lists: reciprocal ranks call it a tie, the margins do not
    scores = {"bm25_text": np.array([0.9, 1.0, 0.0, 0.0]), "dense_text": np.array([0.95, 0.52, 0.5, 0.49])}
    fused = fuse(scores, config)
    assert fused[0] > fused[1] > fused[2]


def test_priors_add_in_log_space():
    config = FusionConfig()
    boost = prior(np.array([1.0, 1.2, 0.8]), np.ones(3), config)
    assert boost[0] == 0.0 and boost[1] > 0 > boost[2]
    own, other = prior(np.ones(2), np.array([config.product_boost, config.other_product]), config)
    assert own - other > boost[1] - boost[2]  # the customer's product weighs more than authority


def make_passage(doc: str, products: tuple[str, ...]) -> Passage:
    return Passage(f"{doc}:1", doc, doc, products, "article", "1", "t", "", "tekst")


def test_product_boost_prefers_the_customers_conditions():
    passages = [make_passage("nl", ("nl_business_lease",)), make_passage("be", ("be_private_lease", "financing"))]
    config = FusionConfig()
    assert product_factors(passages, None, config).tolist() == [1.0, 1.0]
    factors = product_factors(passages, "financing", config)
    assert factors[1] == config.product_boost and factors[0] == config.other_product


def test_coverage_is_the_share_of_known_topic_words():
    known = {"kilometerbundel", "bundel"}.__contains__
    assert coverage(["kilometerbundel"], known) == 1.0
    assert coverage(["pannenkoek", "bundel"], known) == 0.5
    assert coverage([], known) == 0.0


def test_known_words_include_stems_compound_parts_and_prefixes(fake_searcher):
    assert fake_searcher.known_word("kilometerbundels")  # stem
    assert fake_searcher.known_word("bundelkilometer")  # both parts are document words
    assert fake_searcher.known_word("verander")  # begins "veranderen"
    assert not fake_searcher.known_word("pannenkoek")


def test_the_words_of_customer_questions_are_known(fake_searcher):
    # A customer's word for what the documents answer ("steenslag" for glass damage) is no sign of a question
    # off topic once a curated customer question uses it.
    index = fake_searcher.index
    unknown_to_documents = [w for v in index.variants for w in words(v.text) if w not in index.vocabulary]
    assert unknown_to_documents
    assert all(fake_searcher.known_word(w) for w in unknown_to_documents)


@pytest.mark.parametrize(
    ("variant", "text", "margin", "coverage", "specificity", "expected"),
    [
        (0.95, 0.88, 1.5, 1.0, 8.0, (True, "answer")),  # close to a customer question, one section leads
        (0.95, 0.88, 0.3, 1.0, 8.0, (True, "clarify")),  # in scope, two sections close: "Bedoelt u…?"
        (0.95, 0.95, 2.0, 1.0, 1.6, (True, "clarify")),  # a bare topic ("contract") that matches well
        (0.95, 0.95, 2.0, 0.0, 8.0, (False, "decline")),  # words the documents do not know …
        (0.99, 0.90, 2.0, 0.0, 8.0, (True, "answer")),  # … unless it is (nearly) a customer question of the section
        (0.86, 0.82, 2.0, 1.0, 8.0, (False, "decline")),  # far from every customer question: out of scope
        (0.0, 0.93, 1.5, 1.0, 8.0, (True, "answer")),  # an index without variants: text/title cosine alone
    ],
)
def test_decide(variant, text, margin, coverage, specificity, expected):
    features = {
        "top_cos_variant": variant,
        "top_cos_text": text,
        "top_cos_title": 0.5,
        "margin": margin,
        "coverage": coverage,
        "specificity": specificity,
    }
    assert decide(features, Calibration()) == expected


@pytest.mark.parametrize(
    ("out_of_scope", "expected"),
    [
        (0.80, (True, "answer")),  # far from every question the documents do not answer
        (0.944, (True, "answer")),  # near one, but clearly closer to the section's customer questions
        (0.947, (False, "decline")),  # as close to "hoeveel pk heeft…" as to the section: not in the documents
        (0.99, (False, "decline")),
    ],
)
def test_a_question_as_close_to_one_the_documents_do_not_answer_is_declined(out_of_scope, expected):
    features = {
        "top_cos_variant": 0.95,
        "top_cos_text": 0.88,
        "top_cos_title": 0.5,
        "margin": 1.5,
        "coverage": 1.0,
        "specificity": 8.0,
        "out_of_scope_cos": out_of_scope,
    }
    assert decide(features, Calibration()) == expected


def test_curated_out_of_scope_questions_are_indexed(fake_searcher):
    from knowledge.variants import load_out_of_scope

    curated = load_out_of_scope()
    assert len(curated) >= 200
    assert fake_searcher.out_of_scope.shape == (len(curated), fake_searcher.index.dense_text.shape[1])
    assert fake_searcher.search(curated[0], k=3).decision == "decline"


def test_extract_answer_picks_the_relevant_sentences():
    analyzer = Analyzer(["winterbanden", "november", "april"])
    text = (
        "De berijder moet de winterbanden op tijd laten wisselen. Winterbanden mogen vanaf 1 november "
        "onder de auto worden gemonteerd. Uiterlijk 1 april moeten de winterbanden zijn omgewisseld."
    )
    terms = set(analyzer.terms("Tot wanneer mogen winterbanden blijven, tot april?"))
    answer = extract_answer(text, terms, analyzer.terms, idf={})
    assert "Uiterlijk 1 april" in answer
    assert answer.count(".") <= 3


CONDITIONAL = (
    "Bij een hoge schadelast kunnen wij maatregelen nemen. Raakt een specifieke auto binnen twaalf maanden "
    "betrokken bij drie of meer schadegevallen? Dan kunnen wij het eigen risico voor die auto verhogen. "
    "Dat geldt voor toekomstige schadegevallen."
)


@pytest.mark.parametrize(
    "question", ["drie schadegevallen in twaalf maanden", "wanneer verhogen jullie het eigen risico", "schadegevallen"]
)
def test_extract_answer_never_cuts_a_question_of_the_document_from_its_answer(question):
    # "Raakt een auto … betrokken bij drie of meer schadegevallen?" alone reads as the bot asking back;
    # "Dan kunnen wij …" alone leaves out when.
    analyzer = Analyzer(["schadegevallen", "schadelast"])
    answer = extract_answer(CONDITIONAL, set(analyzer.terms(question)), analyzer.terms, idf={})
    assert not answer.endswith("?")
    assert not answer.startswith("Dan ")
    if "Raakt" in answer or "Dan kunnen" in answer:
        assert "Raakt" in answer and "Dan kunnen" in answer


def test_extract_answer_never_ends_on_a_list_introduction():
    analyzer = Analyzer([])
    text = "Niet inbegrepen zijn de volgende kosten:\n- Brandstof\n- Verkeersboetes"
    answer = extract_answer(text, set(analyzer.terms("welke kosten")), analyzer.terms, idf={})
    assert answer == "Niet inbegrepen zijn de volgende kosten:\n- Brandstof\n- Verkeersboetes"


def test_extract_answer_never_starts_inside_a_list():
    analyzer = Analyzer(["attest", "kostprijs"])
    intro = "Voor een reis buiten de EU vraag je een attest aan.\nVoor het attest hebben wij volgende informatie nodig:"
    items = ["- Nummerplaat van de wagen", "- Periode van je reis", "- Naam en adres voor het attest"]
    text = "\n".join([intro, *items, "Het attest kost € 108,90."])
    terms = set(analyzer.terms("Waar stuur je het attest naartoe, naam en adres?"))
    answer = extract_answer(text, terms, analyzer.terms, idf={"naam": 3.0, "adres": 3.0})
    assert answer.startswith("Voor het attest hebben wij volgende informatie nodig:")
    assert answer.splitlines()[1:4] == items  # a short list is given whole
    assert answer.splitlines()[4] == "Het attest kost € 108,90."


def test_extract_answer_shortens_a_long_list_to_its_lead_in_and_the_relevant_items():
    analyzer = Analyzer([])
    items = [f"- Onderdeel nummer {n} van de lijst met een lange omschrijving van wat erbij hoort." for n in range(8)]
    text = "\n".join(["Uitgesloten zijn:", *items[:6], "- Schade door een racewedstrijd op een circuit.", *items[6:]])
    answer = extract_answer(text, set(analyzer.terms("racewedstrijd circuit")), analyzer.terms, idf={})
    lines = answer.splitlines()
    assert lines[0] == "Uitgesloten zijn:" and "- …" in lines
    assert "- Schade door een racewedstrijd op een circuit." in lines


def test_a_chunk_that_opens_inside_a_list_is_read_with_the_lists_lead_in(fake_searcher):
    """Long articles are chunked on paragraph boundaries, so a chunk can start with the fifth item
    of a list whose lead-in sits two chunks earlier (risicobehoud 3.2)."""
    passages, sections = fake_searcher.index.passages, fake_searcher.section_ids
    opening_in_a_list = [
        i for i, p in enumerate(passages) if p.text.startswith("- ") and i > 0 and sections[i - 1] == sections[i]
    ]
    assert opening_in_a_list
    for i in opening_in_a_list:
        text = fake_searcher.chunk_in_context(i)
        assert not text.startswith("- ") and text.endswith(passages[i].text)


def test_search_end_to_end_with_fake_encoder(fake_searcher):
    result = fake_searcher.search("Hoe werken de kilometerbundels?", k=5)
    data = result.to_dict()
    assert set(data) == {"query", "confident", "decision", "answer", "hits"}
    assert set(data["hits"][0]) == {"doc", "doc_title", "section", "title", "text", "score", "question", "tasks"}
    assert data["hits"][0]["title"] == "Hoe werken de kilometerbundels?"
    assert [h["score"] for h in data["hits"]] == sorted((h["score"] for h in data["hits"]), reverse=True)
    sections = [(h["doc"], h["section"]) for h in data["hits"]]
    assert len(sections) == len(set(sections))  # one hit per article, however it was chunked


def test_compound_query_finds_the_parts(fake_searcher):
    """ "schadeaangifteformulier" is one word in the NL conditions: a question about a "formulier"
    for "schade" must still reach it, and vice versa."""
    hits = fake_searcher.search(
        "Welk formulier stuur ik bij schade aan mijn zakelijke auto?", k=5, product="nl_business_lease"
    ).hits
    assert any("schadeaangifteformulier" in h.text for h in hits)


def test_product_boost_changes_the_ranking(fake_searcher):
    question = "Wanneer mag ik mijn leasecontract eerder beëindigen?"
    business = fake_searcher.search(question, k=5, product="nl_business_lease").hits
    private = fake_searcher.search(question, k=5, product="be_private_lease").hits
    assert business[0].doc == "zakelijke-lease-voorwaarden"
    nl_score = {h.doc: h.score for h in reversed(private)}.get("zakelijke-lease-voorwaarden", 0.0)
    assert nl_score < business[0].score


def test_answer_has_citation_of_the_top_hit(fake_searcher):
    result = fake_searcher.search("Hoeveel kilometer kan ik maximaal per jaar rijden?", k=3)
    if result.answer:
        assert result.answer.citation.startswith("Bron: ")
        assert result.answer.text in result.hits[0].text or result.answer.text[:40] in result.hits[0].text


def test_a_question_naming_one_product_is_searched_as_that_product() -> None:
    assert product_named("Mijn zakelijke leaseauto moet gerepareerd worden") == "nl_business_lease"
    assert product_named("Mijn vader had een private lease") == "be_private_lease"
    assert product_named("Hoe werkt de autofinanciering?") == "financing"
    assert product_named("Wat is het verschil tussen private lease en zakelijke lease?") is None
    assert product_named("Mag ik met de leasewagen naar Spanje?") is None
