"""The words of Chinese subsidy rules (奖补条款), loaded once from ``data/incentive_lexicon.json``.

Kept apart from the parsing code so that extending the vocabulary (a new reward noun, a new
unit of a rate) is a data change. Loading is strict: an unknown or missing key is an error that
names the file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEXICON_FILE = Path(__file__).parent / "data" / "incentive_lexicon.json"

_LIST_KEYS = (
    "grant_words",
    "reward_nouns",
    "title_grant_words",
    "negative_words",
    "past_words",
    "budget_verbs",
    "disbursement_verbs",
    "change_to",
    "raise_words",
    "ratio_basis_heads",
    "interest_loan_heads",
    "per_units",
    "count_verbs",
    "beneficiary_heads",
    "leading_verbs",
    "project_heads",
    "cap_scope_words",
    "region_cues",
)
_DICT_KEYS = ("per_unit_basis",)


@dataclass(frozen=True)
class Lexicon:
    lists: dict[str, tuple[str, ...]]
    per_unit_basis: dict[str, str]

    def __getattr__(self, name: str) -> tuple[str, ...]:
        try:
            return self.lists[name]
        except KeyError:
            raise AttributeError(name) from None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The incentive lexicon (read once; raises ValueError naming the file when it is malformed)."""
    try:
        data = json.loads(LEXICON_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{LEXICON_FILE}: cannot read: {exc}") from exc
    keys = set(data) - {"_comment"}
    unknown, missing = keys - set(_LIST_KEYS) - set(_DICT_KEYS), set(_LIST_KEYS + _DICT_KEYS) - keys
    if unknown or missing:
        raise ValueError(f"{LEXICON_FILE}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
    lists: dict[str, tuple[str, ...]] = {}
    for key in _LIST_KEYS:
        value = data[key]
        if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
            raise ValueError(f"{LEXICON_FILE}: {key} must be a list of non-empty strings")
        lists[key] = tuple(sorted(value, key=len, reverse=True))  # longest first for alternations
    basis = data["per_unit_basis"]
    if not isinstance(basis, dict) or not all(isinstance(v, str) for v in basis.values()):
        raise ValueError(f"{LEXICON_FILE}: per_unit_basis must map units to strings")
    return Lexicon(lists, dict(basis))


@lru_cache(maxsize=64)
def alternation(key: str) -> str:
    """A regex alternation of one lexicon list, longest word first: ``(?:给予|予以|…)``."""
    return "(?:" + "|".join(re.escape(w) for w in getattr(lexicon(), key)) + ")"


def has_any(text: str, key: str) -> bool:
    """Whether ``text`` contains a word of the lexicon list ``key``.

    >>> has_any("处以罚款", "negative_words"), has_any("给予奖励", "negative_words")
    (True, False)
    """
    return any(w in text for w in getattr(lexicon(), key))


def ends_with_any(text: str, key: str) -> str | None:
    """The (longest) word of list ``key`` that ``text`` ends with, if any."""
    for w in getattr(lexicon(), key):
        if text.endswith(w):
            return w
    return None
