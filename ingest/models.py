"""Plain dataclasses passed from ingest to graph: the only shapes the layers share.

``ingest`` builds them, ``graph`` turns them into RDF, nothing else depends on how they were
made. Offsets (``Span``) are always character offsets into ``SourceText.text`` of the file the
fact came from, so every fact can be quoted back from its source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

Span = tuple[int, int]

LEVELS = ("national", "provincial", "municipal", "district")
ROLES = ("lead", "responsible", "co")
COMPARATORS = (">=", "<=", "=", "~", ">", "<")


@dataclass(frozen=True)
class Provenance:
    """Where a fact came from: the extractor that made it and the text it read."""

    extractor: str  # spaCy component name, e.g. "policy_targets"
    version: str
    span: Span


@dataclass
class Table:
    """A table kept as rows of cell strings; ``span`` is where it stands in the source text."""

    rows: list[list[str]]
    span: Span


@dataclass
class SourceText:
    """A file read into text by a reader (``ingest.readers``)."""

    path: str
    text: str
    sha256: str  # of the file's bytes: a changed file has a new hash
    pages: list[Span] = field(default_factory=list)  # char range of each page (PDF only)
    tables: list[Table] = field(default_factory=list)
    encoding: str = "utf-8"
    # fields a web page states outside its body (scraper front matter, a gov site's info table:
    # 发文字号, 成文日期, 发布机构 …), which the reader removes from ``text``
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass
class Clause:
    """One numbered or headed unit of a document (条, 款, 一、, （一）, 1., （1）, ①, 专栏 …).

    ``text`` is the clause's own text (its marker, heading and body, without its child clauses);
    when text after the children still belongs to it (a closing "（责任单位：…）" line), its own
    text has several ``pieces``, joined in ``text`` by a newline.
    """

    key: str  # numbering path inside the document, unique: "三/（二）/4"
    marker: str | None  # "（二）"; None for a headed part without a number
    heading: str | None  # "制造业企业节能降碳行动", when the clause has one
    text: str
    depth: int  # 1 for top-level units
    pieces: list[Span]  # own text in the source, in order
    parent: str | None = None  # key of the enclosing clause
    inline: bool = False  # an enumeration inside one paragraph: "…：（1）…；（2）…"
    kind: str = "item"  # part | chapter | section | article | item | box | table | heading

    @property
    def span(self) -> Span:
        return (self.pieces[0][0], self.pieces[-1][1])


@dataclass
class Agency:
    """A government body, by its canonical full name in its jurisdiction."""

    name: str  # 温州市经济和信息化局
    region: str | None = None  # 温州市
    level: str | None = None  # national | provincial | municipal | district
    kind: str = "body"  # body | group (各省辖市政府) | unknown
    known: bool = True  # resolved through the gazetteer; unknown bodies are kept too


@dataclass
class AgencyTask:
    """(clause, agency, role): 责任单位 = responsible unit; 牵头 = lead; 配合 = co."""

    clause: str | None  # clause key; None: stated in the document's preamble
    agency: Agency
    mention: str  # the form written in the text: 市经信局
    role: str  # lead | responsible | co
    prov: Provenance


@dataclass
class Target:
    clause: str | None
    indicator: str
    value: float
    unit: str
    comparator: str  # one of COMPARATORS
    year: int | None
    baseline_year: int | None
    nature: str | None  # binding (约束性) | expected (预期性) | None
    text: str
    prov: Provenance


@dataclass
class Deadline:
    """A time bound on a task; ``date`` is the last day the expression allows."""

    clause: str | None
    expression: str  # 2021年年底以前
    date: dt.date | None
    task: str
    prov: Provenance
    start: dt.date | None = None  # intervals: 十四五时期 -> 2021-01-01 .. 2025-12-31
    recurring: str | None = None  # yearly bounds as --MM-DD (每年12月20日前 -> "--12-20")
    relative: str | None = None  # ISO 8601 duration of a relative bound (15个工作日内 -> "P15D", working days)


@dataclass
class UnitRate:
    value: float
    unit: str  # 元/吨标准煤
    basis: str  # what is counted: "annual energy saved, tce"


@dataclass
class Tier:
    min_yuan: float | None
    max_yuan: float | None
    ratio: float
    cap_yuan: float | None = None


@dataclass
class Condition:
    """A condition of an incentive; machine-testable when ``indicator`` and ``value`` are set."""

    text: str
    indicator: str | None = None  # 当年固定资产投资
    comparator: str | None = None
    value: float | None = None
    unit: str | None = None
    any_of: list[Condition] = field(default_factory=list)  # "A以上或B以上"


@dataclass
class Incentive:
    """A subsidy rule (the rule model of DESIGN.md)."""

    clause: str | None
    beneficiary: str
    project: str
    text: str
    prov: Provenance
    unit_rate: UnitRate | None = None
    ratio_cap: float | None = None  # 不超过项目总投资的25% -> 0.25
    ratio_basis: str | None = None  # 项目总投资
    raised_ratio: float | None = None  # 提高至30% for listed applicants
    raised_for: str | None = None  # who gets the raised ratio
    cap_yuan: float | None = None
    cap_scope: str | None = None  # 单个项目 / 单个企业年度
    floor_yuan: float | None = None
    fixed_yuan: float | None = None
    tiers: list[Tier] = field(default_factory=list)
    tiers_inclusive: bool = True  # "以上均包含本数"
    interest_rate: float | None = None  # 贴息率2% -> 0.02
    rate_reduction_bp: float | None = None  # LPR下调20个基点 -> 20
    reference: str | None = None  # 参照…标准: text of the referenced rule
    conditions: list[Condition] = field(default_factory=list)


@dataclass
class Document:
    """One policy document (or article, or news item); a compilation holds several as ``parts``."""

    source: str  # file name
    title: str | None = None
    issuers: list[str] = field(default_factory=list)  # as the text names them
    issuer_agencies: list[Agency] = field(default_factory=list)  # the same, resolved (ingest.pipeline)
    doc_number: str | None = None  # 文号: 京经信发〔2025〕51号
    date: dt.date | None = None
    region: str | None = None  # 全国 | 北京市 | 河南省 | 温州市 …
    city: str | None = None  # for a district document, the city it lies in (上海市 for 黄浦区)
    level: str | None = None  # one of LEVELS, or None for articles and news
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    validity_text: str | None = None  # 本政策执行期至2027年底
    kind: str = "policy"  # policy | article | news | compilation
    span: Span = (0, 0)  # where the document stands in the source text
    clauses: list[Clause] = field(default_factory=list)
    preamble: str = ""  # body text before the first clause (title, addressees, purpose), for search
    parts: list[Document] = field(default_factory=list)  # a compilation's documents
    agency_tasks: list[AgencyTask] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    incentives: list[Incentive] = field(default_factory=list)
    plan_period: tuple[int, int] | None = None  # 十四五 -> (2021, 2025); 2021-2023 in a title
    sha256: str = ""  # of the source file

    def clause(self, key: str) -> Clause:
        for c in self.clauses:
            if c.key == key:
                return c
        raise KeyError(key)
