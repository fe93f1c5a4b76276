"""Every Cypher statement of the ingest, parameterised.

Relationship statements are built per member of ``RelType``: the only text interpolated
into Cypher is a Neo4j type from that fixed vocabulary and the property names of the
records' stored-field declaration (``core/stored.py``), never a user's string.

Each write group has three statements, run in one transaction per batch:

- ``diff`` (a read): for each row, is the element new, would the row change it, or does the
  graph already say what the row says? This gives created / updated / unchanged;
- ``write`` for the new and changed rows: ``MERGE`` on the indexed ``id`` (relationships
  between endpoints found with ``MATCH``, so a missing endpoint never creates a node), and
  ``SET`` with union semantics for lists and citations. It reads no ``properties()``
  snapshot, so the plan has no ``Eager`` operator;
- ``touch`` for the unchanged rows: only ``last_run`` (a no-op re-ingest costs little).

Retractions (docs/corrections.md) survive a re-ingest: no statement writes ``retracted``,
and a citation withdrawn by a source retraction (kept in ``retracted_cite_*``) counts as
present, so the row cannot add it back. The diff reports which rows meet a retraction
(the summary's "retracted, kept so"). ``runs`` lists the runs that created or changed the
element (its history), in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from entanglements.core.matching.keys import MATCH_KEYS
from entanglements.core.models import (
    EntityRecord,
    ListingRecord,
    ListRecord,
    Record,
    RelationshipRecord,
    SourceRecord,
)
from entanglements.core.reads.rules import ANY_RETRACTION, any_listing
from entanglements.core.stored import CITATION_PROPERTIES, Stored, stored, stored_fields
from entanglements.core.vocab import LISTED_ON, RelType


def _union(var: str, prop: str) -> str:
    """Append the row's values not already present (first-seen order kept)."""
    have = f"coalesce({var}.{prop}, [])"
    return f"{prop}: {have} + [x IN row.{prop} WHERE NOT x IN {have}]"


def _keep(var: str, *props: str, default: object = None) -> str:
    """Optional scalars: the row's value when it has one, else what the graph has (else the
    declared default). Date bounds (``*_lo``/``*_hi``) travel as ISO text and become
    ``DATE`` values here."""
    fallback = f", {_literal(default)}" if default is not None else ""
    return ", ".join(f"{p}: coalesce({_value(p)}, {var}.{p}{fallback})" for p in props)


def _literal(default: object) -> str:
    """A declared default as Cypher text: only plain words (enum values) are declared."""
    text = default.value if isinstance(default, Enum) else default
    if not isinstance(text, str) or not re.fullmatch(r"[a-z_]+", text):
        raise TypeError(f"unsupported stored default {default!r}")
    return f"'{text}'"


def _value(prop: str) -> str:
    """The row's value of a property as stored (``date()`` of null is null)."""
    return f"date(row.{prop})" if prop.endswith(("_lo", "_hi")) else f"row.{prop}"


def _is_cited(model: type[Record]) -> bool:
    return bool(stored(model, Stored.CITATIONS))


def _write_entries(model: type[Record], var: str) -> str:
    """The ``SET`` map entries of an upsert, each by its field's storage rule."""
    entries = []
    for f in stored_fields(model):
        if f.how is Stored.VALUE:
            entries.append(f"{f.key}: row.{f.key}")
        elif f.how is Stored.KEEP:
            entries.append(_keep(var, f.key, default=f.default))
        elif f.how is Stored.DATE:
            entries.append(_keep(var, *f.properties))
        elif f.how in (Stored.UNION, Stored.DATES):
            entries.append(_union(var, f.key))
    return ", ".join(entries)


def _create_map(model: type[Record]) -> str:
    """Every property of a new element straight from the row (nulls are simply not set)."""
    plain = (Stored.KEY, Stored.VALUE, Stored.KEEP, Stored.DATE, Stored.UNION, Stored.DATES)
    props = [p for f in stored(model, *plain) for p in f.properties]
    entries = [f"{p}: {_value(p)}" for p in props]
    if model is EntityRecord:
        entries.append(f"{MATCH_KEYS}: row.{MATCH_KEYS}")
    if _is_cited(model):
        entries += [f"{prop}: row.{col}" for prop, col in CITATION_PROPERTIES]
    return "{" + ", ".join([*entries, "first_run: $run", "last_run: $run", "runs: [$run]"]) + "}"


def _triples(var: str, prefix: str = "") -> str:
    """An element's citations as ``[source, quote, locator]`` triples (``prefix``
    ``retracted_``: the ones a source retraction withdrew)."""
    src, quote, loc = (f"{var}.{prefix}{prop}" for prop, _ in CITATION_PROPERTIES)
    return f"[j IN range(0, size(coalesce({src}, [])) - 1) | [{src}[j], {quote}[j], {loc}[j]]]"


def _have(var: str) -> str:
    """The citations a row's are compared with: the element's, and the withdrawn ones (a
    re-ingest must not bring a retracted citation back)."""
    return f"{_triples(var)} + {_triples(var, 'retracted_')}"


