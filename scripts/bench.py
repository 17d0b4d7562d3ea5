"""`make bench`: measure the system on this machine and write docs/benchmarks.md.

One run, one machine, side by side: retrieval quality and latency (fusion vs BM25-only vs
dense-only), Rasa training time, bot end-to-end latency under concurrent customers, API throughput
under sustained loopback load, and the resident memory of every service. Load only ever goes to
127.0.0.1, with bounded request counts and durations.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import ROOT, Stack  # noqa: E402

APP_PY = str(ROOT / ".venv/app/bin/python")
BOT_RASA = str(ROOT / ".venv/bot/bin/rasa")


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    mem_kb = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
    system = f"{platform.system()} {platform.release()}"
    return f"{platform.node()}: {cpu}, {os.cpu_count()} cores, {mem_kb / 1024 / 1024:.0f} GiB RAM, {system}"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def latency_row(name: str, seconds: list[float], errors: int) -> str:
    ms = [s * 1000 for s in seconds]
    p50, p95, p99 = statistics.median(ms), percentile(ms, 95), percentile(ms, 99)
    return f"| {name} | {len(ms)} | {p50:.0f} | {p95:.0f} | {p99:.0f} | {errors} |"


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (Rasa and TensorFlow fork helpers)."""
    pids, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        children = Path(f"/proc/{parent}/task/{parent}/children")
        if children.exists():
            kids = [int(p) for p in children.read_text().split()]
            pids.update(kids)
            frontier.extend(kids)
    total_kb = 0
    for p in pids:
        status = Path(f"/proc/{p}/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
    return total_kb / 1024


def retrieval_section() -> str:
    result = subprocess.run(
        [APP_PY, "-m", "knowledge", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    return result.stdout.strip()


def nlu_section() -> str:
    """Intent accuracy on the held-out NLU file (never used in training: typos, Flemish wording)."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [
                BOT_RASA,
                "test",
                "nlu",
                "--model",
                "bot/models/current.tar.gz",
                "--nlu",
                "tests/nlu/heldout.yml",
                "--domain",
                "bot/domain",
                "--out",
                out,
                "--quiet",
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        report = json.loads((Path(out) / "intent_report.json").read_text(encoding="utf-8"))
    examples = int(report["weighted avg"]["support"])
    return (
        f"## Intent classification (held-out Dutch NLU file, {examples} examples)\n\n"
        f"Accuracy {report['accuracy']:.3f}, weighted F1 {report['weighted avg']['f1-score']:.3f}, "
        f"macro F1 {report['macro avg']['f1-score']:.3f} (`tests/nlu/heldout.yml`, `bot/models/current.tar.gz`).\n"
    )


def training_section() -> str:
    with tempfile.TemporaryDirectory() as out:
        started = time.monotonic()
        subprocess.run(
            [
                BOT_RASA,
                "train",
                "--config",
                "config.yml",
                "--domain",
                "bot/domain",
                "--data",
                "bot/data",
                "--out",
                out,
                "--force",
                "--quiet",
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        seconds = time.monotonic() - started
    return f"## Rasa training\n\nFull training (`rasa train --force`): {seconds:.0f} s.\n"


async def bot_turns(stack: Stack, customers: int) -> str:
    """Concurrent simulated customers over the REST channel: FAQ turns and form turns timed apart."""
    token = (
        subprocess.run(
            [APP_PY, "-m", "api", "token", "C1001"], cwd=ROOT, env=stack.env, capture_output=True, text=True, check=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    faq_questions = [
        "Wat is risicobehoud?",
        "Mag ik met de leaseauto naar het buitenland?",
        "Wie betaalt een verkeersboete?",
        "Hoe werken de kilometerbundels?",
    ]
    timings: dict[str, list[float]] = {"FAQ turn": [], "form turn": []}
    errors = {"FAQ turn": 0, "form turn": 0}

    async def turn(client: httpx.AsyncClient, kind: str, sender: str, text: str) -> None:
        started = time.monotonic()
        try:
            response = await client.post(
                "/webhooks/rest/webhook",
                json={"sender": sender, "message": text, "metadata": {"customer_token": token}},
            )
            if response.status_code != 200 or not response.json():
                errors[kind] += 1
        except httpx.HTTPError:
            errors[kind] += 1
        timings[kind].append(time.monotonic() - started)

    async def customer(client: httpx.AsyncClient, number: int) -> None:
        sender = f"bench-{number}-{uuid.uuid4().hex[:6]}"
        for question in faq_questions:
            await turn(client, "FAQ turn", sender, question)
        await turn(client, "form turn", sender, "ik wil mijn adres wijzigen")
        await turn(client, "form turn", sender, "stop")

    async with httpx.AsyncClient(base_url=stack.rasa_url, timeout=60) as client:
        await customer(client, -1)  # warm-up: first turns load lazily initialised parts
        for kind in timings:
            timings[kind].clear()
            errors[kind] = 0
        await asyncio.gather(*(customer(client, n) for n in range(customers)))
    rows = [latency_row(kind, timings[kind], errors[kind]) for kind in timings]
    return (
        f"## Bot end to end ({customers} concurrent customers, REST channel)\n\n"
        "| turn | n | p50 ms | p95 ms | p99 ms | errors |\n|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n"
    )


async def api_load(stack: Stack, seconds: float, concurrency: int) -> str:
    """Sustained read and write load on loopback, bounded in time."""
    token = (
        subprocess.run(
            [APP_PY, "-m", "api", "token", "C1002"], cwd=ROOT, env=stack.env, capture_output=True, text=True, check=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    headers = {"Authorization": f"Bearer {token}"}

    async def run(kind: str) -> str:
        latencies: list[float] = []
        errors = 0
        deadline = time.monotonic() + seconds

        async def worker(client: httpx.AsyncClient) -> None:
            nonlocal errors
            while time.monotonic() < deadline:
                started = time.monotonic()
                if kind == "read GET /me":
                    response = await client.get("/me", headers=headers)
                else:
                    response = await client.post(
                        "/me/requests",
                        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
                        json={"type": "bonus_malus_certificate", "contract_number": "ZL-200001", "payload": {}},
                    )
                latencies.append(time.monotonic() - started)
                errors += response.status_code >= 400

        limits = httpx.Limits(max_connections=concurrency)
        async with httpx.AsyncClient(base_url=stack.api_url, timeout=30, limits=limits) as client:
            await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        ms = [x * 1000 for x in latencies]
        return (
            f"| {kind} | {len(ms) / seconds:.0f} | {statistics.median(ms):.1f} | {percentile(ms, 99):.1f} | {errors} |"
        )

    rows = [await run("read GET /me"), await run("write POST /me/requests")]
    database = stack.env["DATABASE_URL"].split(":", 1)[0]
    return (
        f"## Contract API under load ({database}, {concurrency} connections, {seconds:.0f} s each, "
        "load generator: Python httpx on the same 2 cores)\n\n"
        "| load | req/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|\n" + "\n".join(rows) + "\n"
    )


def memory_section(stack: Stack) -> str:
    rows, total = [], 0.0
    for name, process in stack.processes.items():
        mb = tree_rss_mb(process.pid)
        total += mb
        rows.append(f"| {name} | {mb:.0f} |")
    return (
        "## Resident memory (stack idle after the load above)\n\n| service | RSS MB |\n|---|---|\n"
        + "\n".join(rows)
        + f"\n| **total** | **{total:.0f}** |\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "docs/benchmarks.md"))
    parser.add_argument("--customers", type=int, default=20)
    parser.add_argument("--load-seconds", type=float, default=15)
    parser.add_argument("--skip-training", action="store_true")
    args = parser.parse_args()

    sections = [retrieval_section(), nlu_section()]
    if not args.skip_training:
        sections.append(training_section())
    postgres = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    with tempfile.TemporaryDirectory() as workdir:
        with Stack(Path(workdir) / "sqlite") as stack:
            sections.append(asyncio.run(bot_turns(stack, args.customers)))
            sections.append(asyncio.run(api_load(stack, args.load_seconds, concurrency=16)))
            sections.append(memory_section(stack))
        try:
            with Stack(Path(workdir) / "postgres", overrides={"DATABASE_URL": postgres}) as stack:
                sections.append(asyncio.run(api_load(stack, args.load_seconds, concurrency=16)))
        except Exception as error:  # PostgreSQL is optional on a developer machine
            sections.append(f"## Contract API under load (PostgreSQL)\n\nNot measured: {error}\n")

    header = (
        f"# Benchmarks\n\nWritten by `make bench` on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC.\n\n"
        f"Machine: {machine()}.\n"
    )
    Path(args.out).write_text("\n".join([header, *sections]) + "\n", encoding="utf-8")
    print(Path(args.out).read_text())


if __name__ == "__main__":
    main()
