"""Every Cypher statement of the ingest, parameterised.

Relationship statements are built per member of ``RelType``: the only text interpolated
into Cypher is a Neo4j type from that fixed vocabulary, never a user's string.

Write statements share one shape: ``MERGE`` on the indexed ``id`` (relationships between
endpoints found with ``MATCH``, so a missing endpoint cannot create a node), snapshot
``properties()`` before the ``SET``, and compare after, ignoring ``last_run``: that is how
created / updated / unchanged are counted by the database itself.
"""

from __future__ import annotations

from core.vocab import LISTED_ON, RelType


def _union(var: str, prop: str, column: str) -> str:
    """Append the row's values not already present (first-seen order kept)."""
    have = f"coalesce({var}.{prop}, [])"
    return f"{var}.{prop} = {have} + [x IN row.{column} WHERE NOT x IN {have}]"


def _keep(var: str, *props: str) -> str:
    """Optional scalars: the row's value when it has one, else what the graph has."""
    return ", ".join(f"{var}.{p} = coalesce(row.{p}, {var}.{p})" for p in props)


def _citations(var: str) -> str:
    """Add the row's citations (parallel lists cs/cq/cl) that the element lacks."""
    return f"""
WITH {var}, row, before,
     [j IN range(0, size(coalesce({var}.cite_source, [])) - 1)
      | [{var}.cite_source[j], {var}.cite_quote[j], {var}.cite_locator[j]]] AS have
WITH {var}, row, before,
     [i IN range(0, size(row.cs) - 1) WHERE NOT [row.cs[i], row.cq[i], row.cl[i]] IN have] AS add
SET {var}.cite_source = CASE WHEN size(add) = 0 THEN {var}.cite_source
                         ELSE coalesce({var}.cite_source, []) + [i IN add | row.cs[i]] END,
    {var}.cite_quote = CASE WHEN size(add) = 0 THEN {var}.cite_quote
                        ELSE coalesce({var}.cite_quote, []) + [i IN add | row.cq[i]] END,
    {var}.cite_locator = CASE WHEN size(add) = 0 THEN {var}.cite_locator
                          ELSE coalesce({var}.cite_locator, []) + [i IN add | row.cl[i]] END"""


def _counts(var: str) -> str:
    # A created element has no last_run yet; an updated one differs in more than last_run.
    return f"""
WITH before, properties({var}) AS after
RETURN count(*) AS rows,
       sum(CASE WHEN before.last_run IS NULL THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN before.last_run IS NOT NULL
                 AND before{{.*, last_run: 0}} <> after{{.*, last_run: 0}} THEN 1 ELSE 0 END)
         AS updated"""


SOURCES = f"""
UNWIND $rows AS row
MERGE (s:Source {{id: row.id}})
ON CREATE SET s.first_run = $run
WITH s, row, properties(s) AS before
SET s.title = row.title, {_keep("s", "url", "publisher", "published", "published_lo")},
    s.kind = coalesce(row.kind, s.kind, 'other'), {_union("s", "authors", "authors")},
    s.last_run = $run
{_counts("s")}"""

LISTS = f"""
UNWIND $rows AS row
MERGE (l:SanctionsList {{id: row.id}})
ON CREATE SET l.first_run = $run
WITH l, row, properties(l) AS before
SET l.name = row.name, l.authority = row.authority, {_keep("l", "country", "url")},
    l.last_run = $run
{_counts("l")}"""

ENTITIES = f"""
UNWIND $rows AS row
MERGE (n:Entity {{id: row.id}})
ON CREATE SET n.first_run = $run
WITH n, row, properties(n) AS before
SET n.kind = row.kind, n.name = row.name, {_keep("n", "description")},
    {_union("n", "aliases", "aliases")}, {_union("n", "countries", "countries")},
    {_union("n", "tags", "tags")}, {_union("n", "identifiers", "identifiers")},
    n.last_run = $run
{_citations("n")}
{_counts("n")}"""

_DATES = ("start", "start_lo", "start_hi", "end", "end_lo", "end_hi")
_LISTING_DATES = ("listed", "listed_lo", "listed_hi", "delisted", "delisted_lo", "delisted_hi")


def _relationship(neo4j_type: str) -> str:
    return f"""
UNWIND $rows AS row
MATCH (a:Entity {{id: row.from}})
MATCH (b:Entity {{id: row.to}})
MERGE (a)-[r:{neo4j_type} {{id: row.id}}]->(b)
ON CREATE SET r.first_run = $run
WITH r, row, properties(r) AS before
SET {_keep("r", "role", "description", "share", *_DATES)}, r.last_run = $run
{_citations("r")}
{_counts("r")}"""


RELATIONSHIPS: dict[str, str] = {t.neo4j_type: _relationship(t.neo4j_type) for t in RelType}

LISTINGS = f"""
UNWIND $rows AS row
MATCH (e:Entity {{id: row.entity}})
MATCH (l:SanctionsList {{id: row.list}})
MERGE (e)-[r:{LISTED_ON} {{id: row.id}}]->(l)
ON CREATE SET r.first_run = $run
SET e:Listed
WITH r, row, properties(r) AS before
SET {_keep("r", "program", "reason", *_LISTING_DATES)}, r.last_run = $run
{_citations("r")}
{_counts("r")}"""


def write_statement(group: str) -> str:
    """The statement for a write group (``entity``, ``relationship:OWNERSHIP``, ...)."""
    if group.startswith("relationship:"):
        return RELATIONSHIPS[group.removeprefix("relationship:")]
    return {"source": SOURCES, "list": LISTS, "entity": ENTITIES, "listing": LISTINGS}[group]


# --- validation lookups (pass 1) -----------------------------------------------------------

NODE_IDS = {
    "Entity": "UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id AS id, n.kind AS kind",
    "Source": "UNWIND $ids AS id MATCH (n:Source {id: id}) RETURN n.id AS id, null AS kind",
    "SanctionsList": (
        "UNWIND $ids AS id MATCH (n:SanctionsList {id: id}) RETURN n.id AS id, null AS kind"
    ),
}
NODE_COUNTS = {label: f"MATCH (n:{label}) RETURN count(n) AS n" for label in NODE_IDS}
REL_COUNTS = {
    t: f"MATCH ()-[r:{t}]->() RETURN count(r) AS n"
    for t in (*(r.neo4j_type for r in RelType), LISTED_ON)
}
REL_ENDS = {
    t: f"UNWIND $ids AS id MATCH (a)-[r:{t} {{id: id}}]->(b) "
    "RETURN r.id AS id, a.id AS a, b.id AS b"
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
