"""The dense sentence featurizer the NLU benchmark compares (bot/nlu/e5_featurizer.py): one e5 vector per text."""

from __future__ import annotations

import numpy as np
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.e5_featurizer import E5SentenceFeaturizer


def featurizer() -> E5SentenceFeaturizer:
    return E5SentenceFeaturizer("e5", {**E5SentenceFeaturizer.get_default_config(), "alias": None})


def test_every_text_gets_one_normalised_sentence_vector_and_no_sequence():
    messages = [Message(data={TEXT: "we verhuizen in maart"}), Message(data={TEXT: "mijn ruit is gebarsten"})]
    featurizer().process(messages)
    for message in messages:
        sequence, sentence = message.get_dense_features(TEXT)
        assert sequence is None
        assert sentence.features.shape == (1, 384)
        assert np.isclose(np.linalg.norm(sentence.features), 1.0, atol=1e-3)


def test_training_examples_are_featurised_the_same_as_messages():
    training = TrainingData([Message(data={TEXT: "adres wijzigen", "intent": "request_address_change"})])
    parsed = Message(data={TEXT: "adres wijzigen"})
    e5 = featurizer()
    e5.process_training_data(training)
    e5.process([parsed])
    trained_vector = training.training_examples[0].get_dense_features(TEXT)[1].features
    assert np.allclose(trained_vector, parsed.get_dense_features(TEXT)[1].features, atol=1e-5)
