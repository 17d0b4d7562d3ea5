"""A query-side linear adapter on the dense vectors, learned from the corpus itself at index time.

multilingual-e5 encodes a question ("query: …") and a passage ("passage: …") into spaces that only
roughly line up, and a question's wording ("Wat gebeurt er als …") weighs as much as its topic. The
corpus has its own question → passage pairs: every section title and FAQ question, encoded as a
query, belongs to its section's passages. A linear map `q ↦ q + qA`, trained on those pairs with a
contrastive loss over all passages and an L2 penalty that keeps it close to the identity, moves
queries toward the passages that answer them. No evaluation question is used for training; the
strength and temperature were chosen by leave-one-question-set-out cross-validation (README).
"""

from __future__ import annotations

import numpy as np

ADAPTER_VERSION = "1"  # part of the index key: a change here retrains the adapter


def train_adapter(
    queries: np.ndarray,
    passages: np.ndarray,
    positives: np.ndarray,
    strength: float = 0.1,
    temperature: float = 0.02,
    steps: int = 200,
    learning_rate: float = 1e-3,
) -> np.ndarray:
    """The matrix A minimising mean(−log p(positive passages | query)) + strength·‖A‖², by full-batch Adam.

    `positives[i, j]` says passage j answers query i; every query needs at least one."""
    q0 = queries.astype(np.float64)
    p = passages.astype(np.float64)
    adapter = np.zeros((q0.shape[1], q0.shape[1]))
    first, second = np.zeros_like(adapter), np.zeros_like(adapter)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, steps + 1):
        q = q0 + q0 @ adapter
        length = np.maximum(np.linalg.norm(q, axis=1, keepdims=True), 1e-12)
        unit = q / length
        logits = unit @ p.T / temperature
        logits -= logits.max(axis=1, keepdims=True)
        every = np.exp(logits)
        every /= every.sum(axis=1, keepdims=True)
        positive = np.where(positives, np.exp(logits), 0.0)
        positive /= positive.sum(axis=1, keepdims=True)
        d_logits = (every - positive) / len(q0)
        d_unit = d_logits @ p / temperature
        d_q = (d_unit - unit * (unit * d_unit).sum(axis=1, keepdims=True)) / length
        gradient = q0.T @ d_q + 2 * strength * adapter
        first = beta1 * first + (1 - beta1) * gradient
        second = beta2 * second + (1 - beta2) * gradient**2
        corrected = first / (1 - beta1**step), second / (1 - beta2**step)
        adapter -= learning_rate * corrected[0] / (np.sqrt(corrected[1]) + eps)
    return adapter.astype(np.float32)


def adapt(vectors: np.ndarray, adapter: np.ndarray) -> np.ndarray:
    """Vectors moved by the adapter and L2-normalised again (rows of a matrix, or one vector)."""
    moved = vectors + vectors @ adapter
    norms = np.linalg.norm(moved, axis=-1, keepdims=True)
    return (moved / np.where(norms == 0, 1, norms)).astype(np.float32)
