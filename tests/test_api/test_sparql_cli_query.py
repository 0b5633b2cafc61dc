"""`policykg query --format table|json|csv` through api.cli.main, and api.querying.print_results."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from api.cli import main
from api.querying import display_width, format_table

SELECT = """PREFIX eli: <http://data.europa.eu/eli/ontology#> PREFIX pkg: <https://w3id.org/policykg/ontology#>
SELECT ?region ?title WHERE { ?d eli:title ?title ; pkg:region ?region ; pkg:level "municipal" } ORDER BY ?title"""


def run(capsys, corpus_db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["query", "--db", str(corpus_db), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_sparql_cli_table_aligned(capsys, corpus_db):
    code, out, _ = run(capsys, corpus_db, SELECT)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split(" | ")[0].strip() == "region" and set(lines[1]) <= {"-", "+"}
    assert len(lines) == 2 + 5  # header, rule, the five municipal documents
    bar = {display_width(line.split("|")[0]) for line in lines if "|" in line}
    assert len(bar) == 1, "the column separator is at the same display column on every row"
    assert any(line.startswith("温州市") for line in lines)


def test_sparql_cli_json(capsys, corpus_db):
    code, out, _ = run(capsys, corpus_db, "--format", "json", SELECT)
    assert code == 0
    data = json.loads(out)
    assert data["head"]["vars"] == ["region", "title"]
    assert {b["region"]["value"] for b in data["results"]["bindings"]} == {"北京市", "温州市", "重庆市"}


def test_sparql_cli_csv(capsys, corpus_db):
    code, out, _ = run(capsys, corpus_db, "--format", "csv", SELECT)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["region", "title"] and len(rows) == 6
    assert "\r" not in out


@pytest.mark.parametrize(("fmt", "expected"), [("table", "true"), ("csv", "_askResult\ntrue"),
                                               ("json", '{"head": {}, "boolean": true}')])
def test_sparql_cli_ask(capsys, corpus_db, fmt, expected):
    code, out, _ = run(capsys, corpus_db, "--format", fmt, 'ASK { ?s ?p "北京市" }')
    assert code == 0 and out.strip() == expected


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_sparql_cli_construct(capsys, corpus_db, fmt):
    text = ('CONSTRUCT { ?d <urn:region> ?r } WHERE { ?d <https://w3id.org/policykg/ontology#region> "温州市" '
            'BIND("温州市" AS ?r) }')
    code, out, _ = run(capsys, corpus_db, "--format", fmt, text)
    assert code == 0
    if fmt == "json":
        assert json.loads(out)[0]["urn:region"][0]["@value"] == "温州市"
    else:
        assert "urn:region" in out and "温州市" in out


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_sparql_cli_malformed_query_exit_1(capsys, corpus_db, fmt):
    code, out, err = run(capsys, corpus_db, "--format", fmt, "SELEC ?x")
    assert code == 1 and out == ""
    assert err.startswith("policykg: invalid SPARQL") and err.count("\n") <= 6


def test_sparql_cli_format_table_cuts_long_cells():
    table = format_table(["text"], [["很长" * 50]], max_width=10)
    assert table.splitlines()[2] == "很长很长…"
