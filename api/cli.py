"""The ``policykg`` command line: thin commands over library functions (STYLE.md §9).

Exit codes: 0 ok, 1 bad input (a file that cannot be read, a malformed query …), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from api.settings import Settings, get_settings

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {}
    if getattr(args, "db", None):
        overrides["db"] = Path(args.db)
    if getattr(args, "store", None):
        overrides["store"] = args.store
    if getattr(args, "update_url", None):
        overrides["update_url"] = args.update_url
    return get_settings().model_copy(update=overrides)


def _open_store(settings: Settings, read_only: bool = False):
    from graph.store import open_store

    return open_store(settings.store_url, update_url=settings.update_url, read_only=read_only)


def cmd_ingest(args: argparse.Namespace) -> int:
    from api.ingesting import ingest_paths

    settings = _settings(args)
    with _open_store(settings) as store:
        summary = ingest_paths(
            args.paths,
            store,
            search_dir=None if args.no_index else settings.search_dir,
            embedder=settings.embedder,
            force=args.force,
            progress=sys.stderr.isatty() and not args.quiet,
            log=lambda line: print(line, file=sys.stderr),
        )
    print(summary.line())
    return EXIT_BAD_INPUT if summary.failed else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from graph.export import export_jsonl, export_rdf

    with _open_store(_settings(args), read_only=True) as store:
        out = sys.stdout
        if args.format == "jsonl":
            for record in export_jsonl(store):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            data = export_rdf(store, args.format)
            out.write(data.decode("utf-8") if isinstance(data, bytes) else data)
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    from api.querying import print_results
    from graph import queries

    text = args.query
    params = dict(p.split("=", 1) for p in args.param)
    if text == "-":
        text = sys.stdin.read()
    elif text.startswith("@"):
        text = Path(text[1:]).read_text(encoding="utf-8")
    elif text in queries.names():  # a named query of graph/queries/, with --param values
        text = queries.load(text, **params)
    with _open_store(_settings(args), read_only=True) as store:
        print_results(store, text, args.format, sys.stdout)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from graph.validate import validate

    with _open_store(_settings(args), read_only=True) as store:
        conforms, report = validate(store)
    print(report if not conforms or args.verbose else "conforms: the graph satisfies ontology/shapes.ttl")
    return EXIT_OK if conforms else EXIT_BAD_INPUT


def cmd_search(args: argparse.Namespace) -> int:
    from api.routers.search import load_search_index

    settings = _settings(args)
    index = load_search_index(settings)
    if index is None:
        print(f"policykg: no search index in {settings.search_dir}: run `policykg ingest` first", file=sys.stderr)
        return EXIT_BAD_INPUT
    hits = index.search(args.text, k=args.k, region=args.region, level=args.level)
    if args.json:
        print(json.dumps({"query": args.text, "results": [h.to_dict() for h in hits]}, ensure_ascii=False, indent=1))
        return EXIT_OK
    for rank, hit in enumerate(hits, 1):
        text = " ".join(hit.text.split())
        print(f"{rank:2}. {hit.score:.3f}  {hit.doc_title or hit.source}  {hit.path or ''}")
        print(f"    {text[:160]}{'…' if len(text) > 160 else ''}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app

    settings = _settings(args).model_copy(update={"host": args.host, "port": args.port})
    if args.admin_token:
        settings = settings.model_copy(update={"admin_token": args.admin_token})
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning")
    return EXIT_OK


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="the embedded store's folder (default: env POLICYKG_DB, else ./.policykg)")
    p.add_argument("--store", help="oxigraph:DIR or http(s)://host:port/sparql (a SPARQL 1.1 endpoint)")
    p.add_argument("--update-url", help="the SPARQL Update endpoint, when it differs from --store")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policykg",
        description="Chinese policy documents as a knowledge graph: ingest, query, search, ask.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        _common(p)
        p.set_defaults(func=func)
        return p

    p = add("ingest", cmd_ingest, "read .pdf/.txt/.md files or folders into the store (idempotent)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--force", action="store_true", help="re-read files even when unchanged")
    p.add_argument("--no-index", action="store_true", help="skip building the search index")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    p = add("export", cmd_export, "write everything extracted to stdout")
    p.add_argument("--format", choices=("jsonl", "ttl", "nq"), default="jsonl")

    p = add("query", cmd_query, "run a SPARQL 1.1 query, or a named query of graph/queries/")
    p.add_argument("query", help="SPARQL text, '-', @FILE, or the name of a query in graph/queries/")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="a parameter of a named query (repeatable)")

    p = add("validate", cmd_validate, "check the graph against the SHACL shapes (pyshacl)")
    p.add_argument("-v", "--verbose", action="store_true")

    p = add("search", cmd_search, "semantic + lexical search over clauses")
    p.add_argument("text")
    p.add_argument("-k", type=int, default=10, help="number of results")
    p.add_argument("--region", help="only documents of this region (北京市, 全国 …)")
    p.add_argument("--level", choices=("national", "provincial", "municipal", "district"))
    p.add_argument("--json", action="store_true")

    p = add("serve", cmd_serve, "start the HTTP API and web pages")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--admin-token", help="allow SPARQL UPDATE on /sparql for requests carrying this token")

    _register_more(add)
    return parser


def _register_more(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Commands whose implementations live beside the features they expose."""
    from api.cli_ask import register_ask
    from api.cli_more import register

    register(add)
    register_ask(add)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    from api.errors import DomainError

    try:
        return args.func(args)
    except DomainError as exc:
        print(f"policykg: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
