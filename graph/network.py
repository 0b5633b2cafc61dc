"""Agency networks (networkx): who carries most tasks, and who works with whom.

Two projections of the RDF responsibilities (``pkg:Responsibility``: agency, role, clause):

- the **bipartite agency–task graph**: agency nodes and clause nodes, an edge per task (its role);
- the **co-responsibility network**: agencies linked when they share a clause, the edge weight
  being the number of clauses they share (networkx ``weighted_projected_graph``).

``agency_network`` computes the metrics on the whole (filtered) network, then keeps the top N
agencies, so a node's centrality does not change with N. ``network_svg`` draws it (matplotlib,
Agg) with Chinese labels in a CJK font found by family name.
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx  # type: ignore[import-untyped]
from networkx.algorithms import bipartite  # type: ignore[import-untyped]

from .agencies import all_agencies
from .namespaces import sparql_prefixes
from .store import Store

#: agency kinds kept by default: real bodies, not groups (各区) nor vague mentions (有关部门)
DEFAULT_KINDS = ("body",)
#: CJK fonts tried in order, by family name (Debian: fonts-wqy-microhei, fonts-noto-cjk)
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Micro Hei",
             "WenQuanYi Zen Hei", "Droid Sans Fallback", "AR PL UMing CN", "SimHei", "Microsoft YaHei",
             "PingFang SC", "Heiti SC")
_LEVEL_COLOURS = {"national": "#c0392b", "provincial": "#2471a3", "municipal": "#229954", "district": "#b9770e"}

_LEVEL_NAMES = {"national": "国家级", "provincial": "省级", "municipal": "市级", "district": "区县级"}

_RESPONSIBILITIES = """SELECT DISTINCT ?a ?c ?role ?doc ?region ?level WHERE {
  ?r a pkg:Responsibility ; pkg:agency ?a ; pkg:role ?role ; prov:wasDerivedFrom ?c .
  OPTIONAL { ?c pkg:document ?cd } BIND(COALESCE(?cd, ?c) AS ?doc)
  OPTIONAL { ?doc pkg:region ?region } OPTIONAL { ?doc pkg:level ?level } }"""


def _in_scope(value: str | None, wanted: str | None) -> bool:
    return wanted is None or (value is not None and (value == wanted or value.startswith(wanted)))


def task_graph(store: Store, region: str | None = None, level: str | None = None,
               kinds: tuple[str, ...] | None = DEFAULT_KINDS) -> nx.Graph:
    """The bipartite agency–task graph of the documents of a region and/or level.

    Args:
        store: an open store.
        region: only clauses of documents of this region (prefix: 北京 finds 北京市).
        level: only clauses of documents of this level.
        kinds: agency kinds to keep (None: all, groups and vague mentions too).

    Returns:
        nx.Graph; agency nodes (``bipartite=0``) carry name, region, level, kind; clause nodes
        (``bipartite=1``) their document; an edge carries the role ("lead" wins over others).
    """
    agencies = all_agencies(store)
    graph = nx.Graph()
    for row in sorted(_rows(store), key=lambda r: (r["a"], r["c"], r["role"])):
        agency = agencies.get(row["a"])
        if agency is None or not _in_scope(row.get("region"), region) or not _in_scope(row.get("level"), level):
            continue
        if kinds is not None and agency["kind"] not in kinds:
            continue
        graph.add_node(row["a"], bipartite=0, name=agency["name"], region=agency["region"],
                       level=agency["level"], kind=agency["kind"])
        graph.add_node(row["c"], bipartite=1, doc=row["doc"])
        if not graph.has_edge(row["a"], row["c"]) or row["role"] == "lead":
            graph.add_edge(row["a"], row["c"], role=row["role"])
    return graph


def _rows(store: Store) -> list[dict[str, Any]]:
    rows = store.query(sparql_prefixes() + _RESPONSIBILITIES)
    assert isinstance(rows, list)
    return rows


def agency_nodes(tasks: nx.Graph) -> list[str]:
    """The agency side of a bipartite task graph."""
    return sorted(n for n, side in tasks.nodes(data="bipartite") if side == 0)


def co_responsibility_graph(tasks: nx.Graph) -> nx.Graph:
    """Agencies linked when they share a clause; ``weight`` = number of shared clauses.

    >>> g = nx.Graph([("A", "c1"), ("B", "c1"), ("B", "c2"), ("A", "c2"), ("C", "c2")])
    >>> nx.set_node_attributes(g, {"A": 0, "B": 0, "C": 0, "c1": 1, "c2": 1}, "bipartite")
    >>> sorted(co_responsibility_graph(g).edges(data="weight"))
    [('A', 'B', 2), ('A', 'C', 1), ('B', 'C', 1)]
    """
    agencies = agency_nodes(tasks)
    if len(agencies) == len(tasks):  # no clauses (nothing at that region or level): networkx refuses to project
        return nx.Graph(tasks.subgraph(agencies))
    network = bipartite.weighted_projected_graph(tasks, agencies)
    for node in agencies:
        network.nodes[node].update(tasks.nodes[node])
    return network


def metrics(tasks: nx.Graph, network: nx.Graph) -> dict[str, dict[str, float]]:
    """Per agency: tasks, leads, partners, weighted degree, betweenness and PageRank.

    Betweenness reads a strong tie (many shared clauses) as a short distance (1 / weight);
    PageRank follows the weights directly. Both are computed on the whole network.
    """
    distance = {(u, v): 1.0 / w for u, v, w in network.edges(data="weight")}
    nx.set_edge_attributes(network, distance, "distance")
    betweenness = nx.betweenness_centrality(network, weight="distance", normalized=True)
    pagerank = nx.pagerank(network, weight="weight") if network.number_of_edges() else {
        n: 1.0 / max(len(network), 1) for n in network}
    out = {}
    for node in network:
        roles = [role for _, _, role in tasks.edges(node, data="role")]
        out[node] = {"tasks": tasks.degree(node), "leads": roles.count("lead"),
                     "partners": network.degree(node), "weighted_degree": network.degree(node, weight="weight"),
                     "betweenness": round(betweenness.get(node, 0.0), 6), "pagerank": round(pagerank.get(node, 0.0), 6)}
    return out


def agency_network(store: Store, region: str | None = None, level: str | None = None, top: int | None = None,
                   kinds: tuple[str, ...] | None = DEFAULT_KINDS) -> dict[str, Any]:
    """The co-responsibility network as JSON: nodes with metrics, edges with weights.

    Args:
        store: an open store.
        region, level: only the documents of this region / level (see ``task_graph``).
        top: keep the N agencies with most tasks (ties: weighted degree, then name).
        kinds: agency kinds kept (default: bodies only).

    Returns:
        {"nodes": [{"id", "name", "region", "level", "kind", "tasks", "leads", "partners",
        "weighted_degree", "betweenness", "pagerank"}], "edges": [{"source", "target", "weight"}],
        "stats": {"agencies", "clauses", "edges", "components"}} — stats of the whole network,
        before ``top``; nodes most tasks first, edges heaviest first.
    """
    tasks = task_graph(store, region, level, kinds)
    network = co_responsibility_graph(tasks)
    values = metrics(tasks, network)
    nodes = [{"id": n, "name": network.nodes[n]["name"], "region": network.nodes[n]["region"],
              "level": network.nodes[n]["level"], "kind": network.nodes[n]["kind"], **values[n]} for n in network]
    nodes.sort(key=lambda x: (-x["tasks"], -x["weighted_degree"], x["name"], x["id"]))
    if top is not None:
        nodes = nodes[:max(top, 0)]
    kept = {x["id"] for x in nodes}
    edges = [{"source": u, "target": v, "weight": w} for u, v, w in network.edges(data="weight")
             if u in kept and v in kept]
    edges = [{**e, "source": min(e["source"], e["target"]), "target": max(e["source"], e["target"])} for e in edges]
    edges.sort(key=lambda e: (-e["weight"], e["source"], e["target"]))
    stats = {"agencies": network.number_of_nodes(), "clauses": tasks.number_of_nodes() - network.number_of_nodes(),
             "edges": network.number_of_edges(), "components": nx.number_connected_components(network)}
    return {"nodes": nodes, "edges": edges, "stats": stats}


def cjk_font(candidates: tuple[str, ...] = CJK_FONTS) -> str | None:
    """The family name of the first installed CJK font among ``candidates``, or None."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in candidates if name in installed), None)


