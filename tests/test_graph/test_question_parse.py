"""Question parsing (graph/question.py): region, year, applicant, project, listed status, figures."""

from __future__ import annotations

from datetime import date

import pytest

from graph.question import parse_question, profile_from_dict


@pytest.mark.parametrize(("question", "region", "regions"), [
    ("北京一家制造业企业", "北京市", ["北京市"]),
    ("用于在京投资建设的贷款", "北京市", ["北京市"]),
    ("临港新片区一家企业", "临港新片区", ["临港新片区", "上海市"]),
    ("海南一家农民合作社", "海南省", ["海南省"]),
    ("温州市一家企业", "温州市", ["温州市", "浙江省"]),
    ("We are a Beijing manufacturer", "北京市", ["北京市"]),
    ("一家制造业企业", None, []),
])
def test_question_parse_region(question: str, region: str | None, regions: list[str]) -> None:
    profile = parse_question(question)
    assert (profile.region, profile.regions) == (region, regions)


@pytest.mark.parametrize(("question", "as_of", "year", "day"), [
    ("2026年，北京一家企业", None, 2026, None),
    ("2021-2023年的项目", None, None, None),
    ("2027年12月31日前完成", None, 2027, date(2027, 12, 31)),
    ("2026年的项目", date(2025, 5, 1), 2025, date(2025, 5, 1)),
])
def test_question_parse_when(question: str, as_of: date | None, year: int | None, day: date | None) -> None:
    profile = parse_question(question, as_of)
    assert (profile.year, profile.as_of) == (year, day)


@pytest.mark.parametrize(("question", "applicant", "project"), [
    ("北京一家制造业企业实施节能改造项目", ["制造业企业"], ["节能改造"]),
    ("北京一家绿色诊断服务商为2个市级工业园区开展了绿色诊断", ["服务机构"], ["诊断"]),
    ("一家信息软件业企业的数据中心节能改造", ["信息软件业企业"], ["数据中心", "节能改造"]),
    ("一家储能运营主体的分布式储能项目", ["运营主体"], ["储能"]),
    ("临港新片区一家企业的分布式光伏项目", ["企业"], ["分布式光伏"]),
    ("an energy-saving retrofit by a manufacturer", ["制造业企业"], ["节能改造"]),
])
def test_question_parse_kinds(question: str, applicant: list[str], project: list[str]) -> None:
    profile = parse_question(question)
    assert (profile.applicant, profile.project) == (applicant, project)


@pytest.mark.parametrize(("question", "listed"), [
    ("一家国家级绿色工厂", ["国家级绿色工厂"]),
    ("新列入省级绿色供应链管理企业名单", ["省级绿色供应链管理企业"]),
    ("一家能效领跑者企业", ["能效领跑者"]),
    ("环保绩效A级企业", ["环保绩效A级"]),
    ("一家制造业企业", []),
])
def test_question_parse_listed(question: str, listed: list[str]) -> None:
    assert parse_question(question).as_dict()["listed"] == listed


@pytest.mark.parametrize(("question", "amounts"), [
    ("总投资400万元，年节能量200吨标准煤",
     [("investment", 4e6, "元"), ("energy_saved", 200, "吨标准煤")]),
    ("固定资产投资600万元，获得绿色信贷固定资产投资贷款6亿元",
     [("fixed_asset_investment", 6e6, "元"), ("loan", 6e8, "元")]),
    ("全年发电量100万千瓦时，并网容量2兆瓦", [("electricity", 1e6, "千瓦时"), ("capacity", 2000, "千瓦")]),
    ("新能源供热装机占比50%", [("share", 50, "%")]),
    ("年销量5000辆", [("sales", 5000, "辆")]),
    ("为3家企业开展诊断", [("count", 3, "家")]),
    ("an 800万元 retrofit saves 500 tce", [("investment", 8e6, "元"), ("energy_saved", 500, "吨标准煤")]),
    ("a 2 million yuan project", [("investment", 2e6, "元")]),
])
def test_question_parse_amounts(question: str, amounts: list[tuple[str, float, str]]) -> None:
    got = [(a.role, a.value, a.unit) for a in parse_question(question).amounts]
    assert got == amounts


def test_question_profile_from_dict_rejects_unknown_keys() -> None:
    with pytest.raises(ValueError, match="unknown keys"):
        profile_from_dict({"region": "北京", "money": 5})


def test_question_profile_from_dict_reads_lists_and_amounts() -> None:
    p = profile_from_dict({"region": "临港", "as_of": "2024-06-01", "project": ["分布式光伏"], "listed": ["国家级绿色工厂"],
                           "amounts": [{"role": "electricity", "value": 1e6}]})
    assert (p.region, p.year, p.project, p.as_dict()["listed"]) == ("临港新片区", 2024, ["分布式光伏"], ["国家级绿色工厂"])
    assert [(a.role, a.unit) for a in p.amounts] == [("electricity", "千瓦时")]
