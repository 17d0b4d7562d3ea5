"""TED abstains exactly where Rasa's RulePolicy overrules it (a form on its happy path), and predicts elsewhere."""

from __future__ import annotations

import pytest
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.policies.ted_policy import TEDPolicy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActionExecutionRejected, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.policies.ted import TEDOutsideForms, rules_decide

FORM = "mileage_form"
DOMAIN = Domain.from_dict(
    {
        "intents": ["report_mileage", "faq"],
        "actions": ["action_answer_faq"],
        "slots": {"odometer_km": {"type": "any", "mappings": [{"type": "custom"}]}},
        "forms": {FORM: {"required_slots": ["odometer_km"]}},
    }
)


def user(text: str, intent: str = "report_mileage") -> list:
    return [ActionExecuted("action_listen"), UserUttered(text, {"name": intent, "confidence": 0.9})]


OPENED = [
    *user("ik wil mijn stand doorgeven"),
    ActionExecuted(FORM),
    ActiveLoop(FORM),
    SlotSet("requested_slot", "odometer_km"),
]
STATES = {
    "answer typed in a running form": ([*OPENED, *user("56.240 km")], True),
    "the form asked its question": (OPENED, True),
    "the form refused the answer": ([*OPENED, *user("wat kost dat?", "faq"), ActionExecutionRejected(FORM)], False),
    "no form": (user("wat kost een vervangwagen?", "faq"), False),
    "the form ended": ([*OPENED, *user("56.240"), ActionExecuted(FORM), ActiveLoop(None)], False),
}


def tracker_of(events: list) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("customer", events, slots=DOMAIN.slots)


@pytest.mark.parametrize(("events", "decided"), STATES.values(), ids=STATES.keys())
def test_abstains_exactly_where_the_rule_policy_predicts_the_form_or_listen(events, decided):
    tracker = tracker_of(events)
    assert rules_decide(tracker) is decided
    assert (RulePolicy._find_action_from_loop_happy_path(tracker)[0] is not None) is decided


@pytest.mark.parametrize(("events", "decided"), STATES.values(), ids=STATES.keys())
def test_predicts_as_ted_outside_a_running_form(tmp_path, monkeypatch, events, decided):
    ted_said = PolicyPrediction([0.0, 1.0], "TEDPolicy")
    monkeypatch.setattr(TEDPolicy, "predict_action_probabilities", lambda *args, **kwargs: ted_said)
    policy = TEDOutsideForms.create(
        {**TEDOutsideForms.get_default_config(), "constrain_similarities": True, "epochs": 1},
        LocalModelStorage(tmp_path),
        Resource("ted"),
        ExecutionContext(GraphSchema({}), "test"),
    )
    prediction = policy.predict_action_probabilities(tracker_of(events), DOMAIN)
    if decided:
        assert prediction.max_confidence == 0.0 and len(prediction.probabilities) == DOMAIN.num_actions
    else:
        assert prediction is ted_said
