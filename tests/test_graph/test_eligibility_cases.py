"""YAML eligibility cases (OpenFisca style, STYLE.md §11): tests/cases/eligibility_*.yaml.

Each case is a question (or a structured profile) and what the top answer must say. A file's
name says which documents it needs: ``eligibility_corpus.yaml`` runs on the corpus store
(tests/conftest.py ``corpus_db``), ``eligibility_external.yaml`` on the subsidy documents of
../shared/external, ingested once here.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from graph.eligibility import answer_question

CASES_DIR = Path(__file__).resolve().parent.parent / "cases"
EXTERNAL_FILES = ("texts/shanghai-lingang-pv-subsidy-rules-2023.md", "texts/beijing-ndrc-new-energy-heating-support-2026.txt",
                  "texts/chongqing-icv-nev-commercial-vehicle-measures-2025.txt",
                  "pdfs/hainan-agri-machinery-subsidy-plan-2024.pdf")
_CASE_KEYS = {"name", "question", "profile", "as_of", "today", "output"}
_OUTPUT_KEYS = {"eligible", "amount_yuan", "cites", "path", "missing", "no_answers"}
DEFAULT_TODAY = date(2026, 11, 21)


def _load_cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("eligibility_*.yaml")):
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(cases, list):
            raise ValueError(f"{path}: expected a list of cases")
        store = path.stem.removeprefix("eligibility_")
        for case in cases:
            unknown = set(case) - _CASE_KEYS | set(case.get("output", {})) - _OUTPUT_KEYS
            if unknown or "name" not in case or "output" not in case:
                raise ValueError(f"{path}: case {case.get('name')!r}: unknown or missing keys {sorted(unknown)}")
            params.append(pytest.param(store, case, id=f"{store}:{case['name']}"))
    return params


def _norm(text: str | None) -> str:
    # the same normalisation as ../shared/eval/run_eval.py
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text or ""))


@pytest.fixture(scope="session")
def external_eligibility_db(tmp_path_factory: pytest.TempPathFactory, external_dir: Path) -> Path:
    """The four external documents with subsidy rules, ingested once (no search index)."""
    from api.ingesting import ingest_paths
    from graph.store import open_store

    db = tmp_path_factory.mktemp("external-eligibility-db")
    with open_store(f"oxigraph:{db}") as store:
        summary = ingest_paths([external_dir / f for f in EXTERNAL_FILES], store, search_dir=None, log=lambda _: None)
    assert not summary.failed, summary.failed
    return db


@pytest.fixture(scope="session")
def stores(request: pytest.FixtureRequest):
    """Open read-only stores by case-file name, opened on first use and closed at the end."""
    from graph.store import open_store

    opened: dict[str, Any] = {}

    def get(name: str):
        if name not in opened:
            fixture = {"corpus": "corpus_db", "external": "external_eligibility_db"}[name]
            opened[name] = open_store(f"oxigraph:{request.getfixturevalue(fixture)}", read_only=True)
        return opened[name]

    yield get
    for store in opened.values():
        store.close()


@pytest.mark.parametrize(("store_name", "case"), _load_cases())
def test_eligibility_case(store_name: str, case: dict[str, Any], stores) -> None:
    as_of = date.fromisoformat(str(case["as_of"])) if case.get("as_of") else None
    today = date.fromisoformat(str(case["today"])) if case.get("today") else DEFAULT_TODAY
    result = answer_question(stores(store_name), case.get("question"), as_of=as_of, profile=case.get("profile"),
                             today=today)
    want = case["output"]
    answers = result["answers"]
    if want.get("no_answers"):
        assert answers == [], [a["calculation"] for a in answers]
        return
    assert answers, f"no answer; profile {result['profile']}"
    top = answers[0]
    context = f"top answer {top['path']}: {top['calculation']} missing={top['missing']}"
    if "eligible" in want:
        assert top["eligible"] is want["eligible"], context
    if "amount_yuan" in want:
        assert top["amount_yuan"] is not None and abs(top["amount_yuan"] - want["amount_yuan"]) < 1, context
    if "cites" in want:
        assert _norm(str(want["cites"])) in _norm(top["text"]), context
    if "path" in want:
        assert top["path"] == want["path"], context
    if "missing" in want:
        assert any(want["missing"] in m for m in top["missing"]), context
