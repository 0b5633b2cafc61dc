"""More ``policykg`` commands, beside the features they expose: ``agencies`` and ``tasks``.

``api.cli.build_parser`` calls ``register(add)``; each command is a thin layer over graph.agencies.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from graph.agencies import LEVELS

EXIT_OK, EXIT_BAD_INPUT = 0, 1
_ROLE_NAMES = {"lead": "牵头", "responsible": "负责", "co": "配合"}


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: wide (CJK) characters count two.

    >>> display_width("河南省abc")
    9
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, width: int) -> str:
    """The text cut to ``width`` columns, with … when cut; line breaks become spaces.

    >>> clip("加强能源计量统计。强化用能单位", 12)
    '加强能源计…'
    """
    text = " ".join(str(text).split())
    if display_width(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out, used = out + ch, used + w
    return out + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO) -> None:
    """Print an aligned plain-text table (CJK-aware); None prints as "-".

    >>> import io; buf = io.StringIO(); table(["名称", "n"], [["河南省", 15], ["x", None]], buf)
    >>> print(buf.getvalue().rstrip())
    名称    n
    ------  --
    河南省  15
    x       -
    """
    cells = [[str(h) for h in headers]] + [["-" if v is None else str(v) for v in row] for row in rows]
    widths = [max(display_width(r[i]) for r in cells) for i in range(len(headers))]
    for n, row in enumerate(cells):
        line = "  ".join(c + " " * (w - display_width(c)) for c, w in zip(row, widths, strict=True))
        out.write(line.rstrip() + "\n")
        if n == 0:
            out.write("  ".join("-" * w for w in widths) + "\n")


def _store(args: argparse.Namespace):
    from api.cli import _open_store, _settings

    return _open_store(_settings(args), read_only=True)


def _dump(data: Any, out: TextIO) -> None:
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def cmd_agencies(args: argparse.Namespace) -> int:
    """List agencies, optionally those whose name (any form) contains NAME."""
    from graph.agencies import find_agencies

    with _store(args) as store:
        found = find_agencies(store, q=args.name, region=args.region, level=args.level)
    if args.json:
        _dump({"agencies": found}, sys.stdout)
        return EXIT_OK
    if not found:
        print(f"policykg: no agency matches {args.name!r}" if args.name else "policykg: no agencies in the store",
              file=sys.stderr)
        return EXIT_BAD_INPUT if args.name else EXIT_OK
    rows = [[a["name"], a["region"], a["level"], a["tasks"], clip("、".join(a["aliases"]), 30),
             a["id"].rsplit("/", 1)[-1]] for a in found]
    table(["agency", "region", "level", "tasks", "aliases", "id"], rows, sys.stdout)
    return EXIT_OK


def cmd_tasks(args: argparse.Namespace) -> int:
    """Print the task board of one agency; several matching agencies are listed instead (exit 1)."""
    from graph.agencies import agency_tasks, match_agencies

    with _store(args) as store:
        candidates = match_agencies(store, args.agency)
        if len(candidates) != 1:
            if not candidates:
                print(f"policykg: no agency matches {args.agency!r} (try `policykg agencies`)", file=sys.stderr)
                return EXIT_BAD_INPUT
            print(f"policykg: {args.agency!r} fits {len(candidates)} agencies; give one of these names or ids:",
                  file=sys.stderr)
            table(["agency", "region", "tasks", "id"], [[a["name"], a["region"], a["tasks"],
                                                         a["id"].rsplit("/", 1)[-1]] for a in candidates], sys.stderr)
            return EXIT_BAD_INPUT
        board = agency_tasks(store, candidates[0]["id"])
    if args.json:
        _dump(board, sys.stdout)
        return EXIT_OK
    agency = board["agency"]
    print(f"{agency['name']} ({agency['region'] or '-'}, {agency['level'] or '-'}): {len(board['tasks'])} tasks\n")
    rows = [[t["deadline"], _ROLE_NAMES.get(t["role"], t["role"]), clip(t["doc_title"] or "", 24), t["path"],
             clip(t["text"], args.width)] for t in board["tasks"]]
    table(["deadline", "role", "document", "clause", "text"], rows, sys.stdout)
    return EXIT_OK


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``agencies`` and ``tasks`` to the ``policykg`` parser (``add(name, func, help)``)."""
    p = add("agencies", cmd_agencies, "list agencies; NAME: any part of a name, full or short (发改委)")
    p.add_argument("name", nargs="?", metavar="NAME")
    p.add_argument("--region", help="the agency's region, e.g. 河南省")
    p.add_argument("--level", choices=LEVELS)
    p.add_argument("--json", action="store_true", help="print JSON (as GET /agencies)")

    p = add("tasks", cmd_tasks, "the task board of an agency: every clause that gives it a task")
    p.add_argument("agency", metavar="AGENCY", help="any name form or id of the agency")
    p.add_argument("--json", action="store_true", help="print JSON (as GET /agencies/{id}/tasks)")
    p.add_argument("--width", type=int, default=60, help="columns of clause text shown (default 60)")
