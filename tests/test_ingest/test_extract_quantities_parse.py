"""Numbers and units: ingest.extract.quantities on sentences from the corpus and ../shared/external."""

from __future__ import annotations

import pytest

from ingest.extract.quantities import comparator_around, find_quantities, parse_number


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("3,000", 3000.0),
        ("1.5亿", 1.5e8),
        ("12万", 1.2e5),
        ("一千二百", 1200.0),
        ("两万", 2e4),
        ("百分之二十", 20.0),
        ("十五", 15.0),
        ("２０", 20.0),
    ],
)
def test_parse_number_values(written: str, value: float) -> None:
    assert parse_number(written) == value


def test_parse_number_rejects_words() -> None:
    with pytest.raises(ValueError):
        parse_number("节能")


def _summary(text: str) -> list[tuple[str, float, str, float, str]]:
    return [
        (text[q.start : q.end], q.value, q.unit, q.base_value, q.base_unit) for q in find_quantities(text)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # corpus/001 (Beijing data-centre measures)
        (
            "其中每服务1家企业给予不超过12万元的奖励资金",
            [("1家", 1, "家", 1, "家"), ("12万元", 12, "万元", 120000, "元")],
        ),
        (
            "按照项目节能量给予不超过1200元/吨标准煤的资金奖励",
            [("1200元/吨标准煤", 1200, "元/吨标准煤", 1200, "元/吨标准煤")],
        ),
        ("单个企业年度贴息金额最高不超过1000万元", [("1000万元", 1000, "万元", 1e7, "元")]),
        # shanghai-lingang-pv-subsidy-rules-2023 (external)
        (
            "光伏电站奖励标准由0.15元/千瓦时调整至0.25元/千瓦时",
            [
                ("0.15元/千瓦时", 0.15, "元/千瓦时", 0.15, "元/千瓦时"),
                ("0.25元/千瓦时", 0.25, "元/千瓦时", 0.25, "元/千瓦时"),
            ],
        ),
        # corpus/002 (national industrial green development plan)
        (
            "比重分别达到15.1%、33.7%，分别提高了3.3和1.9个百分点",
            [
                ("15.1%", 15.1, "%", 15.1, "%"),
                ("33.7%", 33.7, "%", 33.7, "%"),
                ("1.9个百分点", 1.9, "个百分点", 1.9, "个百分点"),
            ],
        ),
        (
            "新增装机10万千瓦，年发电量1.2亿千瓦时",
            [("10万千瓦", 10, "万千瓦", 1e5, "千瓦"), ("1.2亿千瓦时", 1.2, "亿千瓦时", 1.2e8, "千瓦时")],
        ),
        ("能耗总量控制在25万吨标煤以内", [("25万吨标煤", 25, "万吨标煤", 2.5e5, "吨标准煤")]),
        ("LPR下调20个基点", [("20个基点", 20, "个基点", 20, "基点")]),
        (
            "培育绿色工厂一千二百家，占比百分之二十",
            [("一千二百家", 1200, "家", 1200, "家"), ("百分之二十", 20, "%", 20, "%")],
        ),
        ("装机5兆瓦", [("5兆瓦", 5, "兆瓦", 5000, "千瓦")]),
        # negatives: years, articles, ordinals, plan names, words made of numerals
        ("到2025年，第3条规定的规模以上企业", []),
        ("“十四五”时期，建立一种新模式", []),
        ("破除城乡二元结构", []),
    ],
)
def test_find_quantities_units_and_scales(text: str, expected: list[tuple]) -> None:
    assert _summary(text) == [(s, float(v), u, float(bv), bu) for s, v, u, bv, bu in expected]


@pytest.mark.parametrize(
    ("text", "low", "high", "base_low", "base_high"),
    [
        ("投资额100万—200万元的项目", 100, 200, 1e6, 2e6),
        ("投资额100—200万元的项目", 100, 200, 1e6, 2e6),
        ("补贴比例5%-10%", 5, 10, 5, 10),
        ("100万–200万（含）", 100, 200, 1e6, 2e6),
    ],
)
def test_find_quantities_ranges(
    text: str, low: float, high: float, base_low: float, base_high: float
) -> None:
    (q,) = find_quantities(text)
    assert (q.low, q.value, q.base_low, q.base_value) == (low, high, base_low, base_high)


@pytest.mark.parametrize(
    ("text", "comparators"),
    [
        ("水泥产能压减30%以上", [">="]),  # corpus/000
        ("单个项目奖励资金最高不超过3000万元", ["<="]),  # corpus/001
        ("对于当年固定资产投资超过500万元的制造业", [">"]),  # corpus/001
        ("万元工业增加值碳排放降低率20%左右", ["~"]),
        ("工业用水重复利用率≥95%", [">="]),
        ("累计创建国家级绿色工厂150家", ["="]),
        ("培育100余家示范企业", [">"]),
        ("绿电使用比例不低于50%，约占30%", [">=", "~"]),
    ],
)
def test_comparator_around_words(text: str, comparators: list[str]) -> None:
    assert [comparator_around(text, q)[0] for q in find_quantities(text)] == comparators


def test_comparator_around_span_covers_words() -> None:
    text = "水泥产能压减30%以上"
    (q,) = find_quantities(text)
    _, start, end = comparator_around(text, q)
    assert text[start:end] == "30%以上"
