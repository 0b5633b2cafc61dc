"""Shared fixtures: paths to the corpus and the shared material, and one ingested corpus store."""

from __future__ import annotations

from pathlib import Path

import fake_embedder
import pytest

fake_embedder.register()  # load_embedder("hashing") in unit tests: no model needed

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
EXTERNAL = SHARED / "external"
GOLD = SHARED / "eval" / "gold"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def external_dir() -> Path:
    if not EXTERNAL.is_dir():
        pytest.skip("../shared/external is not beside the checkout")
    return EXTERNAL


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    if not GOLD.is_dir():
        pytest.skip("../shared/eval/gold is not beside the checkout")
    return GOLD


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five corpus documents ingested once into an on-disk store (no search index)."""
    from api.ingesting import ingest_paths
    from graph.store import open_store

    db = tmp_path_factory.mktemp("corpus-db")
    with open_store(f"oxigraph:{db}") as store:
        summary = ingest_paths([CORPUS], store, search_dir=None, log=lambda _: None)
    assert not summary.failed, summary.failed
    return db


# The `virtuoso_server` and `virtuoso_url` fixtures: a private Virtuoso for tests marked `virtuoso`.
pytest_plugins = ["virtuoso_server"]
