"""The finer parts of the incentive rule model: raised ratios, tiers, references, conditions, data."""

from __future__ import annotations

import json

import pytest

from ingest.extract import incentive_terms
from ingest.extract.incentive_refs import reference_path, resolve_references
from ingest.extract.incentives import find_incentives
from ingest.models import Incentive, Provenance


def _one(text):
    ((_, _, inc),) = find_incentives(text)
    return inc


def test_extract_incentives_model_raised_ratio_inside_a_rule():
    # written the way municipal measures raise a ratio for listed applicants
    inc = _one(
        "对符合条件的技改项目，按项目总投资的20%给予补助，对列入国家级绿色工厂名单的企业提高至30%，单个项目最高不超过500万元。"
    )
    assert (inc.ratio_cap, inc.ratio_basis, inc.raised_ratio, inc.raised_for, inc.cap_yuan) == (
        0.2,
        "项目总投资",
        0.3,
        "列入国家级绿色工厂名单的企业",
        5e6,
    )


@pytest.mark.parametrize(
    ("closing", "inclusive"),
    [("以上均包含本数。", True), ("以上均不含本数。", False)],
)
def test_extract_incentives_model_tiers_inclusive(closing, inclusive):
    inc = _one(
        "项目投资额100万元（含）至200万元的，按14%给予补助；200万元至500万元的，按17%给予补助。" + closing
    )
    assert [(t.min_yuan, t.max_yuan, t.ratio) for t in inc.tiers] == [(1e6, 2e6, 0.14), (2e6, 5e6, 0.17)]
    assert inc.tiers_inclusive is inclusive


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        (
            "对符合要求的项目按照绿色低碳改造项目给予资金奖励。",
            "按照绿色低碳改造项目给予",
        ),  # corpus/001 二（五）
        (
            "对与新能源供热项目配套建设的蓄热（冷）系统、太阳能补热等设施给予热源同比例的资金支持。",
            "热源同比例",
        ),  # Beijing heating
        ("第九条 储能项目参照第六条标准给予奖励。", "参照第六条标准"),
    ],
)
def test_extract_incentives_model_reference_kept(text, reference):
    inc = _one(text)
    assert inc.reference == reference
    assert (inc.ratio_cap, inc.cap_yuan, inc.unit_rate, inc.fixed_yuan) == (None, None, None, None)


def test_extract_incentives_model_resolve_clause_reference():
    prov = Provenance("policy_incentives", "1.0", (0, 1))
    source = Incentive("第六条/（四）", "投资主体", "分布式光伏", "…", prov, cap_yuan=5e7)
    source.unit_rate = _one("分布式光伏奖励标准0.25元/千瓦时。").unit_rate
    citing = Incentive("第九条", "投资主体", "储能", "…", prov, reference="参照第六条标准给予")
    unrelated = Incentive("第十条", "", "", "…", prov, reference="按照绿色低碳改造项目给予")
    resolved = resolve_references([source, citing, unrelated])
    assert (resolved[1].unit_rate.value, resolved[1].cap_yuan, resolved[1].project) == (0.25, 5e7, "储能")
    assert citing.unit_rate is None  # the input is not changed
    assert resolved[2].unit_rate is None  # a reference by kind of project names no clause


@pytest.mark.parametrize(
    ("reference", "path"),
    [
        ("参照第六条第二款执行", ["第六条", "第二款"]),
        ("标准见二（一）", ["二", "（一）"]),
        ("按照有关规定", []),
    ],
)
def test_extract_incentives_model_reference_path(reference, path):
    assert reference_path(reference) == path


def test_extract_incentives_model_graded_conditions():
    """Chongqing commercial vehicles 一: sales grades become conditions (3000 inclusive, 5000 exclusive)."""
    found = find_incentives(
        "其中：年销量3000（含）—5000辆（不含）的车型，给予500万元激励；年销量5000辆以上的车型，给予1000万元激励。"
    )
    grades = [[(c.indicator, c.comparator, c.value, c.unit) for c in inc.conditions] for _, _, inc in found]
    assert grades == [
        [("年销量", ">=", 3000.0, "辆"), ("年销量", "<", 5000.0, "辆")],
        [("年销量", ">=", 5000.0, "辆")],
    ]


def test_extract_incentives_model_lexicon_is_strict(tmp_path, monkeypatch):
    bad = tmp_path / "incentive_lexicon.json"
    data = json.loads(incentive_terms.LEXICON_FILE.read_text(encoding="utf-8"))
    data["grant_wrods"] = data.pop("grant_words")
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(incentive_terms, "LEXICON_FILE", bad)
    incentive_terms.lexicon.cache_clear()
    try:
        with pytest.raises(ValueError, match="incentive_lexicon.json.*grant_wrods"):
            incentive_terms.lexicon()
    finally:
        monkeypatch.undo()
        incentive_terms.lexicon.cache_clear()