def _runs(var: str) -> str:
    """``runs``: the run appended once (an element written twice in one run lists it once)."""
    have = f"coalesce({var}.runs, [])"
    return f"runs: CASE WHEN $run IN {have} THEN {have} ELSE {have} + $run END"


def _set(var: str, entries: str, *, cited: bool = False) -> str:
    """One ``SET var += {literal map}``: a single operator writing known keys, so the plan
    needs no Eager (reading properties in a WITH between two SETs, or a map whose keys
    the planner cannot see, would add one). Citations: the row's (parallel lists
    cs/cq/cl) that the element lacks; an element with none that gets none keeps none."""
    if not cited:
        return f"SET {var} += {{{entries}, last_run: $run, {_runs(var)}}}"
    have = _have(var)
    new = f"[i IN range(0, size(row.cs) - 1) WHERE NOT [row.cs[i], row.cq[i], row.cl[i]] IN {have}"
    lists = ", ".join(
        f"{prop}: CASE WHEN size({new}]) = 0 THEN {var}.{prop} "
        f"ELSE coalesce({var}.{prop}, []) + {new} | row.{col}[i]] END"
        for prop, col in CITATION_PROPERTIES
    )
    return f"SET {var} += {{{entries}, last_run: $run, {_runs(var)},\n    {lists}}}"


def _upsert_set(model: type[Record], var: str) -> str:
    entries = _write_entries(model, var)
    if model is EntityRecord:  # derived at ingest for screening (ingest/write_rows.py)
        entries += ", " + _union(var, MATCH_KEYS)
    return _set(var, entries, cited=_is_cited(model))


def _differs(model: type[Record], var: str) -> str:
    """Would writing the row change the element? (The same rules as the write.)"""
    tests = [f"{var}.{f.key} <> row.{f.key}" for f in stored(model, Stored.VALUE)]
    tests += [
        f"(row.{f.key} IS NOT NULL AND row.{f.key} <> coalesce({var}.{f.key}, ''))"
        for f in stored(model, Stored.KEEP, Stored.DATE)
    ]
    tests += [
        f"any(x IN row.{f.key} WHERE NOT x IN coalesce({var}.{f.key}, []))"
        for f in stored(model, Stored.UNION, Stored.DATES)
    ]
    if _is_cited(model):
        tests.append(
            f"any(i IN range(0, size(row.cs) - 1) WHERE NOT [row.cs[i], row.cq[i], row.cl[i]] IN "
            f"{_have(var)})"
        )
    return " OR ".join(tests)


def _meets_retraction(model: type[Record], var: str) -> str:
    """The row states a retracted element, or a citation a source retraction withdrew."""
    test = f"{var}.retracted IS NOT NULL"
    if _is_cited(model):
        test += (
            f" OR any(i IN range(0, size(row.cs) - 1) WHERE [row.cs[i], row.cq[i], row.cl[i]] "
            f"IN {_triples(var, 'retracted_')})"
        )
    return test


def _diff(match: str, model: type[Record], var: str) -> str:
    # 0 = new, 1 = would change, 2 = already as the row says; one list, in row order.
    # ``retracted``: the rows that meet a retraction, which the write keeps (in row order).
    status = f"CASE WHEN {var} IS NULL THEN 0 WHEN {_differs(model, var)} THEN 1 ELSE 2 END"
    kept = f"{var} IS NOT NULL AND ({_meets_retraction(model, var)})"
    return f"""
UNWIND $rows AS row
OPTIONAL MATCH {match}
RETURN collect({status}) AS status, collect({kept}) AS retracted"""


def _node_upsert(label: str, model: type[Record], var: str, extra: str = "") -> str:
    return f"""
UNWIND $rows AS row
MERGE ({var}:{label} {{id: row.id}})
ON CREATE SET {var}.first_run = $run
{extra}{_upsert_set(model, var)}"""


SOURCES = _node_upsert("Source", SourceRecord, "s")
LISTS = _node_upsert("SanctionsList", ListRecord, "l")
ENTITIES = _node_upsert("Entity", EntityRecord, "n")

# Properties inline in CREATE rather than ``SET n += {...}`` after it: the same nodes,
# 12% faster to write (50,000 entities, three pairs of runs on one server; docs/ingest.md).
_ENTITY_CREATE = f"""
UNWIND $rows AS row
CREATE (n:Entity {_create_map(EntityRecord)})"""


def _relationship(neo4j_type: str) -> str:
    return f"""
UNWIND $rows AS row
MATCH (a:Entity {{id: row.from}})
MATCH (b:Entity {{id: row.to}})
MERGE (a)-[r:{neo4j_type} {{id: row.id}}]->(b)
ON CREATE SET r.first_run = $run
{_upsert_set(RelationshipRecord, "r")}"""


RELATIONSHIPS: dict[str, str] = {t.neo4j_type: _relationship(t.neo4j_type) for t in RelType}


