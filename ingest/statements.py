"""Every Cypher statement of the ingest, parameterised.

Relationship statements are built per member of ``RelType``: the only text interpolated
into Cypher is a Neo4j type from that fixed vocabulary, never a user's string.

Each write group has three statements, run in one transaction per batch:

- ``diff`` (a read): for each row, is the element new, would the row change it, or does the
  graph already say what the row says? This gives created / updated / unchanged;
- ``write`` for the new and changed rows: ``MERGE`` on the indexed ``id`` (relationships
  between endpoints found with ``MATCH``, so a missing endpoint never creates a node), and
  ``SET`` with union semantics for lists and citations. It reads no ``properties()``
  snapshot, so the plan has no ``Eager`` operator;
- ``touch`` for the unchanged rows: only ``last_run`` (a no-op re-ingest costs little).
"""

from __future__ import annotations

from dataclasses import dataclass

from entanglements.core.vocab import LISTED_ON, RelType


def _union(var: str, prop: str) -> str:
    """Append the row's values not already present (first-seen order kept)."""
    have = f"coalesce({var}.{prop}, [])"
    return f"{prop}: {have} + [x IN row.{prop} WHERE NOT x IN {have}]"


def _keep(var: str, *props: str) -> str:
    """Optional scalars: the row's value when it has one, else what the graph has.
    Date bounds (``*_lo``/``*_hi``) travel as ISO text and become ``DATE`` values here."""
    return ", ".join(f"{p}: coalesce({_value(p)}, {var}.{p})" for p in props)


def _value(prop: str) -> str:
    """The row's value of a property as stored (``date()`` of null is null)."""
    return f"date(row.{prop})" if prop.endswith(("_lo", "_hi")) else f"row.{prop}"


def _create_map(*props: str, cited: bool = False) -> str:
    """Every property of a new element straight from the row (nulls are simply not set)."""
    entries = [f"{p}: {_value(p)}" for p in ("id", *props)]
    if cited:
        entries += ["cite_source: row.cs", "cite_quote: row.cq", "cite_locator: row.cl"]
    return "{" + ", ".join([*entries, "first_run: $run", "last_run: $run"]) + "}"


def _set(var: str, entries: str, *, cited: bool = False) -> str:
    """One ``SET var += {literal map}``: a single operator writing known keys, so the plan
    needs no Eager (reading properties in a WITH between two SETs, or a map whose keys
    the planner cannot see, would add one). Citations: the row's (parallel lists
    cs/cq/cl) that the element lacks; an element with none that gets none keeps none."""
    if not cited:
        return f"SET {var} += {{{entries}, last_run: $run}}"
    have = (
        f"[j IN range(0, size(coalesce({var}.cite_source, [])) - 1) "
        f"| [{var}.cite_source[j], {var}.cite_quote[j], {var}.cite_locator[j]]]"
    )
    new = f"[i IN range(0, size(row.cs) - 1) WHERE NOT [row.cs[i], row.cq[i], row.cl[i]] IN {have}"
    lists = ", ".join(
        f"cite_{name}: CASE WHEN size({new}]) = 0 THEN {var}.cite_{name} "
        f"ELSE coalesce({var}.cite_{name}, []) + {new} | row.{col}[i]] END"
        for name, col in (("source", "cs"), ("quote", "cq"), ("locator", "cl"))
    )
    return f"SET {var} += {{{entries}, last_run: $run,\n    {lists}}}"


def _differs(
    var: str,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    lists: tuple[str, ...],
    *,
    cited: bool = False,
) -> str:
    """Would writing the row change the element? (The same rules as the write.)"""
    tests = [f"{var}.{p} <> row.{p}" for p in required]
    tests += [f"(row.{p} IS NOT NULL AND row.{p} <> coalesce({var}.{p}, ''))" for p in optional]
    tests += [f"any(x IN row.{p} WHERE NOT x IN coalesce({var}.{p}, []))" for p in lists]
    if cited:
        tests.append(
            f"any(i IN range(0, size(row.cs) - 1) WHERE NOT [row.cs[i], row.cq[i], row.cl[i]] IN "
            f"[j IN range(0, size(coalesce({var}.cite_source, [])) - 1) "
            f"| [{var}.cite_source[j], {var}.cite_quote[j], {var}.cite_locator[j]]])"
        )
    return " OR ".join(tests)


def _diff(match: str, var: str, differs: str) -> str:
    # 0 = new, 1 = would change, 2 = already as the row says; one list, in row order.
    return f"""
UNWIND $rows AS row
OPTIONAL MATCH {match}
RETURN collect(CASE WHEN {var} IS NULL THEN 0 WHEN {differs} THEN 1 ELSE 2 END) AS status"""


SOURCES = f"""
UNWIND $rows AS row
MERGE (s:Source {{id: row.id}})
ON CREATE SET s.first_run = $run
{
    _set(
        "s",
        "title: row.title, kind: coalesce(row.kind, s.kind, 'other'), "
        + _keep("s", "url", "publisher", "published", "published_lo")
        + ", "
        + _union("s", "authors"),
    )
}"""

