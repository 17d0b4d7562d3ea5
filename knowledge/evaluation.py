"""Retrieval evaluation with the shared scoring rule, and the benchmark report for docs/benchmarks.md."""

from __future__ import annotations

import json
import re
import shutil
import statistics
import tempfile
import time
import unicodedata
from dataclasses import replace
from pathlib import Path

from knowledge.search import Searcher, SearchResult


def norm(text: str) -> str:
    """The scoring rule's normalisation: NFKC, lower case, every run of non-word characters → space."""
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"\W+", " ", text).strip()


def first_match_rank(question: dict, hits: list[dict], depth: int = 10) -> int | None:
    golds = [" " + norm(p) + " " for p in question["any"]]
    for rank, hit in enumerate(hits[:depth], start=1):
        text = " " + norm(hit.get("title", "") + " " + hit.get("text", "")) + " "
        if any(g in text for g in golds):
            return rank
    return None


CLARIFY_OPTIONS = 3  # "Bedoelt u…?" offers the first three distinct hits (actions/faq.py)


def score(questions: list[dict], results: list[dict]) -> dict:
    """Recall@1/3/5, MRR@10, out-of-scope declined and false declines (see ../shared/eval/README.md),
    and what the customer sees (the result's `decision`): answered wrongly ("confidently wrong": answered
    directly, the first passage not one that answers), the right passage shown (the answer, or among the
    "Bedoelt u…?" options), declined; out-of-scope questions declined or answered."""
    answerable = [(q, r) for q, r in zip(questions, results, strict=True) if not q.get("oos")]
    oos = [(q, r) for q, r in zip(questions, results, strict=True) if q.get("oos")]
    found = [first_match_rank(q, r.get("hits", [])) for q, r in answerable]
    decisions = [r.get("decision") for _, r in answerable]
    n = max(len(answerable), 1)
    shown = sum(
        1
        for rank, decision in zip(found, decisions, strict=True)
        if rank and ((decision == "answer" and rank == 1) or (decision == "clarify" and rank <= CLARIFY_OPTIONS))
    )
    return {
        "answerable": len(answerable),
        "out_of_scope": len(oos),
        "recall@1": sum(1 for r in found if r and r <= 1) / n,
        "recall@3": sum(1 for r in found if r and r <= 3) / n,
        "recall@5": sum(1 for r in found if r and r <= 5) / n,
        "mrr@10": sum(1 / r for r in found if r) / n,
        "oos_declined": sum(1 for _, r in oos if not r.get("confident")) / max(len(oos), 1),
        "false_declines": sum(1 for _, r in answerable if not r.get("confident")) / n,
        "confidently_wrong": sum(1 for rank, d in zip(found, decisions, strict=True) if d == "answer" and rank != 1)
        / n,
        "right_shown": shown / n,
        "clarified": decisions.count("clarify") / n,
        "declined": decisions.count("decline") / n,
        "answered": decisions.count("answer") / n,
        "oos_decision_declined": sum(1 for _, r in oos if r.get("decision") == "decline") / max(len(oos), 1),
        "oos_answered": sum(1 for _, r in oos if r.get("decision") == "answer") / max(len(oos), 1),
    }


