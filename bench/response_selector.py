"""A vanilla Rasa ResponseSelector over the FAQ question/answer pairs: the retrieval baseline.

Runs in the bot env (Rasa 3.6), called by `bench/retrieval.py`:

    .venv/bot/bin/python bench/response_selector.py --faq FAQ.json --questions Q.jsonl --workdir DIR

FAQ.json is a list of `{"key", "question", "answer"}`. Every FAQ becomes one retrieval intent
`faq/<key>` with its question as the only training example and its answer as the response: the
training data is generated here, into `--workdir`, never committed. The model is trained with the
`rasa train nlu` CLI (timed, as a user would run it), then loaded once and every question parsed;
the selector's own ranking (`response_selector.faq.ranking`) is printed as JSON on stdout with the
training time and the per-parse latencies.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

# The standard Rasa NLU pipeline for a retrieval intent, with its documented defaults except the
# epochs (Rasa's 300 would take minutes on a shared two-core machine for no measurable gain here).
PIPELINE = """\
language: nl
assistant_id: bench-response-selector
pipeline:
- name: WhitespaceTokenizer
- name: CountVectorsFeaturizer
  analyzer: word
- name: CountVectorsFeaturizer
  analyzer: char_wb
  min_ngram: 1
  max_ngram: 4
- name: DIETClassifier
  epochs: {epochs}
  entity_recognition: false
  random_seed: 42
- name: ResponseSelector
  retrieval_intent: faq
  epochs: {epochs}
  random_seed: 42
policies: []
"""


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def write_training_data(faqs: list[dict], workdir: Path, epochs: int) -> None:
    nlu = ['version: "3.1"', "nlu:"]
    # DIET needs a second intent to train at all; a handful of greetings is the smallest honest one.
    nlu += ["- intent: greet", "  examples: |", "    - hallo", "    - goedemorgen", "    - dag", "    - hoi"]
    responses = ['version: "3.1"', "intents:", "- greet", "- faq", "responses:"]
    for faq in faqs:
        nlu += [f"- intent: faq/{faq['key']}", "  examples: |", f"    - {yaml_quote(faq['question'])}"]
        responses += [f"  utter_faq/{faq['key']}:", f"  - text: {yaml_quote(faq['answer'])}"]
    (workdir / "nlu.yml").write_text("\n".join(nlu) + "\n", encoding="utf-8")
    (workdir / "domain.yml").write_text("\n".join(responses) + "\n", encoding="utf-8")
    (workdir / "config.yml").write_text(PIPELINE.format(epochs=epochs), encoding="utf-8")


def train(workdir: Path) -> tuple[Path, float]:
    rasa = str(Path(sys.executable).with_name("rasa"))
    started = time.monotonic()
    completed = subprocess.run(
        [
            rasa,
            "train",
            "nlu",
            "--config",
            str(workdir / "config.yml"),
            "--nlu",
            str(workdir / "nlu.yml"),
            "--domain",
            str(workdir / "domain.yml"),
            "--out",
            str(workdir / "models"),
            "--fixed-model-name",
            "response-selector",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        cwd=workdir,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )
    if completed.returncode != 0:
        raise SystemExit(f"rasa train nlu failed:\n{(completed.stdout + completed.stderr)[-3000:]}")
    return workdir / "models" / "response-selector.tar.gz", time.monotonic() - started


def ranking_keys(parsed: dict) -> list[str]:
    """FAQ keys in the selector's order (`faq/<key>` → `<key>`)."""
    selector = parsed.get("response_selector", {}).get("faq", {})
    return [item["intent_response_key"].split("/", 1)[1] for item in selector.get("ranking", [])]


async def evaluate(model: Path, questions: list[str], rounds: int) -> tuple[list[list[str]], list[float]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    await agent.parse_message("opwarmen")
    rankings = [ranking_keys(await agent.parse_message(q)) for q in questions]
    latencies = []
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            await agent.parse_message(question)
            latencies.append((time.perf_counter() - started) * 1000)
    return rankings, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--faq", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3, help="latency rounds over the questions")
    args = parser.parse_args()

    faqs = json.loads(args.faq.read_text(encoding="utf-8"))
    questions = [json.loads(line)["q"] for line in args.questions.read_text(encoding="utf-8").splitlines() if line]
    write_training_data(faqs, args.workdir, args.epochs)
    model, seconds = train(args.workdir)
    rankings, latencies = asyncio.run(evaluate(model, questions, args.rounds))
    json.dump(
        {
            "train_seconds": seconds,
            "faqs": len(faqs),
            "epochs": args.epochs,
            "rankings": rankings,
            "latencies_ms": latencies,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
