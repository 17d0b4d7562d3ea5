"""What the NLU alone makes of customers' first messages, per pipeline and fallback threshold (bot env).

Issue #12 asks what more data, Rasa's fallback and ambiguity thresholds, or dense sentence features from
the offline multilingual encoder buy. Each pipeline is trained NLU-only on bot/data/nlu, without the
FallbackClassifier, and every first message of the customer-language sets that are dev now is parsed
once; the thresholds are then applied to the same rankings (a message below them goes to the document
search, as `nlu_fallback` does). Routing here is the NLU's alone: the stack adds task offers and the
search on top (bench/language.py).

    .venv/bot/bin/python -m bench.nlu_routing
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from bench.language import load, route_is_right, route_of

ROOT = Path(__file__).resolve().parent.parent
DEV_SETS = tuple(f"first_messages_{name}.jsonl" for name in ("dev", "holdout", "holdout2", "holdout3", "holdout4"))
E5 = {"name": "bot.nlu.e5_featurizer.E5SentenceFeaturizer"}
THRESHOLDS = (0.0, 0.25, 0.35, 0.45)
AMBIGUITIES = (0.0, 0.05, 0.1)


def pipelines() -> dict[str, list[dict[str, Any]]]:
    """config.yml's pipeline without its FallbackClassifier, and the same with e5 sentence features. (Without
    the character n-grams, e5 + words measured 0.830 at best on 2026-12-01: not run every time.)"""
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    current = [c for c in config["pipeline"] if c["name"] != "FallbackClassifier"]
    diet = next(i for i, c in enumerate(current) if c["name"] == "DIETClassifier")
    with_e5 = [*current[:diet], E5, *current[diet:]]
    return {"config.yml (sparse word + character n-grams)": current, "+ e5 sentence features": with_e5}


def train(pipeline: list[dict[str, Any]], out: Path) -> tuple[Path, float]:
    from rasa.model_training import train_nlu

    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    path = out / "config.yml"
    path.write_text(yaml.safe_dump({**config, "pipeline": pipeline}, allow_unicode=True), encoding="utf-8")
    started = time.monotonic()
    model = train_nlu(str(path), str(ROOT / "bot" / "data" / "nlu"), str(out), domain=str(ROOT / "bot" / "domain"))
    if model is None:
        raise RuntimeError("rasa train nlu produced no model")
    return Path(model), time.monotonic() - started


def rankings(model: Path, texts: list[str]) -> tuple[list[list[tuple[str, float]]], float]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))

    async def parse_all() -> list[list[tuple[str, float]]]:
        parsed = []
        for text in texts:
            result = await agent.parse_message(text)
            parsed.append([(r["name"], float(r["confidence"])) for r in result.get("intent_ranking") or []])
        return parsed

    started = time.monotonic()
    parsed = asyncio.run(parse_all())
    return parsed, (time.monotonic() - started) / max(1, len(texts)) * 1000


def routed_by_nlu(ranking: list[tuple[str, float]], threshold: float, ambiguity: float) -> str:
    """The route of the top intent, or the search when the FallbackClassifier would fire."""
    if not ranking:
        return "search"
    (top, confidence), second = ranking[0], (ranking[1][1] if len(ranking) > 1 else 0.0)
    return "search" if confidence < threshold or confidence - second < ambiguity else route_of(top)


def accuracy(
    items: list[dict[str, Any]], parsed: list[list[tuple[str, float]]], threshold: float, ambiguity: float
) -> float:
    right = sum(
        route_is_right(item["route"], routed_by_nlu(r, threshold, ambiguity))
        for item, r in zip(items, parsed, strict=True)
    )
    return right / len(items)


def main() -> None:
    items = [item for name in DEV_SETS for item in load(name)]
    texts = [item["text"] for item in items]
    header = (
        "| pipeline | train s | parse ms | "
        + " | ".join(f"t {t} / a {a}" for t in THRESHOLDS for a in AMBIGUITIES)
        + " |"
    )
    rows = [header, "|" + "---|" * (3 + len(THRESHOLDS) * len(AMBIGUITIES))]
    for name, pipeline in pipelines().items():
        with tempfile.TemporaryDirectory() as out:
            model, seconds = train(pipeline, Path(out))
            parsed, parse_ms = rankings(model, texts)
        cells = [f"{accuracy(items, parsed, t, a):.3f}" for t in THRESHOLDS for a in AMBIGUITIES]
        rows.append(f"| {name} | {seconds:.0f} | {parse_ms:.1f} | " + " | ".join(cells) + " |")
    print(f"## Intent routing by the NLU alone: pipelines and fallback thresholds ({len(items)} dev first messages)\n")
    print(
        "Each pipeline trained NLU-only on bot/data/nlu (no FallbackClassifier); t = the FallbackClassifier's "
        "threshold, a = its ambiguity threshold, applied to the same rankings. A message counts when the "
        "NLU's intent is its route, or it goes to the search and is a question (bench/nlu_routing.py). "
        f"config.yml uses t {current_threshold()[0]} / a {current_threshold()[1]}.\n"
    )
    print("\n".join(rows))


def current_threshold() -> tuple[float, float]:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    fallback = next(c for c in config["pipeline"] if c["name"] == "FallbackClassifier")
    return float(fallback["threshold"]), float(fallback["ambiguity_threshold"])


if __name__ == "__main__":
    main()
