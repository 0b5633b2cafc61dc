"""Document metadata checked against the gold records and real external documents."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ingest.extract.metadata import clean_title, document_metadata, find_validity, parse_date, plan_period
from ingest.split import split

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
GOLD = ROOT.parent / "shared" / "eval" / "gold"
EXTERNAL = ROOT.parent / "shared" / "external" / "texts"


def _gold_documents() -> list[tuple[str, dict, dict | None]]:
    out = []
    for key in ("000", "001", "003", "004"):
        records = [
            json.loads(x) for x in (GOLD / f"{key}.jsonl").read_text(encoding="utf-8").splitlines() if x
        ]
        for doc in (r for r in records if r["type"] == "document"):
            validity = next(
                (r for r in records if r["type"] == "validity" and r["part"] == doc["part"]), None
            )
            out.append((key, doc, validity))
    return out


@pytest.mark.parametrize(
    ("key", "gold", "validity"), _gold_documents(), ids=lambda x: x if isinstance(x, str) else None
)
def test_metadata_matches_gold(key: str, gold: dict, validity: dict | None) -> None:
    path = next(CORPUS.glob(f"{key}_*.txt"))
    text = path.read_text(encoding="utf-8-sig")
    parts = split(text)
    part = next(p for p in parts if p.title == gold["title"]) if gold["part"] else parts[0]
    meta = document_metadata(text, part.span, part.title, part.kind)
    got = {
        "title": meta.title,
        "issuer": meta.issuers,
        "doc_number": meta.doc_number,
        "date": meta.date.isoformat() if meta.date else None,
        "region": meta.region,
        "level": meta.level,
        "valid_until": meta.valid_until.isoformat() if meta.valid_until else None,
    }
    assert got == {k: gold[k] for k in got}
    if validity:
        assert meta.validity_text == validity["text"]


EXTERNAL_EXPECTED = [
    (
        "beijing-ndrc-new-energy-heating-support-2026.txt",
        ["北京市发展和改革委员会"],
        "京发改〔2026〕341号",
        "2026-03-06",
        "北京市",
        "municipal",
    ),
    (
        "ndrc-nea-unified-power-market-2022.txt",
        ["国家发展改革委", "国家能源局"],
        "发改体改〔2022〕118号",
        "2022-01-18",
        "全国",
        "national",
    ),
    (
        "cpc-sc-rural-revitalization-opinions-2018.txt",
        ["中共中央", "国务院"],
        None,
        "2018-01-02",
        "全国",
        "national",
    ),
    (
        "shanghai-renewable-energy-fund-measures-2022.md",
        ["上海市发展和改革委员会", "上海市财政局"],
        "沪发改规范〔2022〕14号",
        "2022-11-18",
        "上海市",
        "municipal",
    ),
    (
        "shanghai-lingang-pv-subsidy-rules-2023.md",
        ["中国（上海）自由贸易试验区临港新片区管理委员会"],
        "沪自贸临管规范〔2023〕4号",
        "2023-04-19",
        "临港新片区",
        "district",
    ),
    (
        "tianjin-miit-demand-response-spring-festival-2021.txt",
        ["天津市工业和信息化局"],  # 市… in a Tianjin notice names the city's own bureau
        "津工信电力〔2021〕3号",
        None,
        "天津市",
        "municipal",
    ),
    # a regulation's issuer and date: the legislature that adopted its latest version, and when
    (
        "henan-reg-energy-conservation-2017.md",
        ["河南省人民代表大会常务委员会"],
        None,
        "2017-12-01",
        "河南省",
        "provincial",
    ),
    (
        "zibo-reg-energy-conservation-2020.md",
        ["淄博市人民代表大会常务委员会"],  # not 山东省…, which only approved it
        None,
        "2020-08-27",
        "淄博市",
        "municipal",
    ),
]


@pytest.mark.parametrize(
    ("name", "issuers", "number", "when", "region", "level"), EXTERNAL_EXPECTED, ids=lambda x: str(x)[:30]
)
def test_metadata_external_documents(
    name: str, issuers: list[str], number: str | None, when: str | None, region: str, level: str
) -> None:
    text = (EXTERNAL / name).read_text(encoding="utf-8-sig")
    meta = document_metadata(text, (0, len(text)))
    assert (meta.issuers, meta.doc_number, meta.date.isoformat() if meta.date else None) == (
        issuers,
        number,
        when,
    )
    assert (meta.region, meta.level) == (region, level)


def test_metadata_district_document_knows_its_city() -> None:
    text = (EXTERNAL / "shanghai-huangpu-renewable-energy-action-2025.md").read_text(encoding="utf-8")
    meta = document_metadata(text, (0, len(text)))
    assert (meta.region, meta.level, meta.city) == ("黄浦区", "district", "上海市")
    assert meta.issuers[:2] == ["黄浦区发展和改革委员会", "黄浦区建设和管理委员会"]


def test_metadata_article_has_no_level() -> None:
    text = next(CORPUS.glob("003_*.txt")).read_text(encoding="utf-8")
    article = next(p for p in split(text) if p.kind == "article")
    assert document_metadata(text, article.span, article.title, article.kind).level is None


@pytest.mark.parametrize(
    ("lines", "doc_date", "valid_from", "valid_until", "text"),
    [
        (
            ["本政策执行期至2027年底，具体措施明确执行期限的，从其规定。"],
            None,
            None,
            date(2027, 12, 31),
            "本政策执行期至2027年底",
        ),
        (
            ["2. 本政策自 12 月 1 日起施行，有效期至 2023 年 12 月 31 日。"],
            None,
            None,
            date(2023, 12, 31),
            "有效期至2023年12月31日",
        ),
        (["本办法自2024年1月1日起施行。"], None, date(2024, 1, 1), None, "本办法自2024年1月1日起施行"),
        (
            ["本措施自印发之日起实施，有效期至2026年6月。"],
            date(2025, 3, 1),
            date(2025, 3, 1),
            date(2026, 6, 30),
            "有效期至2026年6月",
        ),
        (
            ["本细则自发布之日起施行，有效期5年。"],
            date(2021, 3, 15),
            date(2021, 3, 15),
            date(2026, 3, 14),
            "有效期5年",
        ),
        (["企业取得的证书有效期3年。"], None, None, None, None),  # not about the document itself
    ],
)
def test_metadata_validity(
    lines: list[str],
    doc_date: date | None,
    valid_from: date | None,
    valid_until: date | None,
    text: str | None,
) -> None:
    v = find_validity(lines, doc_date)
    assert (v.valid_from, v.valid_until, v.text) == (valid_from, valid_until, text)


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("北京市“十四五”时期制造业绿色低碳发展行动方案", (2021, 2025)),
        ("“十五五”规划", (2026, 2030)),
        ("重庆市装备制造业高质量发展行动计划（2021—2025年）", (2021, 2025)),
        ("温州市制造业千企节能改造行动方案（2021-2023）", (2021, 2023)),
        ("2030年前碳达峰行动方案", None),
    ],
)
def test_metadata_plan_period(title: str, period: tuple[int, int] | None) -> None:
    assert plan_period(title) == period


@pytest.mark.parametrize(
    ("written", "parsed"),
    [
        ("2025年12月18日", date(2025, 12, 18)),
        ("二〇二一年十一月十五日", date(2021, 11, 15)),
        ("2021年2月30日", None),
    ],
)
def test_metadata_parse_date(written: str, parsed: date | None) -> None:
    assert parse_date(written) == parsed


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (
            "# 北京市促进制造业和信息软件业 绿色低碳发展的若干措施",
            "北京市促进制造业和信息软件业绿色低碳发展的若干措施",
        ),
        (
            "北京市经济和信息化局 北京市生态环境局 关于印发《北京市美丽工厂建设指引》的通知",
            "北京市经济和信息化局 北京市生态环境局 关于印发《北京市美丽工厂建设指引》的通知",
        ),
    ],
)
def test_metadata_clean_title(raw: str, clean: str) -> None:
    assert clean_title(raw) == clean