def _tie_length(_u: str, _v: str, edge: dict[str, Any]) -> float:
    """Layout length of an edge: agencies that share many clauses sit close together."""
    return 1.0 / (1.0 + edge.get("weight", 1)) ** 0.5


def packed_layout(graph: nx.Graph, gap: float = 0.6) -> dict[str, tuple[float, float]]:
    """Positions with each connected component laid out on its own and the components packed in
    rows, biggest first (a single force layout pushes components to the far corners).

    Deterministic: the same graph gives the same picture.
    """
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    boxes = []
    for nodes in components:
        sub = graph.subgraph(nodes)
        if len(nodes) == 1:
            local = {nodes[0]: (0.0, 0.0)}
        else:
            # distances from edge weights: strong ties close; kamada-kawai spreads nodes evenly
            hops = dict(nx.shortest_path_length(sub, weight=_tie_length))
            local = nx.kamada_kawai_layout(sub, dist=hops)
        radius = 0.5 * len(nodes) ** 0.5
        xs = [p[0] for p in local.values()]
        ys = [p[1] for p in local.values()]
        span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
        scale = 2 * radius / span if len(nodes) > 1 else 0.0
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        boxes.append(({n: ((x - cx) * scale, (y - cy) * scale) for n, (x, y) in local.items()}, radius))
    row_width = max(2 * sum(r for _, r in boxes) ** 0.5 * 1.6, 2 * max((r for _, r in boxes), default=1))
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for local, radius in boxes:
        if x > 0 and x + 2 * radius > row_width:
            x, y, row_height = 0.0, y - row_height - gap, 0.0
        for node, (px, py) in local.items():
            pos[node] = (x + radius + px, y - radius + py)
        x += 2 * radius + gap
        row_height = max(row_height, 2 * radius)
    return pos


