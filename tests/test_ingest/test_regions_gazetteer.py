"""The administrative-division gazetteer: names, levels, parents, and mentions in text."""

from __future__ import annotations

import json

import pytest

from ingest.extract.regions import DATA_FILE, find_regions, lookup, province_of


@pytest.mark.parametrize(
    ("name", "full", "level", "parent"),
    [
        ("全国", "全国", "national", None),
        ("河南省", "河南省", "provincial", "全国"),
        ("河南", "河南省", "provincial", "全国"),
        ("北京", "北京市", "municipal", "全国"),
        ("重庆市", "重庆市", "municipal", "全国"),
        ("广西", "广西壮族自治区", "provincial", "全国"),
        ("温州市", "温州市", "municipal", "浙江省"),
        ("郑州", "郑州市", "municipal", "河南省"),
        ("延边州", "延边朝鲜族自治州", "municipal", "吉林省"),
        ("锡林郭勒盟", "锡林郭勒盟", "municipal", "内蒙古自治区"),
        ("济源示范区", "济源市", "municipal", "河南省"),
        ("黄浦区", "黄浦区", "district", "上海市"),
        ("浦东新区", "浦东新区", "district", "上海市"),
        ("临港新片区", "临港新片区", "district", "上海市"),
        ("中国（上海）自由贸易试验区临港新片区", "临港新片区", "district", "上海市"),
        ("东城区", "东城区", "district", "北京市"),
        ("滨海新区", "滨海新区", "district", "天津市"),
        ("渝中区", "渝中区", "district", "重庆市"),
        ("吉林", "吉林省", "provincial", "全国"),  # the province wins over 吉林市
        ("吉林市", "吉林市", "municipal", "吉林省"),
    ],
)
def test_regions_lookup(name: str, full: str, level: str, parent: str | None) -> None:
    region = lookup(name)
    assert region is not None
    assert (region.name, region.level, region.parent) == (full, level, parent)


@pytest.mark.parametrize("name", ["京", "豫", "沪", "不存在市", ""])
def test_regions_lookup_unknown_or_abbreviation(name: str) -> None:
    assert lookup(name) is None


def test_regions_data_covers_every_provincial_unit_and_prefecture() -> None:
    records = [json.loads(x) for x in DATA_FILE.read_text(encoding="utf-8").splitlines() if x.strip()]
    provincial = [r for r in records if r["parent"] == "全国"]
    assert len(provincial) == 34
    assert sum(r["level"] == "municipal" for r in provincial) == 4
    prefecture = [r for r in records if r["level"] == "municipal" and r["parent"] != "全国"]
    assert 333 <= len(prefecture) <= 345
    assert len({r["name"] for r in records}) == len(records)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("北京市经济和信息化局 北京市生态环境局", ["北京市", "北京市"]),
        ("温州市制造业千企节能改造行动方案", ["温州市"]),
        ("推动京津冀协同发展，在京单位", []),  # one-character abbreviations are no mention
        ("河南省、济源示范区管委会", ["河南省", "济源市"]),
        ("支持浦东新区和临港新片区", ["浦东新区", "临港新片区"]),
        ("日照时数和安康生活", []),  # short forms that are ordinary words
        ("日照市人民政府", ["日照市"]),
    ],
)
def test_regions_find_mentions(text: str, found: list[str]) -> None:
    hits = find_regions(text)
    assert [r.name for _s, _e, r in hits] == found
    for start, end, region in hits:
        assert lookup(text[start:end]) == region


@pytest.mark.parametrize(
    ("name", "province"), [("浦东新区", "上海市"), ("温州市", "浙江省"), ("河南省", "河南省")]
)
def test_regions_province_of(name: str, province: str) -> None:
    region = lookup(name)
    assert region is not None and province_of(region).name == province
