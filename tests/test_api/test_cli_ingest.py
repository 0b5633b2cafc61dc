"""`policykg ingest` and `policykg export` end to end, through api.cli.main (exit codes, idempotence, bad input)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import rdflib

from api.cli import main
from graph.store import open_store

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
SCANNED = ROOT.parent / "shared" / "external" / "pdfs" / "scanned"


def _counts(db: Path) -> dict[str, int]:
    with open_store(f"oxigraph:{db}", read_only=True) as store:
        return store.counts()


def _export(db: Path, capsys: pytest.CaptureFixture[str], fmt: str = "jsonl") -> str:
    capsys.readouterr()
    assert main(["export", "--format", fmt, "--db", str(db)]) == 0
    return capsys.readouterr().out


@pytest.fixture
def two_docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("001_22fe8e069a6ab036.txt", "004_ebeedc2504478cdb.txt"):
        shutil.copy(CORPUS / name, folder / name)
    return folder


def test_cli_ingest_twice_changes_nothing(two_docs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "db"
    assert main(["ingest", str(two_docs), "--db", str(db), "--no-index"]) == 0
    first = _counts(db)
    first_export = _export(db, capsys)
    assert first["documents"] == 2 and first["clauses"] == 37
    assert main(["ingest", str(two_docs), "--db", str(db), "--no-index"]) == 0
    assert "0 ingested, 2 unchanged" in capsys.readouterr().out
    assert main(["ingest", str(two_docs), "--db", str(db), "--no-index", "--force"]) == 0
    assert _counts(db) == first
    assert _export(db, capsys) == first_export


def test_cli_ingest_changed_file_replaces_its_graph(two_docs: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "db"
    assert main(["ingest", str(two_docs), "--db", str(db), "--no-index"]) == 0
    before = _counts(db)
    target = two_docs / "004_ebeedc2504478cdb.txt"
    text = target.read_text(encoding="utf-8")
    # drop the last top-level section (五、保障措施) and everything after it
    cut = text.rindex("\n五、")
    target.write_text(text[:cut] + "\n", encoding="utf-8")
    assert main(["ingest", str(two_docs), "--db", str(db), "--no-index"]) == 0
    assert "1 ingested, 1 unchanged" in capsys.readouterr().out
    after = _counts(db)
    assert after["documents"] == 2
    assert after["clauses"] < before["clauses"]
    records = [json.loads(x) for x in _export(db, capsys).splitlines()]
    titles = [r["title"] for r in records if r["type"] == "document"]
    assert len(titles) == len(set(titles)) == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"\n  \n\t\n", "no text"),
        ("binary.txt", bytes(range(256)) * 40, "binary"),
        ("truncated.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog", "pdf"),
        ("notes.docx", b"PK\x03\x04 not supported", "supported"),
    ],
)
def test_cli_ingest_bad_file_is_one_line_and_others_still_go_in(
    name: str, content: bytes, message: str, two_docs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = two_docs / name
    bad.write_bytes(content)
    db = tmp_path / "db"
    paths = [str(p) for p in sorted(two_docs.iterdir())]
    assert main(["ingest", *paths, "--db", str(db), "--no-index"]) == 1
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and name in lines[0] and message in lines[0].lower()
    assert "Traceback" not in err
    assert _counts(db)["documents"] == 2


def test_cli_ingest_scanned_pdf_says_ocr_is_not_supported(two_docs: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    if not SCANNED.is_dir():
        pytest.skip("../shared/external is not beside the checkout")
    db = tmp_path / "db"
    scanned = next(SCANNED.glob("*.pdf"))
    assert main(["ingest", str(scanned), str(two_docs), "--db", str(db), "--no-index"]) == 1
    err = capsys.readouterr().err
    assert "scanned" in err and "OCR is not supported" in err
    assert _counts(db)["documents"] == 2


def test_cli_ingest_missing_path_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(tmp_path / "nowhere.txt"), "--db", str(tmp_path / "db"), "--no-index"]) == 1
    assert "nowhere.txt" in capsys.readouterr().err


def test_cli_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["export", "--format", "xml"])
    assert exc.value.code == 2
    assert main([]) == 2


@pytest.mark.parametrize(("fmt", "rdf_format"), [("ttl", "turtle"), ("nq", "nquads")])
def test_cli_export_rdf_parses_back(fmt: str, rdf_format: str, corpus_db: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    data = _export(corpus_db, capsys, fmt)
    graph = rdflib.Dataset() if fmt == "nq" else rdflib.Graph()
    graph.parse(data=data, format=rdf_format)
    assert len(graph) > 5000
    if fmt == "nq":
        assert len({c for _, _, _, c in graph.quads()}) >= 14


def test_cli_export_jsonl_records_cover_every_kind(corpus_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = [json.loads(x) for x in _export(corpus_db, capsys).splitlines()]
    kinds = {r["type"] for r in records}
    assert kinds == {"document", "clause", "agency_task", "target", "deadline", "incentive"}
    docs = [r for r in records if r["type"] == "document"]
    assert sum(1 for d in docs if d["part_of"]) == 10  # the newsletter issue holds ten documents
