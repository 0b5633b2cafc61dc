"""Issuers, dates, decree numbers and validity of rules, regulations and laws (real text lines)."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.extract.enactment import Enactment, adoption, decree, signature
from ingest.extract.metadata import document_metadata
from ingest.extract.validity import find_validity

# Excerpts of the PDFs in ../shared/external/pdfs as the PDF reader gives them (head and closing article).
PDF_EXCERPTS = {
    "sasac": [
        "中央企业境外投资监督管理办法",
        "第35号",
        "《中央企业境外投资监督管理办法》已经国务院国有资产监督管理委员会主任办公会议审议通过，现予公布，自公布之日起施行。",
        "国务院国有资产监督管理委员会主任",
        "2017年1月7日",
        "中央企业境外投资监督管理办法",
        "第一章 总则",
        "第一条 为加强中央企业境外投资监督管理，推动中央企业提升国际化经营水平，制定本办法。",
    ],
    "mofcom": [
        "中华人民共和国商务部令",
        "（2014年第3号） 境外投资管理办法__2014年第35号国务院公报_中国政府网",
        "中华人民共和国商务部令",
        "2014 年 第 3 号",
        "《境外投资管理办法》已经2014年8月19日商务部第27次部务会议审议通过，现予发布，自2014年10月6日起施行。",
        "部 长 高虎城",
        "2014年9月6日",
        "境 外 投 资 管 理 办 法",
        "第一章 总 则",
        "第一条 为了促进和规范境外投资，提高境外投资便利化水平，根据《国务院关于投资体制改革的决定》、《国务院对确需保留的行政审批项目设定行政许可的决定》及相关法律规定，制定本办法。",
        "第三十九条 本办法自2014年10月6日起施行。",
    ],
    "civil-code": [
        "中华人民共和国民法典",
        "（２０２０年５月２８日第十三届全国人民代表大会第三次会议通过）",
        "目 录",
        "第一编 总 则",
        "第一章 基本规定",
        "第一千二百六十条 本法自２０２１年１月１日起施行。",
    ],
    "gov-outbound": [
        "国务院办公厅转发国家发展改革委商务部人民银行外交部关于进一步引导和规范境外投资方向指导意见的通知",
        "国办发〔2017〕74号",
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
        "国家发展改革委、商务部、人民银行、外交部《关于进一步引导和规范境外投资方向的指导意见》已经国务院同意，现转发给你们，请认真贯彻执行。",
        "国务院办公厅",
        "2017年8月4日",
        "（此件公开发布）",
        "关于进一步引导和规范境外投资方向的指导意见",
        "国家发展改革委 商务部 人民银行 外交部",
        "一、指导思想",
    ],
    "hainan": [
        "海南省农业农村厅 海南省财政厅",
        "关于印发2024-2026 年海南省农机",
        "购置与应用补贴实施方案的通知",
        "各市、县、自治县农业农村局、财政局：",
        "为规范实施农机购置与应用补贴政策，现将《2024—2026年海南省农机购置与应用补贴实施方案》印发给你们，请遵照执行。",
        "海南省农业农村厅 海南省财政厅",
        "2024年7月1日",
        "（此件主动公开）",
        "2024—2026 年海南省",
        "农机购置与应用补贴实施方案",
        "一、总体要求",
    ],
}  # fmt: skip
# title, issuers, doc_number, date, region, level, valid_from
PDF_EXPECTED = {
    "sasac": ("中央企业境外投资监督管理办法", ["国务院国有资产监督管理委员会"], None, date(2017, 1, 7), "全国",
              "national", date(2017, 1, 7)),
    "mofcom": ("境外投资管理办法", ["商务部"], "商务部令2014年第3号", date(2014, 9, 6), "全国", "national",
               date(2014, 10, 6)),
    "civil-code": ("中华人民共和国民法典", ["全国人民代表大会"], None, date(2020, 5, 28), "全国", "national",
                   date(2021, 1, 1)),
    "gov-outbound": ("国务院办公厅转发国家发展改革委商务部人民银行外交部关于进一步引导和规范境外投资方向指导意见的通知",
                     ["国务院办公厅"], "国办发〔2017〕74号", date(2017, 8, 4), "全国", "national", None),
    "hainan": ("海南省农业农村厅 海南省财政厅关于印发2024-2026年海南省农机购置与应用补贴实施方案的通知",
               ["海南省农业农村厅", "海南省财政厅"], None, date(2024, 7, 1), "海南省", "provincial", None),
}  # fmt: skip


@pytest.mark.parametrize("key", sorted(PDF_EXPECTED))
def test_metadata_enactment_pdf_documents(key: str) -> None:
    text = "\n".join(PDF_EXCERPTS[key])
    meta = document_metadata(text, (0, len(text)))
    got = (meta.title, meta.issuers, meta.doc_number, meta.date, meta.region, meta.level, meta.valid_from)
    assert got == PDF_EXPECTED[key]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["特此通知。", "海南省农业农村厅 海南省财政厅", "2024年7月1日"],
         Enactment(("海南省农业农村厅", "海南省财政厅"), date(2024, 7, 1))),
        (["现予发布。", "部 长 高虎城", "2014年9月6日"], Enactment((), date(2014, 9, 6))),
        (["现予公布。", "国务院国有资产监督管理委员会主任", "2017年1月7日"],
         Enactment(("国务院国有资产监督管理委员会",), date(2017, 1, 7))),
        # the seal stands for the signature: the date follows the closing formula
        (["特此通知。", "2021年2月2日", "（联系人：市工业和信息化局电力处 章建新"], Enactment((), date(2021, 2, 2))),
        # a date line in the body is no signature
        (["申报截止时间为：", "2021年3月1日", "逾期不予受理。"], Enactment()),
    ],
    ids=["bodies", "minister", "body-head", "closing-formula", "body-date"],
)  # fmt: skip
def test_metadata_enactment_signature(lines: list[str], expected: Enactment) -> None:
    assert signature(lines) == expected


def test_metadata_enactment_decree() -> None:
    assert decree(PDF_EXCERPTS["mofcom"]) == Enactment(("商务部",), None, "商务部令2014年第3号")
    assert decree(PDF_EXCERPTS["sasac"]) == Enactment()  # "第35号" under a title is no decree header


@pytest.mark.parametrize(
    ("lines", "issuer", "when"),
    [
        (
            [
                "# 中华人民共和国节约能源法",
                "1997年11月1日 第八届全国人民代表大会常务委员会第二十八次会议通过",
                "2007年10月28日 第十届全国人民代表大会常务委员会第三十次会议修订",
                "2018年10月26日 第十三届全国人民代表大会常务委员会第六次会议《关于修改〈中华人民共和国野生动物保护法〉等十五部法律的决定》第二次修正",
                "## 第一章 总则",
            ],
            "全国人民代表大会常务委员会",
            date(2018, 10, 26),
        ),
        (
            [
                "# 淄博市节约能源条例",
                "2013年10月24日 淄博市第十四届人民代表大会常务委员会第十五次会议通过",
                "2013年11月29日 山东省第十二届人民代表大会常务委员会第五次会议批准",
                "2020年8月27日 淄博市第十五届人民代表大会常务委员会第三十六次会议通过并经2020年9月25日山东省第十三届人民代表大会常务委员会第二十三次会议批准的《淄博市人民代表大会常务委员会关于修改〈淄博市节约能源条例〉等九件地方性法规的决定》修正",
            ],
            "淄博市人民代表大会常务委员会",
            date(2020, 8, 27),
        ),
        (
            [
                "# 山东省清洁生产促进条例",
                "２００２年６月２９日 第九届全国人民代表大会常务委员会第二十八次会议通过",
                "（",
                "2010年7月30日山东省第十一届人民代表大会常务委员会第十八次会议通过 根据2020年11月27日山东省第十三届人民代表大会常务委员会第二十四次会议《关于修改〈山东省清洁生产促进条例〉等六件地方性法规的决定》修正）",
                "## 第一章  总则",
            ],
            "山东省人民代表大会常务委员会",
            date(2020, 11, 27),
        ),
        (["# 碳排放权交易管理暂行条例", "第一条 为了规范碳排放权交易及相关活动，制定本条例。"], None, None),
    ],
    ids=["national-law", "city-regulation-approved", "province-after-quirk", "no-history"],
)
def test_metadata_enactment_adoption(lines: list[str], issuer: str | None, when: date | None) -> None:
    got = adoption(lines)
    assert (got.issuers, got.date) == ((issuer,) if issuer else (), when)


@pytest.mark.parametrize(
    ("lines", "doc_date", "title", "valid_from", "valid_until"),
    [
        (["第八十七条 本法自2008年4月1日起施行。"], None, None, date(2008, 4, 1), None),
        (["第一千二百六十条 本法自２０２１年１月１日起施行。"], None, None, date(2021, 1, 1), None),
        (["本法自12月1日起施行。"], date(2015, 8, 29), None, date(2015, 12, 1), None),  # year of adoption
        (["（二）本操作办法自2023年4月19日起实施，有效期至2025年12月31日。"], None, None,
         date(2023, 4, 19), date(2025, 12, 31)),
        (["本文件自公布之日起30日后施行，政策措施从2025年1月1日起算，有效期截至2027年12月31日。"],
         date(2025, 12, 30), None, date(2025, 1, 1), date(2027, 12, 31)),
        (["本文件自公布之日起30日后施行。"], date(2025, 12, 30), None, date(2026, 1, 29), None),
        (PDF_EXCERPTS["sasac"][2:3], date(2017, 1, 7), "中央企业境外投资监督管理办法", date(2017, 1, 7), None),
        # another document's 《title》, or 本市 …, says nothing about this one
        (PDF_EXCERPTS["sasac"][2:3], date(2017, 1, 7), "境外投资管理办法", None, None),
        (["本市光伏项目补贴执行至2025年底。"], None, None, None, None),
    ],
    ids=["law", "full-width", "no-year", "named-rules", "counted-from", "days-after", "decree-title",
         "other-title", "not-the-document"],
)  # fmt: skip
def test_metadata_enactment_validity(
    lines: list[str],
    doc_date: date | None,
    title: str | None,
    valid_from: date | None,
    valid_until: date | None,
) -> None:
    v = find_validity(lines, doc_date, title)
    assert (v.valid_from, v.valid_until) == (valid_from, valid_until)
