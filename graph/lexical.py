"""Lexical side of clause search: jieba tokens, a BM25 index (bm25s) and match highlighting.

Chinese has no spaces, so both clauses and queries are cut with jieba's search mode, which
also emits the shorter words inside long ones (固定资产 -> 固定, 资产, 固定资产): a query
word then matches whichever granularity a clause uses. English words never match Chinese
clauses, so an English query word is expanded with the Chinese words policy documents use
for it (data/search_glossary_en_zh.tsv: subsidy -> 补贴 补助 奖励); words the glossary does
not know are left to the dense side.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

# Function words that carry no topic in policy prose (and their English counterparts in
# queries); ranking on them only rewards long clauses.
STOPWORDS = frozenset(
    "的 了 和 与 及 或 等 对 在 是 为 将 按 其 并 以 之 于 由 把 被 从 向 中 上 下 有 也 都 就 "
    "要 可 该 这 那 各 个 所 从而 以及 或者 并且 进行 开展 加强 推动 推进 相关 有关 关于 "
    "a an and are as at be by for from how in is it of on or per the to what which with "
    "does do can should about under".split()
)
_WORD = re.compile(r"[\w%.]+", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff]")

_ASCII_WORD = re.compile(r"[a-z][a-z0-9\-]*")
GLOSSARY = Path(__file__).with_name("data") / "search_glossary_en_zh.tsv"
_MAX_PHRASE = 4

_jieba = None


def _segmenter():
    """jieba, initialised once (loading its dictionary takes most of a second)."""
    global _jieba
    if _jieba is None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _jieba = jieba
    return _jieba


def tokenize(text: str) -> list[str]:
    """Search tokens of a text: jieba words and their sub-words, lower-cased, no stopwords.

    >>> tokenize("对绿色诊断服务商给予资金奖励")
    ['绿色', '诊断', '服务', '服务商', '给予', '资金', '奖励']
    >>> tokenize("Interest subsidy for green loans")
    ['interest', 'subsidy', 'green', 'loans']
    """
    tokens = []
    for word in _segmenter().lcut_for_search(text):
        word = word.strip().lower().strip(".")
        if word and word not in STOPWORDS and _WORD.fullmatch(word):
            tokens.append(word)
    return tokens


@dataclass
class QueryTerms:
    """A query for BM25: one unit per query word, each with the tokens that can stand for it.

    A Chinese word stands for itself; an English word also for its Chinese renderings.
    """

    units: list[list[str]]

    @property
    def tokens(self) -> list[str]:
        """All tokens, each once, in query order."""
        return list(dict.fromkeys(t for unit in self.units for t in unit))


@cache
def glossary(path: Path = GLOSSARY) -> dict[tuple[str, ...], tuple[str, ...]]:
    """English phrase (as tokens) -> Chinese search tokens, from the glossary file.

    Raises:
        ValueError: a line is not "phrase<TAB>words", with the file and line in the message.
    """
    entries: dict[tuple[str, ...], tuple[str, ...]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        english, sep, chinese = line.partition("\t")
        key = tuple(_singular(t) for t in tokenize(english))
        words = [t for word in chinese.split() for t in tokenize(word)]
        if not sep or not key or not words:
            raise ValueError(f"{path}:{number}: expected 'english phrase<TAB>中文 词语', got {line!r}")
        entries[key] = tuple(dict.fromkeys(entries.get(key, ()) + tuple(words)))
    return entries


def _singular(word: str) -> str:
    """Crude English singular for glossary lookup.

    >>> [_singular(w) for w in ("subsidies", "loans", "process", "kwh")]
    ['subsidy', 'loan', 'process', 'kwh']
    """
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def query_terms(query: str) -> QueryTerms:
    """The query's words, English ones expanded through the glossary (longest phrase first).

    >>> query_terms("储能补贴").units
    [['储能'], ['补贴']]
    >>> query_terms("energy storage subsidies").units
    [['energy', 'storage', '储能'], ['subsidies', '补贴', '补助', '奖励']]
    """
    tokens = tokenize(query)
    terms = glossary()
    units: list[list[str]] = []
    i = 0
    while i < len(tokens):
        if not _ASCII_WORD.fullmatch(tokens[i]):
            units.append([tokens[i]])
            i += 1
            continue
        for n in range(min(_MAX_PHRASE, len(tokens) - i), 0, -1):
            key = tuple(_singular(t) for t in tokens[i : i + n])
            if key in terms:
                units.append(list(tokens[i : i + n]) + list(terms[key]))
                i += n
                break
        else:
            units.append([tokens[i]])
            i += 1
    return QueryTerms(units)


class LexicalIndex:
    """BM25 over pre-tokenised clauses; row ``i`` scores clause ``i`` of the search index."""

    def __init__(self, retriever=None, size: int = 0) -> None:
        self._retriever = retriever
        self.size = size

    @classmethod
    def build(cls, token_lists: Sequence[Sequence[str]]) -> LexicalIndex:
        """Index clauses given as token lists (from :func:`tokenize`)."""
        import bm25s

        if not token_lists:
            return cls(None, 0)
        retriever = bm25s.BM25()
        # an empty clause still needs a token, or bm25s drops its row and shifts the others
        retriever.index([list(t) or [""] for t in token_lists], show_progress=False)
        return cls(retriever, len(token_lists))

    def scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every clause for the query (zeros when no token is known)."""
        if self._retriever is None or not query_tokens:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(list(query_tokens)), dtype=np.float32)

    def coverage(self, terms: QueryTerms) -> float:
        """Share of the query's units with at least one token in the index's vocabulary.

        A query most of whose words no clause contains (an English word the glossary does not
        know) gets a lexical ranking built on its few known words: fusion trusts it less.
        """
        if self._retriever is None or not terms.units:
            return 0.0
        vocab = self._retriever.vocab_dict
        return sum(any(t in vocab for t in unit) for unit in terms.units) / len(terms.units)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "size").write_text(str(self.size), encoding="utf-8")
        if self._retriever is not None:
            self._retriever.save(str(directory))

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        import bm25s

        size = int((directory / "size").read_text(encoding="utf-8"))
        if size == 0:
            return cls(None, 0)
        retriever = bm25s.BM25.load(str(directory), mmap=True, show_progress=False)
        return cls(retriever, size)


