"""Lexical side of search: tokens, English-to-Chinese query expansion, highlighting."""

from __future__ import annotations

import pytest

from graph.lexical import glossary, highlight, matched_terms, query_terms, tokenize


@pytest.mark.parametrize(
    ("query", "expected_tokens"),
    [
        ("photovoltaic subsidies per kWh", {"光伏", "补贴", "千瓦时"}),
        ("interest subsidy for green loans", {"贴息", "信贷"}),
        ("surrender carbon emission allowances", {"清缴", "配额"}),
        ("储能补贴", {"储能", "补贴"}),
    ],
)
def test_search_lexical_query_terms_expand_english(query, expected_tokens):
    assert expected_tokens <= set(query_terms(query).tokens)


def test_search_lexical_unknown_english_word_stays_alone():
    assert query_terms("zyxwv").units == [["zyxwv"]]


def test_search_lexical_glossary_rejects_malformed_line(tmp_path):
    bad = tmp_path / "glossary.tsv"
    bad.write_text("# comment\nsubsidy 补贴\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"glossary.tsv:2"):
        glossary(bad)


@pytest.mark.parametrize(
    ("text", "tokens", "terms", "marked"),
    [
        ("对购买绿电给予奖励", tokenize("绿电 奖励"), ["绿电", "奖励"], "对购买<mark>绿电</mark>给予<mark>奖励</mark>"),
        ("Rooftop PV <b>", ["rooftop"], ["rooftop"], "<mark>Rooftop</mark> PV &lt;b&gt;"),
        ("无关文本", ["储能"], [], "无关文本"),
    ],
)
def test_search_lexical_highlight_marks_matched_terms(text, tokens, terms, marked):
    found = matched_terms(text, tokens)
    assert found == terms
    assert highlight(text, found) == marked
