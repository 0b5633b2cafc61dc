"""``policykg ask 'question' [--as-of D] [--json]``: an eligibility answer on the command line.

``register_ask(add)`` adds the command; api/cli.py calls it with its ``add`` helper.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from typing import Any


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def format_answers(result: dict[str, Any], limit: int = 5) -> str:
    """The answers as short text: verdict and amount, calculation, clause, validity, missing facts."""
    lines = []
    profile = result["profile"]
    facts = [f"{k}={v}" for k, v in profile.items() if v and k not in ("question", "amounts", "regions")]
    facts += [f"{a['role']}={a['text']}" for a in profile.get("amounts", [])]
    lines.append("profile: " + ", ".join(facts))
    if not result["answers"]:
        lines.append("no incentive in the store fits this question")
    verdicts = {True: "eligible", False: "not eligible", None: "cannot decide"}
    for n, a in enumerate(result["answers"][:limit], 1):
        amount = f" {a['amount_yuan']:,.0f} 元" if a["amount_yuan"] is not None else ""
        lines.append(f"{n}. {verdicts[a['eligible']]}{amount} — {a['doc_title']} {a.get('path') or ''}")
        lines.append(f"   {a['calculation']}")
        if a["valid_until"]:
            lines.append(f"   valid until {a['valid_until']}")
        if a["missing"]:
            lines.append("   missing: " + "; ".join(a["missing"]))
        lines.append("   “" + (a.get("sentence") or a["text"]).replace("\n", " ")[:160] + "”")
    return "\n".join(lines)


def cmd_ask(args: argparse.Namespace) -> int:
    from api.cli import EXIT_BAD_INPUT, EXIT_OK, _open_store, _settings
    from graph.eligibility import answer_question

    try:
        with _open_store(_settings(args), read_only=True) as store:
            result = answer_question(store, args.question, as_of=args.as_of)
    except ValueError as exc:
        print(f"policykg: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(format_answers(result))
    return EXIT_OK


def register_ask(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``ask`` through api/cli.py's ``add(name, func, help)``."""
    p = add("ask", cmd_ask, "answer an eligibility question: amount, calculation, clause, validity")
    p.add_argument("question")
    p.add_argument("--as-of", type=_as_of, help="judge validity on this day, YYYY-MM-DD (default: the year asked)")
    p.add_argument("--json", action="store_true", help="print the /ask JSON")
