"""`python -m knowledge coverage`: what the curated question variants cover, and where they disagree
with the search.

- sections without variants, per document (every section should have 5–10);
- duplicate variants: the same question (normalised) twice in one section, or under two sections (a
  question that two sections claim cannot teach the search either);
- variants in the files whose section no longer exists (a parser change renamed it);
- with the index: each variant searched (with its section's product), and those whose own section is
  not ranked first: either the variant is ambiguous or the search needs it — worth a reviewer's look.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from knowledge.evaluation import norm
from knowledge.ingest import Passage, load_passages
from knowledge.search import Searcher
from knowledge.variants import Variant, load_variants, section_of


def duplicates(variants: list[Variant]) -> list[tuple[str, list[str]]]:
    """(normalised question, the sections it appears under) for every question written more than once."""
    where: dict[str, list[str]] = defaultdict(list)
    for variant in variants:
        where[norm(variant.text)].append(variant.section)
    return sorted((text, sections) for text, sections in where.items() if len(sections) > 1)


def sections_of(passages: list[Passage]) -> dict[str, Passage]:
    """Each section's first passage, in corpus order."""
    first: dict[str, Passage] = {}
    for passage in passages:
        first.setdefault(section_of(passage.pid), passage)
    return first


def own_rank(searcher: Searcher, variant: Variant, passage: Passage, depth: int = 10) -> int | None:
    """Where the variant's own section comes when the variant is searched (None: not in the top `depth`)."""
    product = passage.products[0] if passage.products else None
    hits = searcher.search(variant.text, k=depth, product=product).hits
    own = (passage.doc, passage.section)
    return next((rank for rank, hit in enumerate(hits, 1) if (hit.doc, hit.section) == own), None)


def coverage_report(searcher: Searcher | None, verbose: bool = False) -> str:
    passages = load_passages()
    sections = sections_of(passages)
    variants = load_variants()
    per_section = Counter(v.section for v in variants if v.section in sections)
    orphans = sorted({v.section for v in variants if v.section not in sections})
    lines = ["# Question variants: coverage", ""]
    lines.append("| document | sections | with variants | variants | fewest per section |")
    lines.append("|---|---|---|---|---|")
    by_doc: dict[str, list[str]] = defaultdict(list)
    for section, passage in sections.items():
        by_doc[passage.doc].append(section)
    for doc, doc_sections in by_doc.items():
        counts = [per_section[s] for s in doc_sections]
        covered = sum(1 for c in counts if c)
        lines.append(f"| {doc} | {len(doc_sections)} | {covered} | {sum(counts)} | {min(counts)} |")
    missing = [s for s in sections if not per_section[s]]
    lines += ["", f"Sections without variants: {len(missing)}" + (f" ({', '.join(missing[:20])})" if missing else "")]
    named = f" ({', '.join(orphans)})" if orphans else ""
    lines.append(f"Variants whose section no longer exists: {len(orphans)}{named}")
    repeated = duplicates([v for v in variants if v.section in sections])
    lines.append(f"Questions written more than once: {len(repeated)}")
    lines += [f"  - {text!r}: {', '.join(found)}" for text, found in repeated[:30]]
    if searcher is not None:
        ranks = [(v, own_rank(searcher, v, sections[v.section])) for v in variants if v.section in sections]
        first = sum(1 for _, rank in ranks if rank == 1)
        top3 = sum(1 for _, rank in ranks if rank is not None and rank <= 3)
        lines += [
            "",
            f"Each variant searched: own section first for {first} of {len(ranks)} ({first / max(1, len(ranks)):.0%}), "
            f"in the top 3 for {top3} ({top3 / max(1, len(ranks)):.0%}).",
        ]
        if verbose:
            lines += [f"  - rank {rank}: {v.text!r} ({v.section}, {v.writer})" for v, rank in ranks if rank != 1]
    return "\n".join(lines)
