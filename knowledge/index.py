"""Build and load the on-disk index: passages, two BM25 indexes (stemmed words with compound parts,
character 5-grams), two dense matrices (passages, and titles / FAQ questions), the query adapter
learned from them (`knowledge/adapter.py`), and the curated question variants (`knowledge/variants.py`)
as a BM25 index and a dense matrix of their own.

An index lives in `<KNOWLEDGE_INDEX_DIR>/<key>/`, where the key hashes the corpus files, the variants,
the parser, analysis and adapter versions and the encoder's model id. `build` is a no-op when that directory exists, so
`make setup` stays incremental; `load` never builds anything and raises `IndexMissingError`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from knowledge.adapter import ADAPTER_VERSION, adapt, train_adapter
from knowledge.analysis import Analyzer, vocabulary_of
from knowledge.encoders import Encoder, encoder_id, load_encoder
from knowledge.ingest import CORPUS_DIR, PARSER_VERSION, Passage, load_passages
from knowledge.settings import get_settings
from knowledge.variants import Variant, load_out_of_scope, load_variants, owners, variants_hash

ANALYSIS_VERSION = "4"
MANIFEST = "manifest.json"


class IndexMissingError(RuntimeError):
    """The index for the current corpus and encoder has not been built (`python -m knowledge build`)."""


def corpus_hash(corpus_dir: Path = CORPUS_DIR) -> str:
    digest = hashlib.sha256()
    for path in sorted(corpus_dir.glob("*.txt")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def index_key(model_id: str, corpus_dir: Path = CORPUS_DIR) -> str:
    parts = [corpus_hash(corpus_dir), variants_hash(), PARSER_VERSION, ANALYSIS_VERSION, ADAPTER_VERSION, model_id]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def index_path(encoder_spec: str | None = None, index_dir: Path | None = None) -> Path:
    settings = get_settings()
    spec = encoder_spec or settings.encoder
    root = index_dir or settings.resolved_index_dir
    return root / index_key(encoder_id(spec))


def lexical_text(passage: Passage) -> str:
    """What BM25 sees: the title twice (it names the topic), the chapter, the document, the text."""
    return "\n".join([passage.title, passage.title, passage.context, passage.doc_title, passage.text])


def dense_text(passage: Passage) -> str:
    heading = passage.title if not passage.context else f"{passage.title} ({passage.context})"
    return f"{heading}\n{passage.text}"


class EmbeddingCache:
    """Vectors by (role, text) hash for one model, so a parser tweak only re-encodes changed passages."""

    def __init__(self, path: Path):
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as stored:
                self.vectors = {key: stored[key] for key in stored.files}
        self.dirty = False

    @staticmethod
    def key(role: str, text: str) -> str:
        return hashlib.sha256(f"{role}\0{text}".encode()).hexdigest()[:24]

    def encode(self, encoder: Encoder, role: str, texts: list[str]) -> np.ndarray:
        keys = [self.key(role, t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in self.vectors}.items())
        if missing:
            encode = encoder.passages if role == "passage" else encoder.queries
            vectors = encode([t for _, t in missing])
            self.vectors.update({k: v for (k, _), v in zip(missing, vectors, strict=True)})
            self.dirty = True
        return np.stack([self.vectors[k] for k in keys]).astype(np.float32)

    def save(self) -> None:
        if self.dirty:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "wb") as handle:  # np.savez would append ".npz" to a temp name
                np.savez(handle, **self.vectors)  # type: ignore[arg-type]


@dataclass
class BuildReport:
    path: Path
    built: bool
    seconds: float
    passages: int


def build(
    encoder_spec: str | None = None,
    index_dir: Path | None = None,
    force: bool = False,
    encoder: Encoder | None = None,
    cache_dir: Path | None = None,
) -> BuildReport:
    """Build the index unless one with the same key exists. Writes atomically (temp dir + rename).

    Embeddings are reused from `cache_dir` (default: `<index root>/embedding-cache`)."""
    settings = get_settings()
    spec = encoder_spec or settings.encoder
    target = (
        index_path(spec, index_dir)
        if encoder is None
        else (index_dir or settings.resolved_index_dir) / index_key(encoder.model_id)
    )
    if (target / MANIFEST).exists() and not force:
        manifest = json.loads((target / MANIFEST).read_text())
        return BuildReport(target, False, 0.0, manifest["passages"])

    started = time.perf_counter()
    passages = load_passages()
    vocabulary = sorted(vocabulary_of(f"{p.title} {p.context} {p.doc_title} {p.text}" for p in passages))
    analyzer = Analyzer(vocabulary)
    encoder = encoder or load_encoder(spec, settings.threads)

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    try:
        texts = [lexical_text(p) for p in passages]
        for name, tokenize in (("bm25_text", analyzer.terms), ("bm25_ngram", analyzer.char_ngrams)):
            retriever = bm25s.BM25()
            retriever.index([tokenize(t) for t in texts], show_progress=False)
            retriever.save(str(staging / name))
        cache = EmbeddingCache((cache_dir or target.parent / "embedding-cache") / f"{encoder.model_id}.npz")
        passage_vectors = cache.encode(encoder, "passage", [dense_text(p) for p in passages])
        title_vectors = cache.encode(encoder, "query", [p.title for p in passages])
        cache.save()
        np.save(staging / "dense_text.npy", passage_vectors)
        np.save(staging / "dense_title.npy", title_vectors)
        sections = np.array([f"{p.doc}\0{p.section}" for p in passages])
        adapter = train_adapter(title_vectors, passage_vectors, sections[:, None] == sections[None, :])
        np.save(staging / "adapter.npy", adapter)
        np.save(staging / "dense_title_adapted.npy", adapt(title_vectors, adapter))
        variants, _ = owners(load_variants(), passages)
        if variants:
            retriever = bm25s.BM25()
            retriever.index([analyzer.terms(v.text) for v in variants], show_progress=False)
            retriever.save(str(staging / "bm25_variant"))
        # Encoded as queries: a customer's question is compared with customers' questions.
        variant_vectors = cache.encode(encoder, "query", [v.text for v in variants]) if variants else None
        out_of_scope = load_out_of_scope()
        out_of_scope_vectors = (
            cache.encode(encoder, "query", out_of_scope)
            if out_of_scope
            else np.zeros((0, passage_vectors.shape[1]), np.float32)
        )
        cache.save()
        np.save(staging / "dense_variant.npy", variant_vectors if variant_vectors is not None else np.zeros((0, 0)))
        np.save(staging / "dense_out_of_scope.npy", out_of_scope_vectors)
        (staging / "variants.json").write_text(
            json.dumps([[v.section, v.text, v.writer] for v in variants], ensure_ascii=False), encoding="utf-8"
        )
        (staging / "passages.json").write_text(
            json.dumps([p.to_dict() for p in passages], ensure_ascii=False), encoding="utf-8"
        )
        (staging / "vocabulary.json").write_text(json.dumps(vocabulary, ensure_ascii=False), encoding="utf-8")
        seconds = time.perf_counter() - started
        manifest = {
            "key": target.name,
            "model_id": encoder.model_id,
            "parser_version": PARSER_VERSION,
            "analysis_version": ANALYSIS_VERSION,
            "adapter_version": ADAPTER_VERSION,
            "corpus_hash": corpus_hash(),
            "passages": len(passages),
            "variants": len(variants),
            "out_of_scope_questions": len(out_of_scope),
            "build_seconds": round(seconds, 1),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2))
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
        remove_stale(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return BuildReport(target, True, seconds, len(passages))


def remove_stale(current: Path) -> None:
    """Delete older indexes of the same encoder next to `current` (other encoders' stay)."""
    model_id = json.loads((current / MANIFEST).read_text())["model_id"]
    for sibling in current.parent.iterdir():
        manifest = sibling / MANIFEST
        if sibling != current and manifest.exists() and json.loads(manifest.read_text())["model_id"] == model_id:
            shutil.rmtree(sibling, ignore_errors=True)


@dataclass
class LoadedIndex:
    passages: list[Passage]
    analyzer: Analyzer
    vocabulary: frozenset[str]
    bm25_text: bm25s.BM25
    bm25_ngram: bm25s.BM25
    dense_text: np.ndarray
    dense_title: np.ndarray
    adapter: np.ndarray
    dense_title_adapted: np.ndarray  # title / FAQ-question vectors moved by the adapter, like queries
    variants: list[Variant]
    bm25_variant: bm25s.BM25 | None  # None without variants
    dense_variant: np.ndarray  # one query-role vector per variant
    dense_out_of_scope: np.ndarray  # one query-role vector per curated out-of-scope question
    manifest: dict


def load(path: Path) -> LoadedIndex:
    if not (path / MANIFEST).exists():
        raise IndexMissingError(f"Geen kennisindex gevonden in {path}. Bouw hem met: python -m knowledge build")
    vocabulary = json.loads((path / "vocabulary.json").read_text(encoding="utf-8"))
    passages = [Passage.from_dict(d) for d in json.loads((path / "passages.json").read_text(encoding="utf-8"))]
    variants = [Variant(*row) for row in json.loads((path / "variants.json").read_text(encoding="utf-8"))]
    return LoadedIndex(
        passages=passages,
        analyzer=Analyzer(vocabulary),
        vocabulary=frozenset(vocabulary),
        bm25_text=bm25s.BM25.load(str(path / "bm25_text")),
        bm25_ngram=bm25s.BM25.load(str(path / "bm25_ngram")),
        dense_text=np.load(path / "dense_text.npy"),
        dense_title=np.load(path / "dense_title.npy"),
        adapter=np.load(path / "adapter.npy"),
        dense_title_adapted=np.load(path / "dense_title_adapted.npy"),
        variants=variants,
        bm25_variant=bm25s.BM25.load(str(path / "bm25_variant")) if variants else None,
        dense_variant=np.load(path / "dense_variant.npy"),
        dense_out_of_scope=np.load(path / "dense_out_of_scope.npy"),
        manifest=json.loads((path / MANIFEST).read_text()),
    )
