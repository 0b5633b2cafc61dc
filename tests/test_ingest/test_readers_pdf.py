"""PDF reader: PDFs generated from corpus text, the real PDFs of ../shared/external/pdfs, bad PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.errors import ScannedPDFError, UnreadableFileError
from ingest.readers import read

ROOT = Path(__file__).resolve().parents[2]
PDFS = ROOT.parent / "shared" / "external" / "pdfs"
KANGXI = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")


def _paragraphs() -> list[str]:
    text = (ROOT / "corpus" / "002_97631093a827f084.txt").read_text("utf-8")
    paras = [p.strip() for p in text.split("\n") if len(p.strip()) >= 60 and not p.startswith("#")]
    return paras[3:23]


def _make_pdf(path: Path, paragraphs: list[str], *, encrypt: str | None = None) -> None:
    """A4 pages: header and "— N —" footer on every page, paragraphs indented 2 chars and wrapped."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    size, left, right = 12, 72, A4[0] - 72
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    page = 1

    def furniture() -> None:
        c.setFont("STSong-Light", 9)
        c.drawCentredString(A4[0] / 2, A4[1] - 40, "工业和信息化部文件 工信部规〔2021〕178号")
        c.drawCentredString(A4[0] / 2, 36, f"— {page} —")
        c.setFont("STSong-Light", size)

    furniture()
    y = A4[1] - 80
    for para in paragraphs:
        line, x0 = "", left + 2 * size
        for ch in para:
            if pdfmetrics.stringWidth(line + ch, "STSong-Light", size) > right - x0:
                c.drawString(x0, y, line)
                line, x0, y = "", left, y - 1.6 * size
                if y < 72:
                    c.showPage()
                    page += 1
                    furniture()
                    y = A4[1] - 80
            line += ch
        c.drawString(x0, y, line)
        y -= 1.6 * size
        if y < 72:
            c.showPage()
            page += 1
            furniture()
            y = A4[1] - 80
    c.save()


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "generated.pdf"
    _make_pdf(path, _paragraphs())
    return read(path)


def test_readers_pdf_generated_paragraphs_equal_original(generated):
    assert generated.text.rstrip("\n").split("\n") == _paragraphs()


def test_readers_pdf_generated_pages_and_furniture(generated):
    assert len(generated.pages) >= 2
    assert generated.pages[0][0] == 0 and generated.pages[-1][1] == len(generated.text.rstrip("\n"))
    assert all(a[1] <= b[0] for a, b in zip(generated.pages, generated.pages[1:], strict=False))
    assert "工信部规〔2021〕178号" not in generated.text and "—" not in generated.text
    assert generated.encoding == "pdf" and generated.tables == []


