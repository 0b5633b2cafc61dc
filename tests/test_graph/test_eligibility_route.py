"""POST /ask (api/routers/ask.py) and ``policykg ask`` (api/cli_ask.py) on the corpus store."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.cli import _common
from api.cli_ask import register_ask
from api.errors import install_error_handlers
from api.routers.ask import router

D1 = "2026年，北京一家制造业企业实施节能改造项目，总投资400万元，年节能量200吨标准煤，最多能获得多少奖励资金？"
ANSWER_KEYS = {"eligible", "amount_yuan", "calculation", "incentive", "clause", "doc_title", "text", "valid_until",
               "missing"}


@pytest.fixture(scope="module")
def client(corpus_db: Path):
    from graph.store import open_store

    app = FastAPI()
    install_error_handlers(app)
    app.include_router(router)
    with open_store(f"oxigraph:{corpus_db}", read_only=True) as store:
        app.state.store = store
        yield TestClient(app)


def test_eligibility_route_question(client: TestClient) -> None:
    r = client.post("/ask", json={"question": D1})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"profile", "answers"}
    top = body["answers"][0]
    assert ANSWER_KEYS <= set(top)
    assert (top["eligible"], top["amount_yuan"], top["valid_until"]) == (True, 240000, "2027-12-31")
    assert top["clause"].startswith("https://w3id.org/policykg/") and "1200元/吨标准煤" in top["text"]
    assert body["profile"]["region"] == "北京市"


@pytest.mark.parametrize(("as_of", "eligible"), [("2027-12-31", True), ("2028-01-01", False)])
def test_eligibility_route_as_of(client: TestClient, as_of: str, eligible: bool) -> None:
    question = "北京一家制造业企业实施节能改造项目，总投资400万元，年节能量200吨标准煤，能获得多少奖励？"
    top = client.post("/ask", json={"question": question, "as_of": as_of}).json()["answers"][0]
    assert top["eligible"] is eligible


def test_eligibility_route_profile(client: TestClient) -> None:
    profile = {"region": "北京", "year": 2026, "applicant": ["制造业企业"], "project": ["节能改造"],
               "amounts": {"investment": 8e6, "energy_saved": 500}}
    top = client.post("/ask", json={"profile": profile}).json()["answers"][0]
    assert top["amount_yuan"] == 600000


@pytest.mark.parametrize(("body", "status"), [({}, 400), ({"question": "  "}, 400),
                                              ({"profile": {"money": 1}}, 400), ({"question": 5}, 422)])
def test_eligibility_route_bad_input(client: TestClient, body: dict, status: int) -> None:
    r = client.post("/ask", json=body)
    assert r.status_code == status
    assert r.json()["error"]["status"] == status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policykg")
    sub = parser.add_subparsers()

    def add(name, func, help_):
        p = sub.add_parser(name, help=help_)
        _common(p)
        p.set_defaults(func=func)
        return p

    register_ask(add)
    return parser


@pytest.mark.parametrize("as_json", [True, False])
def test_eligibility_cli_ask(corpus_db: Path, capsys: pytest.CaptureFixture[str], as_json: bool) -> None:
    args = _parser().parse_args(["ask", D1, "--db", str(corpus_db)] + (["--json"] if as_json else []))
    assert args.func(args) == 0
    out = capsys.readouterr().out
    if as_json:
        assert json.loads(out)["answers"][0]["amount_yuan"] == 240000
    else:
        assert "1. eligible 240,000 元" in out and "valid until 2027-12-31" in out


def test_eligibility_cli_ask_rejects_bad_date() -> None:
    with pytest.raises(SystemExit):
        _parser().parse_args(["ask", D1, "--as-of", "2026-13-01"])
