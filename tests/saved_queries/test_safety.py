"""The textual check: every spelling of a write we know of is refused; reads are not."""

from __future__ import annotations

import pytest

from entanglements.core.errors import BadInputError
from entanglements.core.saved_queries import safety
from entanglements.core.saved_queries.safety import (
    UnsafeQueryError,
    check,
    check_file_text,
    tokenize,
)

#: Writes and escapes from the database, in the spellings people (or attackers) use.
WRITES = {
    "create": "CREATE (n:Probe) RETURN n",
    "lowercase": "match (n) set n.x = 1 return n",
    "mixed case": "MATCH (n) DeTaCh DeLeTe n",
    "comment between words": "MATCH (n) DETACH/* hidden */DELETE n",
    "line comment between words": "MATCH (n)\nDETACH // why not\nDELETE n",
    "merge in call subquery": "MATCH (n) CALL (n) { MERGE (m:Probe {id: n.id}) } RETURN n",
    "remove": "MATCH (n:Entity) REMOVE n:Listed RETURN n",
    "foreach": "MATCH (n) FOREACH (x IN [1] | SET n.p = x)",
    "load csv": "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "load csv lowercase": "load csv with headers from 'https://example.com/x.csv' as r return r",
    "in transactions": "MATCH (n) CALL (n) { RETURN n AS m } IN TRANSACTIONS RETURN m",
    "db.createLabel": "CALL db.createLabel('Probe')",
    "backticked procedure": "CALL `db`.`createLabel`('Probe')",
    "procedure with comment": "CALL db . /* x */ createRelationshipType('PROBE')",
    "apoc procedure": "CALL apoc.create.node(['Probe'], {}) YIELD node RETURN node",
    "apoc function": "RETURN apoc.text.join(['a'], ',') AS x",
    "backticked apoc": "RETURN `apoc`.text.join(['a'], ',') AS x",
    "gds": "CALL gds.graph.drop('g')",
    "dbms procedure": "CALL dbms.listQueries()",
    "dbms function": "RETURN dbms.components() AS x",
    "unicode escape in keyword": "\\u0043REATE (n:Probe)",
    "unicode escape closing a comment": "RETURN 1 // \\u000a CREATE (n:Probe)",
    "unicode escape closing a string": "RETURN '\\u0027 CREATE (n:Probe) //' AS x",
    "use another database": "USE system MATCH (n) RETURN n",
    "show transactions": "SHOW TRANSACTIONS",
    "terminate": "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "drop": "DROP INDEX entity_kind",
    "create index": "CREATE INDEX probe FOR (n:Probe) ON (n.x)",
    "second statement": "MATCH (n) RETURN n; MATCH (m) RETURN m",
    "profile executes": "PROFILE MATCH (n) RETURN n",
    "explain prefix": "EXPLAIN MATCH (n) RETURN n",
    "cypher options": "CYPHER runtime=slotted MATCH (n) RETURN n",
    "keyword glued to number": "MATCH (n) WITH n, 1SET n.x = 1 RETURN n",
    "insert (GQL)": "INSERT (n:Probe)",
    "grant": "GRANT ROLE admin TO neo4j",
    "alter": "ALTER USER neo4j SET PASSWORD 'x'",
    "rename": "RENAME ROLE a TO b",
    "unterminated string hiding the rest": "RETURN 'x AS y CREATE (n)",
    "unterminated comment": "RETURN 1 /* CREATE (n)",
}

READS = [
    "MATCH (n:Entity {id: $id}) RETURN n",
    "MATCH (n) WHERE n.name = 'CREATE SET DELETE' RETURN n  // MERGE in a comment",
    'MATCH (n) WHERE n.note = "it\'s a \\"DELETE\\"" RETURN n /* DROP */',
    "MATCH (n) RETURN n.`set` AS `delete`",
    "MATCH (n) RETURN n.start, n.end, n.start_lo",  # start/end are data, not admin words
    "CALL db.labels() YIELD label RETURN label",
    "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node RETURN node",
    "MATCH (n) CALL (n) { MATCH (n)--(m) RETURN count(m) AS c } RETURN n, c",
    "MATCH (n) RETURN n;",
    "RETURN 1.5e3 AS x, 0x1F AS y, [1..3] AS z",
    "MATCH p = (a)-[*1..3]-(b) RETURN p",
    "RETURN 'a\\\\' AS backslash",  # an escaped backslash is not an escape of u
]


@pytest.mark.parametrize("text", WRITES.values(), ids=WRITES.keys())
def test_writes_are_refused(text: str) -> None:
    with pytest.raises(UnsafeQueryError):
        check(text)


@pytest.mark.parametrize("text", READS)
def test_reads_pass(text: str) -> None:
    check(text)


def test_reason_names_the_clause_and_the_file() -> None:
    with pytest.raises(BadInputError, match=r"^my/q\.cypher: refused: MERGE is not allowed"):
        check_file_text("MATCH (n) merge (m)", "my/q.cypher")
    with pytest.raises(BadInputError, match=r"CALL db\.createLabel is not allowed"):
        check_file_text("CALL db.createLabel('x')", "q.cypher")
    with pytest.raises(BadInputError, match="unicode escapes"):
        check_file_text("RETURN '\\u0041'", "q.cypher")


def test_tokens_keep_names_params_and_strings_apart() -> None:
    tokens = tokenize("MATCH (n {id: $id}) // c\nRETURN n.`odd name` AS x, 'text', $`p 2`")
    kinds = [(t.kind, t.text) for t in tokens if t.kind != "symbol"]
    assert kinds == [
        ("word", "MATCH"),
        ("word", "n"),
        ("word", "id"),
        ("param", "id"),
        ("word", "RETURN"),
        ("word", "n"),
        ("name", "odd name"),
        ("word", "AS"),
        ("word", "x"),
        ("string", "text"),
        ("param", "p 2"),
    ]
    assert safety.parameters_used(tokens) == {"id", "p 2"}


def test_empty_query_is_refused() -> None:
    with pytest.raises(UnsafeQueryError, match="empty"):
        check("// only a comment\n")
