"""Graph elements as GraphML (Gephi, yEd, Cytoscape desktop, networkx): docs/export.md.

Nodes are entities, edges relationships (directed, as stored) and the ``SAME_AS`` links of
analysts' SAME judgements (type ``same_as``, with the judgement), each with typed ``<key>``
attributes. GraphML has no list type, so lists (countries, aliases, lists) are one string
joined with ``; ``. The document is written piece by piece: the header, each node, each
edge, the footer, so an export of any size streams.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape, quoteattr

from entanglements.core.reads.records import Row
from entanglements.core.vocab import rel_type_from_neo4j

#: (id, for, type, what it holds): every attribute, declared once for header and values.
NODE_KEYS: tuple[tuple[str, str], ...] = (
    ("label", "string"),
    ("kind", "string"),
    ("aliases", "string"),
    ("countries", "string"),
    ("birth_dates", "string"),
    ("tags", "string"),
    ("lists", "string"),
    ("listed", "boolean"),
    ("citations", "int"),
)
EDGE_KEYS: tuple[tuple[str, str], ...] = (
    ("type", "string"),
    ("role", "string"),
    ("start", "string"),
    ("end", "string"),
    ("share", "double"),
    ("share_min", "double"),
    ("share_max", "double"),
    ("citations", "int"),
    ("judgement", "string"),
    ("judged_by", "string"),
    ("judged_at", "string"),
    ("note", "string"),
)
#: Edge keys' ids are prefixed: GraphML key ids are one namespace for nodes and edges.
_EDGE_PREFIX = "e_"


def _key(domain: str, name: str, kind: str, prefix: str = "") -> str:
    return f'  <key id="{prefix}{name}" for="{domain}" attr.name="{name}" attr.type="{kind}"/>\n'


def header() -> str:
    keys = "".join(_key("node", n, k) for n, k in NODE_KEYS) + "".join(
        _key("edge", n, k, _EDGE_PREFIX) for n, k in EDGE_KEYS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
        + keys
        + '  <graph id="entanglements" edgedefault="directed">\n'
    )


FOOTER = "  </graph>\n</graphml>\n"


def _text(value: Any) -> str | None:
    if value is None or value == [] or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def _data(values: dict[str, Any], prefix: str = "") -> str:
    out = []
    for name, value in values.items():
        text = _text(value)
        if text is not None:
            out.append(f'      <data key="{prefix}{name}">{escape(_xml_safe(text))}</data>\n')
    return "".join(out)


def _xml_safe(text: str) -> str:
    """XML 1.0 forbids most control characters even escaped: they are dropped."""
    return "".join(c for c in text if c >= " " or c in "\t\n\r")


def node(row: Row) -> str:
    """An entity (``e``) with its own lists (``lists``)."""
    e = row["e"]
    values = {
        "label": e.get("name") or e["id"],
        "kind": e.get("kind"),
        "aliases": e.get("aliases"),
        "countries": e.get("countries"),
        "birth_dates": e.get("birth_dates"),
        "tags": e.get("tags"),
        "lists": row["lists"],
        "listed": bool(row["lists"]),
        "citations": len(e.get("cite_source") or []),
    }
    return f"    <node id={quoteattr(_xml_safe(e['id']))}>\n{_data(values)}    </node>\n"


def edge(row: Row) -> str:
    """A relationship (``r``)."""
    r = row["r"]
    values = {
        "type": rel_type_from_neo4j(r["type"]).value,
        "role": r.get("role"),
        "start": r.get("start"),
        "end": r.get("end"),
        "share": r.get("share"),
        "share_min": r.get("share_min"),
        "share_max": r.get("share_max"),
        "citations": len(r.get("cite_source") or []),
    }
    return _edge(r["id"], r, values)


def judgement_edge(row: Row) -> str:
    """A ``SAME_AS`` link (``s``): an edge of type ``same_as`` whose id is ``same-as:`` and
    its judgement's id, carrying the judgement instead of citations."""
    s = row["s"]
    values = {
        "type": "same_as",
        "judgement": s["id"],
        "judged_by": s.get("by"),
        "judged_at": s.get("at"),
        "note": s.get("note"),
    }
    return _edge(f"same-as:{s['id']}", s, values)


def _edge(edge_id: str, ends: Row, values: dict[str, Any]) -> str:
    attrs = (
        f"id={quoteattr(_xml_safe(edge_id))} source={quoteattr(_xml_safe(ends['from']))} "
        f"target={quoteattr(_xml_safe(ends['to']))}"
    )
    return f"    <edge {attrs}>\n{_data(values, _EDGE_PREFIX)}    </edge>\n"
