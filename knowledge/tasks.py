"""The task a passage points to: curated as data (`knowledge/tasks.yml`), read once when the searcher loads.

A customer who asks "ik ben verhuisd, hoe geef ik mijn nieuw adres door?" is told by the FAQ to fill in a
form in the customer zone; the bot can do that form right here. Which section leads to which task is
a business fact no model knows, so it is written down and reviewed like the question variants.
"""

from __future__ import annotations

from pathlib import Path

import yaml

TASKS_FILE = Path(__file__).resolve().parent / "tasks.yml"


def load_tasks(path: Path = TASKS_FILE) -> dict[str, tuple[str, ...]]:
    """Section id (`<doc>:<section>`) → the bot's task intents it points to, most likely first."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(section): tuple(str(task) for task in tasks) for section, tasks in (data.get("sections") or {}).items()}