def read_questions(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run(searcher: Searcher, questions: list[dict], mode: str = "fusion") -> list[SearchResult]:
    return [searcher.search(q["q"], k=10, product=q.get("product"), mode=mode) for q in questions]


def evaluate(searcher: Searcher, questions: list[dict], mode: str = "fusion") -> dict:
    return score(questions, [r.to_dict() for r in run(searcher, questions, mode)])


METRICS = (
    "recall@1",
    "recall@3",
    "recall@5",
    "mrr@10",
    "oos_declined",
    "false_declines",
    "confidently_wrong",
    "right_shown",
    "declined",
    "oos_answered",
)


def format_metrics(metrics: dict) -> str:
    return "  ".join(f"{name} {metrics[name]:.3f}" for name in METRICS)


def latency(searcher: Searcher, questions: list[dict], rounds: int = 5) -> dict:
    searcher.search("opwarmen", k=5)
    timings = []
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            searcher.search(question["q"], k=5)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {"p50": statistics.median(timings), "p95": timings[int(0.95 * (len(timings) - 1))], "n": len(timings)}


def bench(searcher: Searcher, question_sets: dict[str, list[dict]], build_seconds: float) -> str:
    """The Markdown section `make bench` puts into docs/benchmarks.md."""
    lines = ["## Knowledge retrieval", ""]
    for label, questions in question_sets.items():
        answerable = sum(1 for q in questions if not q.get("oos"))
        lines += [
            f"### {label} ({answerable} answerable, {len(questions) - answerable} out of scope)",
            "",
            "| mode | R@1 | R@3 | R@5 | MRR@10 | confidently wrong | right passage shown | answered directly "
            "| OOS declined | false declines |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name, m in modes(searcher, questions):
            lines.append(
                f"| {name} | {m['recall@1']:.3f} | {m['recall@3']:.3f} | {m['recall@5']:.3f} | {m['mrr@10']:.3f} | "
                f"{m['confidently_wrong']:.3f} | {m['right_shown']:.3f} | {m['answered']:.3f} | "
                f"{m['oos_declined']:.2f} | {m['false_declines']:.3f} |"
            )
        lines.append("")
    first = next(iter(question_sets.values()))
    timing = latency(searcher, first)
    manifest = searcher.index.manifest
    lines += [
        f"Warm search latency over {timing['n']} searches (dev questions × 5 rounds, k=5, one process): "
        f"p50 {timing['p50']:.1f} ms, p95 {timing['p95']:.1f} ms.",
        "",
        f"Cold index build ({manifest['passages']} passages, encoder `{manifest['model_id']}`): {build_seconds:.1f} s.",
        "",
        "BM25 only / dense only: one ranked list each (dense: passages against the adapter-moved query). "
        "Fusion: weighted sum of the standardised scores (z-scores) of BM25 over stemmed words, BM25 over "
        "character 5-grams, dense over passages, dense over titles/FAQ questions, and the question variants "
        "(dense and BM25: each section scored by its closest customer question), plus the authority and "
        'product priors; "fusion without variants" leaves the two variant signals out (the baseline, same '
        "run). Confidently wrong: answered directly with a first passage that does not answer; right passage "
        'shown: the answer, or among the three "Bedoelt u…?" options; OOS declined / false declines: the '
        "scoring rule's `confident` flag (false only when the bot declines).",
        "",
    ]
    return "\n".join(lines)


def modes(searcher: Searcher, questions: list[dict]) -> list[tuple[str, dict]]:
    """The metrics of each ranking the benchmark compares, the searcher's fusion restored afterwards."""
    found = [
        (name, evaluate(searcher, questions, mode))
        for mode, name in (("bm25_text", "BM25 only"), ("dense_text", "dense only"))
    ]
    fusion, out_of_scope = searcher.fusion, searcher.out_of_scope
    try:  # without the curated data: no variant signals, no curated out-of-scope questions
        searcher.fusion = replace(fusion, weights=tuple((n, w) for n, w in fusion.weights if "variant" not in n))
        searcher.out_of_scope = out_of_scope[:0]
        found.append(("fusion without variants", evaluate(searcher, questions)))
    finally:
        searcher.fusion, searcher.out_of_scope = fusion, out_of_scope
    found.append(("fusion", evaluate(searcher, questions)))
    return found


def cold_build_seconds() -> float:
    """Build a fresh index into a temporary directory and time it (the benchmark's cold build)."""
    from knowledge.index import build

    with tempfile.TemporaryDirectory() as tmp:
        report = build(index_dir=Path(tmp), force=True)
        seconds = report.seconds
        shutil.rmtree(tmp, ignore_errors=True)
    return seconds