def _relationship_create(neo4j_type: str) -> str:
    return f"""
UNWIND $rows AS row
MATCH (a:Entity {{id: row.from}})
MATCH (b:Entity {{id: row.to}})
CREATE (a)-[r:{neo4j_type} {_create_map(RelationshipRecord)}]->(b)"""


LISTINGS = f"""
UNWIND $rows AS row
MATCH (e:Entity {{id: row.entity}})
MATCH (l:SanctionsList {{id: row.list}})
MERGE (e)-[r:{LISTED_ON} {{id: row.id}}]->(l)
ON CREATE SET r.first_run = $run
SET e:Listed
{_upsert_set(ListingRecord, "r")}"""


@dataclass(frozen=True)
class Statements:
    """``create`` (optional) writes rows the diff found new without MERGE's lookups;
    ``write`` upserts the others."""

    diff: str
    write: str
    touch: str
    create: str | None = None


_STATEMENTS: dict[str, Statements] = {
    "source": Statements(
        _diff("(s:Source {id: row.id})", SourceRecord, "s"),
        SOURCES,
        "UNWIND $ids AS id MATCH (s:Source {id: id}) SET s.last_run = $run",
    ),
    "list": Statements(
        _diff("(l:SanctionsList {id: row.id})", ListRecord, "l"),
        LISTS,
        "UNWIND $ids AS id MATCH (l:SanctionsList {id: id}) SET l.last_run = $run",
    ),
    "entity": Statements(
        _diff("(n:Entity {id: row.id})", EntityRecord, "n"),
        ENTITIES,
        "UNWIND $ids AS id MATCH (n:Entity {id: id}) SET n.last_run = $run",
        _ENTITY_CREATE,
    ),
    "listing": Statements(
        _diff(f"()-[r:{LISTED_ON} {{id: row.id}}]->()", ListingRecord, "r"),
        LISTINGS,
        f"UNWIND $ids AS id MATCH (e:Entity)-[r:{LISTED_ON} {{id: id}}]->() "
        "SET r.last_run = $run, e:Listed",
    ),
}
for _t in RelType:
    _STATEMENTS[f"relationship:{_t.neo4j_type}"] = Statements(
        _diff(f"()-[r:{_t.neo4j_type} {{id: row.id}}]->()", RelationshipRecord, "r"),
        RELATIONSHIPS[_t.neo4j_type],
        f"UNWIND $ids AS id MATCH ()-[r:{_t.neo4j_type} {{id: id}}]->() SET r.last_run = $run",
        _relationship_create(_t.neo4j_type),
    )


def statements(group: str) -> Statements:
    """The statements of a write group (``entity``, ``relationship:OWNERSHIP``, ...)."""
    return _STATEMENTS[group]


# --- validation lookups (pass 1) -----------------------------------------------------------

# One result record per statement (collect): a record per id costs a Bolt message each.
NODE_IDS = {
    label: f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN collect([n.id, n.kind]) AS found"
    for label in ("Entity", "Source", "SanctionsList")
}
NODE_COUNTS = {label: f"MATCH (n:{label}) RETURN count(n) AS n" for label in NODE_IDS}
#: The ingest's own bookkeeping by id: every element counts, retracted or a cluster copy
#: (an id is taken whatever its state).
REL_COUNTS = {
    t: f"MATCH ()-[r:{t}]->() WHERE {ANY_RETRACTION} AND {any_listing('r')} RETURN count(r) AS n"
    for t in (*(r.neo4j_type for r in RelType), LISTED_ON)
}
REL_ENDS = {
    t: f"UNWIND $ids AS id MATCH (a)-[r:{t} {{id: id}}]->(b) "
    f"WHERE {ANY_RETRACTION} AND {any_listing('r')} RETURN collect([r.id, a.id, b.id]) AS found"
    for t in REL_COUNTS
}

# --- runs ------------------------------------------------------------------------------------

RUN_START = """
CREATE (r:IngestRun {id: $id, started_at: datetime($started_at), inputs: $inputs,
                     sha256: $sha256, origin: $origin, outcome: 'running', process: $process})"""

RUN_FINISH = """
MERGE (r:IngestRun {id: $id})
ON CREATE SET r.started_at = datetime($started_at), r.inputs = $inputs, r.sha256 = $sha256,
              r.origin = $origin
SET r.finished_at = datetime(), r.counts = $counts, r.outcome = $outcome,
    r.versions = $versions, r.failure = $failure"""

#: Runs still ``running`` that a process on this host started (see ingest/runs.py).
RUNS_RUNNING = """
MATCH (r:IngestRun {outcome: 'running'}) WHERE r.process STARTS WITH $host
RETURN r.id AS id, r.process AS process"""

RUNS_ABANDONED = """
UNWIND $runs AS run
MATCH (r:IngestRun {id: run.id, outcome: 'running'})
SET r.outcome = 'failed', r.finished_at = datetime(), r.failure = run.failure"""