def test_readers_pdf_table_kept(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11)
    rows = [["指标", "2020年", "2025年", "属性"], ["规模以上工业单位增加值能耗降低", "-", "13.5%", "约束性"]]
    table = Table(rows)
    table.setStyle(
        TableStyle([("FONT", (0, 0), (-1, -1), "STSong-Light"), ("GRID", (0, 0), (-1, -1), 0.5, "black")])
    )
    path = tmp_path / "table.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph("表1 主要指标", style), table])
    source = read(path)
    assert [t.rows for t in source.tables] == [rows]
    start, end = source.tables[0].span
    assert (
        source.text[start:end]
        == "指标 | 2020年 | 2025年 | 属性\n规模以上工业单位增加值能耗降低 | - | 13.5% | 约束性"
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("truncated.pdf", "half", "truncated or corrupt PDF"),
        ("garbage.pdf", "garbage", "not a PDF file"),
        ("encrypted.pdf", "encrypted", "encrypted PDF"),
    ],
)
def test_readers_pdf_unreadable(tmp_path, name, data, message):
    path = tmp_path / name
    if data == "half":
        _make_pdf(tmp_path / "whole.pdf", _paragraphs()[:2])
        whole = (tmp_path / "whole.pdf").read_bytes()
        path.write_bytes(whole[: len(whole) // 3])
    elif data == "encrypted":
        _make_pdf(path, _paragraphs()[:2], encrypt="secret")
    else:
        path.write_bytes(b"<html>not a pdf</html>")
    with pytest.raises(UnreadableFileError, match=re.escape(message)) as info:
        read(path)
    assert str(info.value).startswith(f"{name}: ") and "\n" not in str(info.value)


@pytest.mark.skipif(not PDFS.is_dir(), reason="external PDFs not present")
def test_readers_pdf_scanned_refused():
    path = next((PDFS / "scanned").glob("*.pdf"))
    with pytest.raises(ScannedPDFError, match="scanned/image-only PDF.*OCR is not supported"):
        read(path)


# file -> sentences checked by eye in the reader's output (each was broken across lines or pages)
REAL = {
    "gov-local-special-bonds-opinions-2024.pdf": [
        "国务院办公厅关于优化完善地方政府专项债券管理机制的意见\n国办发〔2024〕52号",
        "以及卫生健康、养老托育、省级产业园区基础设施等纳入专项债券用作项目资本金范围",
        "25%提高至30%。",
        "十六、供热（含供热计量改造、长距离供热管道）",
        "\n附件1\n",
    ],
    "hainan-agri-machinery-subsidy-plan-2024.pdf": [
        "为规范实施农机购置与应用补贴政策，充分发挥政策效益，推动农业机械化全程全面高质量发展",
        "\n（三）在政策实施方面着力提升监督服务效能。",
    ],
    "gov-outbound-investment-guidance-2017.pdf": [
        "国家发展改革委、商务部、人民银行、外交部《关于进一步引导和规范境外投资方向的指导意见》已经国务院同意，现转发给你们，请认真贯彻执行。",
        "\n二、基本原则\n",
    ],
    "sasac-central-soe-outbound-investment-measures-2017.pdf": [
        "（二）依法合规。遵守我国和投资所在国（地区）法律法规、商业规则和文化习俗，合规经营，有序发展。",
        "\n第一章 总则\n",
    ],
    "mofcom-outbound-investment-measures-2014.pdf": [
        "第一条 为了促进和规范境外投资，提高境外投资便利化水平，",
        "\n第二章 备案和核准\n",
    ],
    "npc-civil-code-2020.pdf": [
        "第七百一十二条 出租人应当履行租赁物的维修义务，但是当事人另有约定的除外。",
        "\n第一编 总 则\n",
    ],
    "csrc-listed-company-industry-classification-2018q3.pdf": [
        "门类名称及代码 | 行业大类代码 | 行业大类名称 | 上市公司代码 | 上市公司简称"
    ],
}


@pytest.fixture(scope="module", params=sorted(REAL))
def real(request):
    if not PDFS.is_dir():
        pytest.skip("external PDFs not present")
    return request.param, read(PDFS / request.param)


def test_readers_pdf_real_known_sentences_unbroken(real):
    name, source = real
    for sentence in REAL[name]:
        assert sentence in source.text, (name, sentence)


def test_readers_pdf_real_clean(real):
    name, source = real
    lines = source.text.split("\n")
    assert not KANGXI.search(source.text), name
    assert not re.search(r"(国国务务|务务院院|附附件件|意意见见|一一、、)", source.text), name
    assert not [
        ln for ln in lines if re.fullmatch(r"\s*[-—－]\s*[\d０-９]+\s*[-—－]\s*|第\d+页|\d+/\d+", ln)
    ], name
    assert "https://" not in source.text and "file:///" not in source.text, name
    assert len(source.pages) >= 1 and source.pages[-1][1] <= len(source.text)


def test_readers_pdf_real_tables_only_where_ruled(real):
    name, source = real
    if name.startswith("csrc"):
        assert len(source.tables) >= 80 and all(len(t.rows[0]) == 5 for t in source.tables)
    elif name.startswith(("gov-", "sasac", "mofcom", "npc")):
        assert source.tables == []
