"""A deterministic fake embedder for tests: registered as "hashing" / "hashing:DIM" by tests/conftest.py."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from sentence_transformers import SentenceTransformer
from sentence_transformers.base.modules.input_module import InputModule

from graph.embedder import Embedder, register_embedder


class HashingNgramModule(InputModule):
    """A deterministic fake embedder: character 1-3-grams hashed into ``dim`` buckets.

    Texts sharing characters and short phrases get similar vectors, which is enough to test
    ranking, fusion and caching without a model. Queries and documents embed alike.
    """

    config_keys = ["dim"]
    config_file_name = "hashing_config.json"

    def __init__(self, dim: int = 1024) -> None:
        super().__init__()
        self.dim = dim
        self.calls = 0  # texts embedded so far: lets tests check the embedding cache

    def preprocess(self, inputs: Sequence[Any], prompt: str | None = None, **kwargs) -> dict[str, Any]:
        return {"texts": [str(text) for text in inputs]}

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        compact = "".join(text.lower().split())
        for n in (1, 2, 3):
            for i in range(len(compact) - n + 1):
                digest = hashlib.blake2b(compact[i : i + n].encode(), digest_size=4).digest()
                vector[int.from_bytes(digest, "little") % self.dim] += n
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def forward(self, features: dict[str, Any], **kwargs) -> dict[str, Any]:
        texts = features["texts"]
        self.calls += len(texts)
        stacked = np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)
        features["sentence_embedding"] = torch.from_numpy(stacked)
        return features

    def get_sentence_embedding_dimension(self) -> int:
        return self.dim

    def get_embedding_dimension(self) -> int:
        return self.dim

    def save(self, output_path: str, *args, **kwargs) -> None:
        self.save_config(output_path)


def hashing_embedder(option: str, num_threads: int | None = None) -> Embedder:
    name = "hashing" + (f":{option}" if option else "")
    module = HashingNgramModule(dim=int(option) if option else 1024)
    return Embedder(name, SentenceTransformer(modules=[module], device="cpu"), torch_threads=1)


def register() -> None:
    register_embedder("hashing", hashing_embedder)
