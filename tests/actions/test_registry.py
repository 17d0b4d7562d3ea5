"""The action server serves exactly the custom actions the domain declares."""

from __future__ import annotations

from pathlib import Path

import yaml
from rasa_sdk.executor import ActionExecutor

ROOT = Path(__file__).resolve().parents[2]


def test_every_domain_action_is_served_and_nothing_else():
    declared = set()
    for path in (ROOT / "bot" / "domain").glob("*.yml"):
        declared |= set((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("actions") or [])
    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(executor.actions) == declared
