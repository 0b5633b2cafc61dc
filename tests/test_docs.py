"""README.md documents every CLI command, API route and setting (STYLE.md §12)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from api.cli import build_parser
from api.settings import Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")  # argparse keeps subparsers here
    return sorted(sub.choices)


@pytest.mark.parametrize("command", _commands())
def test_docs_readme_shows_every_cli_command(command: str) -> None:
    assert f"policykg {command}" in README


def _routes() -> list[str]:
    """The API's paths as its OpenAPI schema lists them (web pages are left out of the schema)."""
    from api.app import create_app

    app = create_app(Settings(db=Path("/nonexistent")))
    return sorted({path.replace("{id:path}", "{id}") for path in app.openapi()["paths"]})


@pytest.mark.parametrize("path", _routes())
def test_docs_readme_shows_every_api_route(path: str) -> None:
    pattern = re.sub(r"\\\{[a-z_]+\\\}", r"\\{[a-z_]+\\}", re.escape(path))
    assert re.search(pattern + r"(?![\w/])", README), f"{path} is not in README.md"


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_docs_readme_shows_every_setting(name: str) -> None:
    assert f"POLICYKG_{name.upper()}" in README
