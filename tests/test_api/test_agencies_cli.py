"""`policykg agencies` and `policykg tasks`: tables by default, JSON with --json, exit 1 when unclear."""

from __future__ import annotations

import json

import pytest

from api.cli import main
from api.cli_more import clip, display_width


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_agencies_table(capsys, corpus_db):
    code, out, _ = run(capsys, "agencies", "发改委", "--db", str(corpus_db))
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["agency", "region", "level", "tasks", "aliases", "id"]
    assert lines[2].split()[:4] == ["温州市发展和改革委员会", "温州市", "municipal", "20"]
    assert lines[3].split()[:4] == ["河南省发展和改革委员会", "河南省", "provincial", "15"]


def test_agencies_json_filtered_by_region(capsys, corpus_db):
    code, out, _ = run(capsys, "agencies", "--region", "河南省", "--json", "--db", str(corpus_db))
    found = json.loads(out)["agencies"]
    assert code == 0 and found[0]["name"] == "河南省发展和改革委员会"
    assert all(a["region"] == "河南省" for a in found)


def test_agencies_no_match_exits_1(capsys, corpus_db):
    code, out, err = run(capsys, "agencies", "火星局", "--db", str(corpus_db))
    assert (code, out) == (1, "") and "火星局" in err


@pytest.mark.parametrize("ref", ["省发展改革委", "河南省发改委", "d895b90551b7"])
def test_tasks_table(capsys, corpus_db, ref):
    code, out, _ = run(capsys, "tasks", ref, "--db", str(corpus_db))
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "河南省发展和改革委员会 (河南省, provincial): 15 tasks"
    assert lines[2].split() == ["deadline", "role", "document", "clause", "text"]
    assert lines[4].split()[:2] == ["2021-12-31", "负责"] and "三/(九)" in lines[4]
    assert len(lines) == 4 + 15


def test_tasks_json(capsys, corpus_db):
    code, out, _ = run(capsys, "tasks", "河南省发展和改革委员会", "--json", "--db", str(corpus_db))
    board = json.loads(out)
    assert code == 0 and len(board["tasks"]) == 15 and board["tasks"][0]["deadline"] == "2021-12-31"


def test_tasks_ambiguous_lists_candidates_and_exits_1(capsys, corpus_db):
    code, out, err = run(capsys, "tasks", "发改委", "--db", str(corpus_db))
    assert code == 1 and out == ""
    assert "fits" in err and "温州市发展和改革委员会" in err and "河南省发展和改革委员会" in err


@pytest.mark.parametrize(("text", "width", "expected"), [("河南省", 10, "河南省"), ("河南省发展和改革委员会", 9, "河南省发…"),
                                                         ("a\nb", 5, "a b")])
def test_clip_counts_wide_characters(text, width, expected):
    assert clip(text, width) == expected
    assert display_width(clip(text, width)) <= width
