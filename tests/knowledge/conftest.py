"""Shared fixtures: a fake encoder for fast, deterministic tests, and the real index for quality floors."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `pytest tests/knowledge` from the repo root without an installed package
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from knowledge.index import build, index_key, load  # noqa: E402
from knowledge.search import Searcher  # noqa: E402

HERE = Path(__file__).parent


class FakeEncoder:
    """Bag-of-words hashed into 256 dimensions: similar wording → similar vectors, no model needed."""

    model_id = "fake-bow-256"

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), 256), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w{4,}", text.lower()):
                vectors[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % 256] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)

    def queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)


@pytest.fixture(scope="session")
def fake_searcher(tmp_path_factory: pytest.TempPathFactory) -> Searcher:
    """The real corpus indexed with the fake encoder (seconds), for end-to-end tests of the plumbing."""
    encoder = FakeEncoder()
    index_dir = tmp_path_factory.mktemp("fake-index")
    build(index_dir=index_dir, encoder=encoder)
    return Searcher(load(index_dir / index_key(encoder.model_id)), encoder)
