"""Fuzzing (hypothesis) of the text parsers: the segmenter, the compilation splitter and the question
parser never crash, and what they return stays inside the text they were given.

The inputs are built from the pieces Chinese policy documents are made of (every marker style,
headings, 责任单位 lines, dates, amounts, 文号) shuffled with arbitrary text, so the fuzzer reaches
the structure code rather than only its "no marker here" path. Bounded: a few hundred examples
and a per-example deadline.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.question import Profile, parse_question
from ingest.segment import segment
from ingest.split import split

PIECES = ["一、", "二、", "十一、", "（一）", "（二）", "(三)", "1.", "2．", "3、", "（1）", "(2)", "①", "②",
          "第一章", "第二章 总则", "第一节", "第一条", "第二条", "第十二条", "第一百零一条", "第一款", "第一编",
          "专栏1", "专栏", "附件", "附件1：", "目录", "总体要求", "主要任务", "保障措施", "（责任单位：市发展改革委）",
          "责任单位：", "牵头单位：", "到2025年", "2024年12月31日", "400万元", "不超过30%", "1200元/吨标准煤",
          "京经信发〔2025〕51号", "北京市", "温州市", "各区人民政府：", "现印发给你们，请认真贯彻执行。",
          "关于印发《若干措施》的通知", "（此件公开发布）", "。", "；", "：", "，", "\n", "\n\n", "\r\n", "\t",
          "　", " ", "——", "……", "#", "## ", "<!-- INFO END -->", "|", "\x00", "\u200b", "\ufeff"]
FRAGMENT = st.one_of(st.sampled_from(PIECES), st.text(max_size=12),
                     st.text(alphabet="一二三四五六七八九十百第章节条款（）()、.．0123456789专栏\n", max_size=8))
DOCUMENT = st.lists(FRAGMENT, max_size=60).map("".join)
BOUNDED = settings(max_examples=200, deadline=3000, suppress_health_check=[HealthCheck.too_slow])


@BOUNDED
@given(DOCUMENT)
def test_fuzz_segment_clauses_stay_inside_the_text(text):
    clauses = segment(text)
    keys = [c.key for c in clauses]
    assert len(keys) == len(set(keys))  # numbering paths are unique
    seen: set[str] = set()
    for clause in clauses:
        assert clause.depth >= 1
        assert clause.parent is None or clause.parent in seen  # a parent comes before its children
        seen.add(clause.key)
        for start, end in clause.pieces:
            assert 0 <= start <= end <= len(text)


@BOUNDED
@given(DOCUMENT, st.data())
def test_fuzz_segment_with_span_stays_inside_the_span(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for clause in segment(text, (start, end)):
        for a, b in clause.pieces:
            assert start <= a <= b <= end


@BOUNDED
@given(DOCUMENT)
def test_fuzz_split_parts_are_ordered_spans_of_the_text(text):
    parts = split(text)
    for part in parts:
        assert 0 <= part.span[0] <= part.span[1] <= len(text)
        assert part.kind in ("policy", "article", "news", "other")
        if part.title_span is not None:
            assert 0 <= part.title_span[0] <= part.title_span[1] <= len(text)
    starts = [p.span[0] for p in parts]
    assert starts == sorted(starts)


QUESTION_PIECES = ["2026年", "明年", "北京", "上海市浦东新区", "温州", "一家", "制造业企业", "高新技术企业", "上市公司",
                   "实施", "节能改造项目", "总投资", "400万元", "6亿元", "1.5亿", "年节能量", "200吨标准煤", "为2个",
                   "市级工业园区", "最多能获得多少", "奖励", "补贴", "贴息", "？", "，", "in 2026", "a company in Beijing",
                   "invested 4 million yuan", "how much subsidy", "-1万元", "99999999999999999999亿元", "0.0.0元",
                   "第三十届", "1e309元", "NaN元"]
QUESTION = st.lists(st.one_of(st.sampled_from(QUESTION_PIECES), st.text(max_size=8)), max_size=25).map("".join)


@BOUNDED
@given(QUESTION)
def test_fuzz_parse_question_gives_a_profile(question):
    profile = parse_question(question)
    assert isinstance(profile, Profile)
    assert profile.year is None or 1900 <= profile.year <= 2200 or str(profile.year) in question
    for amount in profile.amounts:
        assert isinstance(amount.value, float | int) and not math.isnan(amount.value)
    profile.as_dict()  # the /ask response's profile is JSON-ready
