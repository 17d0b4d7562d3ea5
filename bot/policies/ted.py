"""TED that leaves a running form to the RulePolicy.

While a form runs and has not rejected the customer's answer, Rasa's RulePolicy predicts the form after a
message and `action_listen` after the form, as a "no user" prediction that overrules every other policy
(`rasa.core.policies.ensemble`, `RulePolicy._find_action_from_loop_happy_path`). TED's prediction in those
states is computed and thrown away; it costs about 30 ms of CPU each, twice per form turn on the happy path.
This policy abstains there and predicts as TED everywhere else (a rejected answer, no form, a form just ended):
what TED decides is unchanged.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import PolicyPrediction
from rasa.core.policies.ted_policy import TEDPolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker


def rules_decide(tracker: DialogueStateTracker) -> bool:
    """The states in which the RulePolicy predicts the form or `action_listen` and overrules every policy."""
    return tracker.active_loop_name is not None and not tracker.is_active_loop_rejected and bool(tracker.latest_action)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITH_END_TO_END_SUPPORT, is_trainable=True)
class TEDOutsideForms(TEDPolicy):
    """TEDPolicy, abstaining (all confidences 0) while a form runs on its happy path."""

    def predict_action_probabilities(
        self, tracker: DialogueStateTracker, domain: Domain, *args: Any, **kwargs: Any
    ) -> PolicyPrediction:
        if rules_decide(tracker):
            return self._prediction(self._default_predictions(domain))
        return super().predict_action_probabilities(tracker, domain, *args, **kwargs)
