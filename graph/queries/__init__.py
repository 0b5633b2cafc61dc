"""Named SPARQL queries for the common questions, kept as ``.rq`` files beside this module.

Each file opens with a comment header that says what it answers and which parameters it takes::

    # title: Tasks of an agency
    # description: every clause that gives the agency a task, …
    # param: agency string required  canonical full name (skos:prefLabel), e.g. 河南省发展和改革委员会
    # param: year integer 2025      a default value instead of "required" / "optional"

A parameter appears in the query body as a SPARQL variable ``$name``, so the file is valid SPARQL
as it stands (run as is, an optional parameter is just an unbound variable). ``load`` replaces
each ``$name`` with a term built from the python value (a string becomes an escaped literal, an
integer an ``xsd:integer``, a date an ``xsd:date``, an IRI is checked character by character), so a
value can never change the query's structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from graph.errors import NotFoundError, QueryError

HERE = Path(__file__).resolve().parent
TYPES = ("string", "integer", "decimal", "date", "iri")
_HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s+(\w+)\s+(\S+)\s*(.*)$")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LITERAL_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


@dataclass(frozen=True)
class Param:
    """One parameter of a named query: its name, type, whether it must be given, default and help."""

    name: str
    type: str
    required: bool = False
    default: str | None = None
    help: str = ""


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its name (file stem), header and SPARQL text (header included)."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...] = field(default_factory=tuple)
    text: str = ""
    path: Path | None = None


def sparql_literal(value: str) -> str:
    """A python string as a SPARQL string literal, every special character escaped.

    >>> sparql_literal('光伏"} ; DROP ALL #')
    '"光伏\\\\"} ; DROP ALL #"'
    >>> sparql_literal("a\\nb")
    '"a\\\\nb"'
    """
    return '"' + "".join(_LITERAL_ESCAPES.get(ch, ch) for ch in str(value)) + '"'


def sparql_iri(value: str) -> str:
    """An IRI in angle brackets, refused when it holds a character IRIs may not contain.

    >>> sparql_iri("https://w3id.org/policykg/agency/d895b90551b7")
    '<https://w3id.org/policykg/agency/d895b90551b7>'
    >>> sparql_iri("x> } ; DROP ALL")
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: not an IRI: 'x> } ; DROP ALL'
    """
    text = str(value)
    if not text or _IRI_FORBIDDEN.search(text) or ":" not in text:
        raise QueryError(f"not an IRI: {text!r}")
    return f"<{text}>"


def term(value: Any, type_: str) -> str:
    """The SPARQL term of a parameter value of the given type.

    Numbers use SPARQL's bare integer and decimal forms, so ``LIMIT $n`` works too.

    >>> [term("2025", "integer"), term(0.5, "decimal"), term(12, "decimal")]
    ['2025', '0.5', '12.0']
    >>> term("2025-12-31", "date")
    '"2025-12-31"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    xsd = "http://www.w3.org/2001/XMLSchema#"
    try:
        if type_ == "string":
            return sparql_literal(str(value))
        if type_ == "integer":
            return str(int(str(value).strip()))
        if type_ == "decimal":
            number = Decimal(str(value).strip())
            if not number.is_finite():
                raise ValueError(value)
            text = format(number, "f")
            return text if "." in text else text + ".0"
        if type_ == "date":
            day = value if isinstance(value, date) else date.fromisoformat(str(value).strip())
            return f'"{day.isoformat()}"^^<{xsd}date>'
    except (ValueError, InvalidOperation) as e:
        raise QueryError(f"parameter value {value!r} is not a valid {type_}") from e
    if type_ == "iri":
        return sparql_iri(str(value))
    raise QueryError(f"unknown parameter type {type_!r}; use one of {', '.join(TYPES)}")


def parse(name: str, text: str, path: Path | None = None) -> NamedQuery:
    """A named query from its file text; the header is read strictly (file path in every error).

    >>> q = parse("x", "# title: T\\n# param: year integer 2025  the year\\nSELECT * WHERE { ?s ?p $year }")
    >>> (q.title, q.params[0].default, q.params[0].required)
    ('T', '2025', False)
    """
    where = str(path or name)
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break  # the header ends at the first line of SPARQL
            continue
        m = _HEADER.match(line)
        if not m:
            continue  # a free comment line
        key, value = m.group(1), m.group(2).strip()
        if key != "param":
            fields[key] = (fields.get(key, "") + " " + value).strip()
            continue
        p = _PARAM.match(value)
        if not p or p.group(2) not in TYPES:
            raise ValueError(f"{where}: bad parameter line {line!r}; expected "
                             f"'# param: NAME TYPE required|optional|DEFAULT help' with TYPE in {TYPES}")
        flag = p.group(3)
        params.append(Param(p.group(1), p.group(2), flag == "required",
                            None if flag in ("required", "optional") else flag, p.group(4).strip()))
    if "title" not in fields:
        raise ValueError(f"{where}: the header has no '# title:' line")
    for param in params:
        if not re.search(rf"\${param.name}\b", text):
            raise ValueError(f"{where}: parameter {param.name!r} is declared but ${param.name} is not used")
    return NamedQuery(name, fields["title"], fields.get("description", ""), tuple(params), text, path)


def names() -> list[str]:
    """Names of the named queries (file stems), sorted."""
    return sorted(p.stem for p in HERE.glob("*.rq"))


def get(name: str) -> NamedQuery:
    """The named query ``name`` (file ``graph/queries/<name>.rq``).

    Raises:
        NotFoundError: no such file.
    """
    path = HERE / f"{name}.rq"
    if not re.fullmatch(r"[a-z0-9_]+", name) or not path.is_file():
        raise NotFoundError("named query", name, f"known: {', '.join(names())}")
    return parse(name, path.read_text(encoding="utf-8"), path)


def bind(query: NamedQuery, **params: Any) -> str:
    """The query's SPARQL with each ``$param`` replaced by the value's escaped term.

    A parameter given as None, or optional and not given, stays an unbound variable.

    Raises:
        QueryError: a required parameter is missing, an unknown one is given, or a value is
            not of the parameter's type.
    """
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        raise QueryError(f"{query.name}: unknown parameter(s) {', '.join(unknown)}; "
                         f"it takes {', '.join(declared) or 'none'}")
    text = query.text
    for p in query.params:
        value = params.get(p.name)
        if value is None or value == "":
            value = p.default
        if value is None:
            if p.required:
                raise QueryError(f"{query.name}: parameter {p.name!r} is required ({p.help})")
            continue
        text = term(value, p.type).join(re.split(rf"\${p.name}\b", text))
    return text


def load(name: str, **params: Any) -> str:
    """The SPARQL text of named query ``name`` with its parameters bound (see ``bind``).

    >>> "河南省发展和改革委员会" in load("agency_tasks", agency="河南省发展和改革委员会")
    True
    """
    return bind(get(name), **params)


def run(store: Any, name: str, **params: Any) -> Any:
    """Run a named query on a store (graph.store.Store) and return its python rows."""
    return store.query(load(name, **params))


__all__ = ["NamedQuery", "Param", "bind", "get", "load", "names", "parse", "run", "sparql_iri", "sparql_literal",
           "term"]
