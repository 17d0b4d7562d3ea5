"""How the language bench reads where a first message went (bench/language.py `routed`): what the customer got,
not which action ran first."""

from bench.language import route_is_right, routed


def tracker(actions: list[str], outcome: str | None = None, buttons: list[str] | None = None) -> dict:
    events = [{"event": "action", "name": name} for name in actions]
    if buttons:
        events.append({"event": "bot", "data": {"buttons": [{"payload": p} for p in buttons]}})
    return {"slots": {"outcome": outcome}, "events": events, "latest_message": {"intent": {"name": "report_damage"}}}


def test_a_damage_start_that_answered_from_the_documents_is_a_search() -> None:
    answered = tracker(["action_start_damage", "action_listen"], "faq:answered")
    assert routed(answered) == "search" and route_is_right("document_question", "search")
    offered = tracker(["action_start_damage"], "faq:answered", ["/report_damage", "/deny"])
    assert routed(offered) == "search+damage"


def test_a_damage_start_that_opened_the_file_is_damage() -> None:
    assert routed(tracker(["action_start_damage", "damage_form"])) == "damage"
    assert routed(tracker(["action_start_damage"])) == "damage"


def test_a_breakdown_action_that_searched_instead_is_a_search() -> None:
    assert routed(tracker(["action_breakdown"], "faq:declined")) == "search"
    assert routed(tracker(["action_breakdown"])) == "breakdown"


def test_a_damage_start_that_handed_over_is_a_human() -> None:
    """ "Is er een live agent beschikbaar?" taken for damage: the start action handed over, no file was opened."""
    assert routed(tracker(["action_start_damage", "action_handoff"])) == "human"
