"""Fusing the dense and lexical rankings of clause search into one score.

Two ways, measured against each other on tests/test_graph/search_queries.jsonl (see
bench/bench_search.py): reciprocal rank fusion, which looks only at ranks, and a weighted sum
of scores normalised per query. Both take per-clause score arrays over the same candidates.
"""

from __future__ import annotations

import numpy as np

FUSIONS = ("rrf", "weighted")
RRF_K = 60  # the constant of Cormack et al. (2009): dampens the head of each ranking
DENSE_WEIGHT = 0.6  # share of the dense score in the weighted sum


def _ranks(scores: np.ndarray) -> np.ndarray:
    """1-based rank of each entry, best score first; entries scoring 0 or less get no rank (inf).

    >>> _ranks(np.array([0.2, 0.9, 0.0])).tolist()
    [2.0, 1.0, inf]
    """
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(len(scores), dtype=np.float64)
    ranks[order] = np.arange(1, len(scores) + 1)
    ranks[scores <= 0] = np.inf
    return ranks


def reciprocal_rank_fusion(
    dense: np.ndarray, lexical: np.ndarray, k: int = RRF_K, lexical_weight: float = 1.0
) -> np.ndarray:
    """Sum of 1 / (k + rank) over both rankings; a clause absent from one ranking adds 0 for it.

    ``lexical_weight`` scales the lexical term (the query's coverage by the BM25 vocabulary).

    >>> reciprocal_rank_fusion(np.array([0.9, 0.5]), np.array([0.0, 3.0]), k=0).tolist()
    [1.0, 1.5]
    >>> reciprocal_rank_fusion(np.array([0.9, 0.5]), np.array([0.0, 3.0]), k=0, lexical_weight=0.5).tolist()
    [1.0, 1.0]
    """
    return 1.0 / (k + _ranks(dense)) + lexical_weight / (k + _ranks(lexical))


def _min_max(scores: np.ndarray) -> np.ndarray:
    """Scores scaled to [0, 1] over the candidates; all-equal scores scale to 0.

    >>> _min_max(np.array([2.0, 4.0, 3.0])).tolist()
    [0.0, 1.0, 0.5]
    """
    if len(scores) == 0:
        return scores
    low, high = float(scores.min()), float(scores.max())
    return (scores - low) / (high - low) if high > low else np.zeros_like(scores)


def weighted_sum(
    dense: np.ndarray, lexical: np.ndarray, dense_weight: float = DENSE_WEIGHT, lexical_weight: float = 1.0
) -> np.ndarray:
    """``w * dense + (1 - w) * c * lexical`` after per-query scaling of each (``c``: ``lexical_weight``).

    Lexical scores are divided by their maximum (0 stays "no match"); when no candidate
    matches lexically, as with most English queries, the dense score decides alone.

    >>> weighted_sum(np.array([0.8, 0.6]), np.array([0.0, 2.0]), dense_weight=0.5).tolist()
    [0.5, 0.5]
    >>> weighted_sum(np.array([0.8, 0.6]), np.array([0.0, 0.0])).tolist()
    [1.0, 0.0]
    """
    dense_scaled = _min_max(dense)
    top = float(lexical.max()) if len(lexical) else 0.0
    if top <= 0:
        return dense_scaled
    return dense_weight * dense_scaled + (1 - dense_weight) * lexical_weight * (lexical / top)


def fuse(dense: np.ndarray, lexical: np.ndarray, method: str, lexical_weight: float = 1.0) -> np.ndarray:
    """Fused scores of the candidates by ``method`` ("rrf" or "weighted")."""
    if method == "rrf":
        return reciprocal_rank_fusion(dense, lexical, lexical_weight=lexical_weight)
    if method == "weighted":
        return weighted_sum(dense, lexical, lexical_weight=lexical_weight)
    raise ValueError(f"unknown fusion {method!r}; expected one of {FUSIONS}")
