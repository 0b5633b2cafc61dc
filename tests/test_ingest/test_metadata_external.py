"""Document metadata of every text document in ../shared/external, read the way ingest reads them
(reader, split, document_metadata, then the page's info table for what the text leaves out).

The values were checked by hand against each document's title block, signature, adoption history
and closing clauses (SOURCES.md lists what each document is).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest

from ingest.extract.metadata import document_metadata
from ingest.models import Document
from ingest.readers import read
from ingest.split import split

TEXTS = Path(__file__).resolve().parents[2].parent / "shared" / "external" / "texts"
NPC_SC = ["全国人民代表大会常务委员会"]
D = date

# file: (title, issuers, doc_number, date, region, level, valid_from, valid_until)
EXPECTED = {
    "beijing-ndrc-new-energy-heating-support-2026.txt": (
        "北京市发展和改革委员会关于公开征集市政府固定资产投资支持新能源供热项目的通知",
        ["北京市发展和改革委员会"], "京发改〔2026〕341号", D(2026, 3, 6), "北京市", "municipal", None, None,
    ),
    "chongqing-icv-nev-commercial-vehicle-measures-2025.txt": (
        "关于印发《重庆市支持智能网联新能源商用车产业发展政策措施（2025—2027年）》的通知",
        ["重庆市经济和信息化委员会", "重庆市财政局", "中共重庆市委金融委员会办公室",
         "国家金融监督管理总局重庆监管局", "重庆市商务委员会"],
        "渝经信规范〔2025〕13号", D(2025, 12, 30), "重庆市", "municipal", D(2025, 1, 1), D(2027, 12, 31),
    ),
    "cn-law-circular-economy-2018.md": (
        "中华人民共和国循环经济促进法", NPC_SC, None, D(2018, 10, 26), "全国", "national", D(2009, 1, 1), None,
    ),
    "cn-law-cleaner-production-2012.md": (
        "中华人民共和国清洁生产促进法", NPC_SC, None, D(2012, 2, 29), "全国", "national", D(2003, 1, 1), None,
    ),
    "cn-law-energy-conservation-2018.md": (
        "中华人民共和国节约能源法", NPC_SC, None, D(2018, 10, 26), "全国", "national", D(2008, 4, 1), None,
    ),
    "cn-law-sme-promotion-2017.md": (
        "中华人民共和国中小企业促进法", NPC_SC, None, D(2017, 9, 1), "全国", "national", D(2018, 1, 1), None,
    ),
    "cn-reg-carbon-emissions-trading-2024.md": (
        "碳排放权交易管理暂行条例", [], None, None, "全国", "national", D(2024, 5, 1), None,
    ),
    "cpc-sc-rural-revitalization-opinions-2018.txt": (
        "中共中央 国务院关于实施乡村振兴战略的意见",
        ["中共中央", "国务院"], None, D(2018, 1, 2), "全国", "national", None, None,
    ),
    "henan-reg-energy-conservation-2017.md": (
        "河南省节约能源条例", ["河南省人民代表大会常务委员会"], None, D(2017, 12, 1), "河南省", "provincial",
        D(2018, 5, 1), None,
    ),
    "ndrc-nea-unified-power-market-2022.txt": (
        "国家发展改革委 国家能源局关于加快建设全国统一电力市场体系的指导意见",
        ["国家发展改革委", "国家能源局"], "发改体改〔2022〕118号", D(2022, 1, 18), "全国", "national", None, None,
    ),
    "shandong-reg-cleaner-production-2020.md": (
        # the header wrongly repeats the national law's history; the province's own amendment is later
        "山东省清洁生产促进条例", ["山东省人民代表大会常务委员会"], None, D(2020, 11, 27), "山东省",
        "provincial", D(2010, 11, 1), None,
    ),
    "shanghai-construction-waste-opinions-2024.md": (
        "上海市人民政府办公厅关于全面加强建筑垃圾管理的实施意见",
        ["上海市人民政府办公厅"], "沪府办〔2024〕56号", D(2024, 10, 31), "上海市", "municipal", None, None,
    ),
    "shanghai-huangpu-renewable-energy-action-2025.md": (
        "关于印发《黄浦区可再生能源发展行动方案》的通知",
        None, "黄发改委办〔2025〕5号", D(2025, 2, 24), "黄浦区", "district", None, None,
    ),
    "shanghai-lingang-pv-subsidy-rules-2023.md": (
        "关于修订《中国（上海）自由贸易试验区临港新片区扶持光伏发电项目操作办法》的通知",
        ["中国（上海）自由贸易试验区临港新片区管理委员会"], "沪自贸临管规范〔2023〕4号", D(2023, 4, 19),
        "临港新片区", "district", D(2023, 4, 19), D(2025, 12, 31),
    ),
    "shanghai-renewable-energy-fund-measures-2022.md": (
        "关于印发《上海市可再生能源和新能源发展专项资金扶持办法》的通知",
        ["上海市发展和改革委员会", "上海市财政局"], "沪发改规范〔2022〕14号", D(2022, 11, 18), "上海市",
        "municipal", D(2022, 12, 15), D(2026, 12, 31),
    ),
    "shanghai-zero-carbon-park-plan-2026.md": (
        "关于印发《上海市零碳园区建设工作方案》的通知",
        ["上海市发展和改革委员会", "上海市经济和信息化委员会"], "沪发改环资〔2026〕130号", D(2026, 9, 7),
        "上海市", "municipal", None, None,
    ),
    "tianjin-miit-demand-response-spring-festival-2021.txt": (
        # title broken over two lines; the date signed by the seal after 特此通知; no region in the
        # issuer's short form, the city the notice names for itself
        "市工业和信息化局关于印发2021年春节期间电力需求响应实施细则的通知",
        ["天津市工业和信息化局"], "津工信电力〔2021〕3号", D(2021, 2, 2), "天津市", "municipal", None, None,
    ),
    "zhejiang-reg-renewable-energy-promotion-2021.md": (
        "浙江省可再生能源开发利用促进条例", ["浙江省人民代表大会常务委员会"], None, D(2021, 3, 26), "浙江省",
        "provincial", D(2012, 10, 1), None,
    ),
    "zibo-reg-energy-conservation-2020.md": (
        "淄博市节约能源条例", ["淄博市人民代表大会常务委员会"], None, D(2020, 8, 27), "淄博市", "municipal",
        D(2014, 1, 1), None,
    ),
}  # fmt: skip


@cache
def _metadata(name: str) -> Document:
    source = read(TEXTS / name)
    (part,) = split(source.text)
    meta = document_metadata(source.text, part.span, part.title, part.kind, page_meta=source.meta)
    fields = ("title", "issuers", "doc_number", "date", "region", "level", "valid_from", "valid_until")
    return Document(source=name, **{f: getattr(meta, f) for f in fields})


def test_metadata_external_covers_every_text() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in TEXTS.iterdir() if p.is_file())


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=lambda n: n[:40])
def test_metadata_external_text(name: str) -> None:
    title, issuers, number, when, region, level, valid_from, valid_until = EXPECTED[name]
    meta = _metadata(name)
    got = (meta.title, meta.issuers, meta.doc_number, meta.date, meta.region, meta.level)
    assert got == (title, meta.issuers if issuers is None else issuers, number, when, region, level)
    assert (meta.valid_from, meta.valid_until) == (valid_from, valid_until)
