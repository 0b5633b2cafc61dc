"""Text reader: encodings, line ends, HTML, bad input, and the lazy reader registry."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ingest.errors import (
    BinaryFileError,
    EmptyFileError,
    IngestError,
    UnreadableFileError,
    UnsupportedFormatError,
)
from ingest.readers import SUFFIXES, read

ROOT = Path(__file__).resolve().parents[2]
CORPUS_002 = ROOT / "corpus" / "002_97631093a827f084.txt"


@pytest.fixture(scope="module")
def corpus_text() -> str:
    return CORPUS_002.read_text("utf-8")


@pytest.mark.parametrize(
    ("encoding", "newline", "expected_encoding"),
    [
        ("utf-8", "\n", "utf-8"),
        ("utf-8-sig", "\n", "utf-8-sig"),
        ("gbk", "\n", "gb18030"),
        ("gb18030", "\r\n", "gb18030"),
        ("utf-8", "\r\n", "utf-8"),
        ("utf-8", "\r", "utf-8"),
        ("utf-16", "\n", "utf-16"),
    ],
)
def test_readers_text_encodings(tmp_path, corpus_text, encoding, newline, expected_encoding):
    path = tmp_path / "doc.txt"
    path.write_bytes(corpus_text.replace("\n", newline).encode(encoding))
    source = read(path)
    assert source.text == corpus_text
    assert source.encoding == expected_encoding
    assert len(source.sha256) == 64 and source.pages == [] and source.tables == []


@pytest.mark.parametrize("suffix", [".txt", ".md", ".MD", ".Markdown", ".TXT"])
def test_readers_text_suffixes_case_insensitive(tmp_path, suffix):
    path = tmp_path / f"doc{suffix}"
    path.write_text("# 标题\n\n一、**总体要求**\n> 引用\n", "utf-8")
    # markdown marks stay: later stages read them as structure
    assert read(path).text == "# 标题\n\n一、**总体要求**\n> 引用\n"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<p>一、总体要求</p><p>（一）指导思想。</p>", "\n一、总体要求\n（一）指导思想。\n"),
        (
            "第一条&nbsp;为了<span style='x'>规范</span>管理&amp;服务。<br/>第二条 适用。",
            "第一条 为了规范管理&服务。\n第二条 适用。",
        ),
        ("<div>专栏1</div>\n<div>内容</div>", "\n专栏1\n内容\n"),
        ("达到 <b>20%</b> 以上", "达到 20% 以上"),
    ],
)
def test_readers_text_html_tags_are_formatting(tmp_path, raw, expected):
    path = tmp_path / "doc.md"
    path.write_text(raw, "utf-8")
    assert read(path).text == expected


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("empty.txt", b"", EmptyFileError),
        ("blank.txt", b" \n\t\r\n\xe3\x80\x80\n", EmptyFileError),
        ("binary.txt", bytes(range(256)) * 8, BinaryFileError),
        ("nul.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryFileError),
        ("cut.txt", "节能降碳行动方案".encode() * 50 + "碳".encode()[:2], UnreadableFileError),
        ("report.docx", b"PK\x03\x04", UnsupportedFormatError),
        ("notes.xyz", "文本".encode(), UnsupportedFormatError),
        ("noext", "文本".encode(), UnsupportedFormatError),
    ],
)
def test_readers_text_bad_input(tmp_path, name, data, error):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error) as info:
        read(path)
    message = str(info.value)
    assert isinstance(info.value, IngestError)
    assert message.startswith(f"{name}: ") and "\n" not in message
    assert info.value.path == str(path)


def test_readers_text_missing_file(tmp_path):
    with pytest.raises(UnreadableFileError, match="missing.txt: cannot open file"):
        read(tmp_path / "missing.txt")


def test_readers_suffixes_listed():
    assert set(SUFFIXES) == {".txt", ".md", ".markdown", ".pdf"}


def test_readers_import_does_not_import_pdfplumber():
    code = "import sys, ingest.readers; print('pdfplumber' in sys.modules, 'pdfminer' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_readers_text_corpus_unchanged_except_html():
    """Clean corpus files come back as they are (no web-noise rule fires on them)."""
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        raw = path.read_text("utf-8-sig").replace("\r\n", "\n")
        text = read(path).text
        if "<p>" in raw:
            assert "<p>" not in text and len(text) >= len(raw) - 20
        else:
            assert text == raw, path.name