def matched_terms(text: str, query_tokens: Sequence[str]) -> list[str]:
    """Query tokens found in the text, longest first (then by position), without those inside a longer match.

    A lone Chinese character is only kept when nothing longer matched around it: alone it
    matches almost anywhere and a highlight on it says nothing.

    >>> matched_terms("对绿色信贷给予贴息", ["绿色", "信贷", "绿色信贷", "贴息", "loans"])
    ['绿色信贷', '贴息']
    """
    lowered = text.lower()
    found: list[str] = []
    present = [t for t in set(query_tokens) if t in lowered]
    for term in sorted(present, key=lambda t: (-len(t), lowered.find(t), t)):
        if term in lowered and not any(term in longer for longer in found):
            found.append(term)
    if any(len(t) > 1 for t in found):
        found = [t for t in found if len(t) > 1 or not _CJK.match(t)]
    return found


def highlight(text: str, terms: Sequence[str]) -> str:
    """HTML-escaped text with ``<mark>`` around every occurrence of the terms.

    >>> highlight("贴息<2%>，贴息", ["贴息"])
    '<mark>贴息</mark>&lt;2%&gt;，<mark>贴息</mark>'
    >>> highlight("绿色供应链", ["供应链", "绿色"])
    '<mark>绿色供应链</mark>'
    """
    if not terms:
        return html.escape(text)
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    # adjacent terms (绿色 + 供应链) become one mark
    pattern = re.compile(f"(?:{alternatives})+", re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[last : match.start()]))
        out.append(f"<mark>{html.escape(match.group())}</mark>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)