LISTS = f"""
UNWIND $rows AS row
MERGE (l:SanctionsList {{id: row.id}})
ON CREATE SET l.first_run = $run
{_set("l", "name: row.name, authority: row.authority, " + _keep("l", "country", "url"))}"""

_ENTITY_PROPS = ", ".join(
    ["kind: row.kind, name: row.name", _keep("n", "description")]
    + [_union("n", p) for p in ("aliases", "countries", "tags", "identifiers")]
)
ENTITIES = f"""
UNWIND $rows AS row
MERGE (n:Entity {{id: row.id}})
ON CREATE SET n.first_run = $run
{_set("n", _ENTITY_PROPS, cited=True)}"""

_ENTITY_CREATE = f"""
UNWIND $rows AS row
CREATE (n:Entity)
SET n += {
    _create_map(
        "kind", "name", "description", "aliases", "countries", "tags", "identifiers", cited=True
    )
}"""

_DATES = ("start", "start_lo", "start_hi", "end", "end_lo", "end_hi")
_LISTING_DATES = ("listed", "listed_lo", "listed_hi", "delisted", "delisted_lo", "delisted_hi")


def _relationship(neo4j_type: str) -> str:
    return f"""
UNWIND $rows AS row
MATCH (a:Entity {{id: row.from}})
MATCH (b:Entity {{id: row.to}})
MERGE (a)-[r:{neo4j_type} {{id: row.id}}]->(b)
ON CREATE SET r.first_run = $run
{_set("r", _keep("r", "role", "description", "share", *_DATES), cited=True)}"""


RELATIONSHIPS: dict[str, str] = {t.neo4j_type: _relationship(t.neo4j_type) for t in RelType}


def _relationship_create(neo4j_type: str) -> str:
    return f"""
UNWIND $rows AS row
MATCH (a:Entity {{id: row.from}})
MATCH (b:Entity {{id: row.to}})
CREATE (a)-[r:{neo4j_type}]->(b)
SET r += {_create_map("role", "description", "share", *_DATES, cited=True)}"""


LISTINGS = f"""
UNWIND $rows AS row
MATCH (e:Entity {{id: row.entity}})
MATCH (l:SanctionsList {{id: row.list}})
MERGE (e)-[r:{LISTED_ON} {{id: row.id}}]->(l)
ON CREATE SET r.first_run = $run
SET e:Listed
{_set("r", _keep("r", "program", "reason", *_LISTING_DATES), cited=True)}"""


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
        _diff(
            "(s:Source {id: row.id})",
            "s",
            _differs("s", ("title",), ("url", "publisher", "published", "kind"), ("authors",)),
        ),
        SOURCES,
        "UNWIND $ids AS id MATCH (s:Source {id: id}) SET s.last_run = $run",
    ),
    "list": Statements(
        _diff(
            "(l:SanctionsList {id: row.id})",
            "l",
            _differs("l", ("name", "authority"), ("country", "url"), ()),
        ),
        LISTS,
        "UNWIND $ids AS id MATCH (l:SanctionsList {id: id}) SET l.last_run = $run",
    ),
    "entity": Statements(
        _diff(
            "(n:Entity {id: row.id})",
            "n",
            _differs(
                "n",
                ("kind", "name"),
                ("description",),
                ("aliases", "countries", "tags", "identifiers"),
                cited=True,
            ),
        ),
        ENTITIES,
        "UNWIND $ids AS id MATCH (n:Entity {id: id}) SET n.last_run = $run",
        _ENTITY_CREATE,
    ),
    "listing": Statements(
        _diff(
            f"()-[r:{LISTED_ON} {{id: row.id}}]->()",
            "r",
            _differs("r", (), ("program", "reason", "listed", "delisted"), (), cited=True),
        ),
        LISTINGS,
        f"UNWIND $ids AS id MATCH (e:Entity)-[r:{LISTED_ON} {{id: id}}]->() "
        "SET r.last_run = $run, e:Listed",
    ),
}
for _t in RelType:
    _STATEMENTS[f"relationship:{_t.neo4j_type}"] = Statements(
        _diff(
            f"()-[r:{_t.neo4j_type} {{id: row.id}}]->()",
            "r",
            _differs("r", (), ("role", "description", "share", "start", "end"), (), cited=True),
        ),
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
REL_COUNTS = {
    t: f"MATCH ()-[r:{t}]->() RETURN count(r) AS n"
    for t in (*(r.neo4j_type for r in RelType), LISTED_ON)
}
REL_ENDS = {
    t: f"UNWIND $ids AS id MATCH (a)-[r:{t} {{id: id}}]->(b) "
    "RETURN collect([r.id, a.id, b.id]) AS found"
    for t in REL_COUNTS
}

# --- runs ------------------------------------------------------------------------------------

RUN_START = """
CREATE (r:IngestRun {id: $id, started_at: datetime($started_at), inputs: $inputs,
                     sha256: $sha256, origin: $origin, outcome: 'running'})"""

RUN_FINISH = """
MERGE (r:IngestRun {id: $id})
ON CREATE SET r.started_at = datetime($started_at), r.inputs = $inputs, r.sha256 = $sha256,
              r.origin = $origin
SET r.finished_at = datetime(), r.counts = $counts, r.outcome = $outcome"""
