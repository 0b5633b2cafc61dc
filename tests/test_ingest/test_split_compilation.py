"""Splitting a compilation (a newsletter issue) into documents; single documents stay whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.split import split

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
EXTERNAL = ROOT.parent / "shared" / "external" / "texts"

NEWSLETTER_PARTS = [
    ("中共中央 国务院关于深入打好污染防治攻坚战的意见", "policy"),
    ("2030年前碳达峰行动方案", "policy"),
    ("工业和信息化部 人民银行 银保监会 证监会 关于加强产融合作推动工业绿色发展的指导意见", "policy"),
    ("《关于加强产融合作推动工业绿色发展的指导意见》解读", "article"),
    ("从数字化到数智化：经济社会发展范式的新跃进", "article"),
    ("我国制造业比重下降不能等同于“去工业化”", "article"),
    ("重要文件发布！“双碳”新蓝图来了！", "news"),
    ("重庆市装备制造业高质量发展行动计划（2021—2025年）", "policy"),
    ("河南省坚决遏制“两高”项目盲目发展行动方案", "policy"),
    ("温州市制造业千企节能改造行动方案（2021-2023）", "policy"),
]


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


def _one(prefix: str) -> Path:
    return next(CORPUS.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="module")
def newsletter() -> str:
    return _read(_one("003"))


@pytest.mark.parametrize("without_toc", [False, True], ids=["with-toc", "without-toc"])
def test_split_newsletter_titles_and_kinds(newsletter: str, without_toc: bool) -> None:
    text = re.sub(r"(?m)^- \d\d .*$", "", newsletter) if without_toc else newsletter
    parts = split(text)
    assert [(p.title, p.kind) for p in parts] == NEWSLETTER_PARTS


def test_split_newsletter_spans(newsletter: str) -> None:
    parts = split(newsletter)
    for part, nxt in zip(parts, parts[1:], strict=False):
        assert part.span[1] <= nxt.span[0]  # ordered, no overlap
    for part in parts:
        start, end = part.title_span
        assert re.sub(r"\s", "", newsletter[start:end]) == re.sub(r"\s", "", part.title)
    # masthead, editorial board and table of contents belong to no part
    assert parts[0].span[0] > newsletter.index("编辑委员会")
    henan = parts[8]
    henan_text = newsletter[henan.span[0] : henan.span[1]]
    assert "（二十）严肃责任追究" in henan_text and "温州市" not in henan_text
    # advertisement slogans between documents are in no part
    assert not any("让绿色文明一生相伴" in newsletter[p.span[0] : p.span[1]] for p in parts)
    assert parts[6].section == "综合信息"


SINGLE_FILES = [_one(k) for k in ("000", "001", "002", "004")] + sorted(EXTERNAL.glob("*"))


@pytest.mark.parametrize("path", SINGLE_FILES, ids=lambda p: p.name[:40])
def test_split_single_document_is_one_part(path: Path) -> None:
    text = _read(path)
    parts = split(text)
    assert len(parts) == 1
    assert parts[0].span == (0, len(text))
    assert parts[0].title and parts[0].kind == "policy"


@pytest.mark.parametrize(
    ("first", "second", "titles"),
    [
        (
            "001",
            "004",
            [
                "北京市促进制造业和信息软件业绿色低碳发展的若干措施",
                "北京市经济和信息化局 北京市生态环境局 关于印发《北京市美丽工厂建设指引》的通知",
            ],
        ),
        (
            "000",
            "002",
            [
                "北京市经济和信息化局关于印发《北京市“十四五”时期制造业绿色低碳发展行动方案》的通知",
                "工业和信息化部关于印发“十四五”工业绿色发展规划的通知",
            ],
        ),
    ],
)
def test_split_glued_documents_without_table_of_contents(first: str, second: str, titles: list[str]) -> None:
    """Two notices glued together (a gazette): each notice keeps its attachment."""
    text = _read(_one(first)) + "\n\n" + _read(_one(second))
    assert [p.title for p in split(text)] == titles


def test_split_glued_regulations() -> None:
    text = _read(EXTERNAL / "henan-reg-energy-conservation-2017.md") + "\n\n"
    text += _read(EXTERNAL / "zibo-reg-energy-conservation-2020.md")
    assert [p.title for p in split(text)] == ["河南省节约能源条例", "淄博市节约能源条例"]


def test_split_notice_with_attachment_is_one_part() -> None:
    text = (
        "关于印发《某市节能行动方案》的通知\n\n各单位：\n\n现将方案印发给你们。\n\n附件：\n\n某市节能行动方案\n\n一、总体要求\n\n"
        + "内容。" * 40
    )
    parts = split(text)
    assert [p.title for p in parts] == ["关于印发《某市节能行动方案》的通知"]