def network_svg(network: dict[str, Any], title: str = "", fmt: str = "svg", font: str | None = None) -> bytes:
    """Draw an ``agency_network`` result: node size ~ tasks, colour = level, edge width ~ shared clauses.

    Chinese labels need a CJK font (``cjk_font``); without one, nodes are labelled by their rank
    in ``network["nodes"]`` (1 = most tasks), so the picture is still readable beside the JSON.

    Args:
        network: the dict ``agency_network`` returns.
        title: a title over the picture.
        fmt: "svg" or "png" (any format matplotlib writes).
        font: a font family name to use instead of the first CJK font found.
    """
    import matplotlib

    matplotlib.use("Agg")  # no display: render to bytes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    family = font or cjk_font()
    graph = nx.Graph()
    for rank, node in enumerate(network["nodes"], 1):
        graph.add_node(node["id"], rank=rank, **{k: node[k] for k in ("name", "level", "tasks")})
    graph.add_weighted_edges_from((e["source"], e["target"], e["weight"]) for e in network["edges"])
    n = max(len(graph), 1)
    size = min(6.0 + 0.45 * n, 22.0)
    fig = Figure(figsize=(size, size * 0.75), dpi=100)
    ax = fig.add_subplot()
    ax.set_axis_off()
    if len(graph):
        pos = packed_layout(graph)
        top_weight = max((w for _, _, w in graph.edges(data="weight")), default=1)
        top_tasks = max(d["tasks"] for _, d in graph.nodes(data=True)) or 1
        nx.draw_networkx_edges(graph, pos, ax=ax, edge_color="#7f8c8d", alpha=0.5,
                               width=[0.6 + 4.0 * w / top_weight for _, _, w in graph.edges(data="weight")])
        nx.draw_networkx_nodes(graph, pos, ax=ax, linewidths=0.8, edgecolors="white", alpha=0.9,
                               node_size=[120 + 1400 * d["tasks"] / top_tasks for _, d in graph.nodes(data=True)],
                               node_color=[_LEVEL_COLOURS.get(d["level"], "#7f8c8d") for _, d in graph.nodes(data=True)])
        labels = {node: (f"{d['name']}（{d['tasks']}）" if family else str(d["rank"]))
                  for node, d in graph.nodes(data=True)}
        nx.draw_networkx_labels(graph, pos, labels=labels, ax=ax, font_size=9,
                                font_family=family or "DejaVu Sans",
                                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.75})
        ax.margins(0.12)
        present = [lv for lv in _LEVEL_COLOURS if any(d["level"] == lv for _, d in graph.nodes(data=True))]
        handles = [Line2D([], [], marker="o", linestyle="", markersize=9, color=_LEVEL_COLOURS[lv],
                          label=_LEVEL_NAMES[lv] if family else lv) for lv in present]
        if handles:
            ax.legend(handles=handles, loc="lower left", frameon=False, prop={"family": family or "DejaVu Sans"})
    else:
        ax.text(0.5, 0.5, "no agencies" if not family else "没有机构", ha="center", va="center",
                fontfamily=family or "DejaVu Sans")
    if title:
        ax.set_title(title, fontfamily=family or "DejaVu Sans", fontsize=13)
    fig.tight_layout()
    buffer = io.BytesIO()
    # svg.fonttype "path" draws the glyphs as shapes: the labels read the same in a viewer that
    # has no CJK font (each glyph is defined once and reused, so the file stays small)
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "policykg"}):
        fig.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()


__all__ = ["CJK_FONTS", "DEFAULT_KINDS", "agency_network", "agency_nodes", "cjk_font", "co_responsibility_graph",
           "metrics", "network_svg", "packed_layout", "task_graph"]
