"""Every query over listings or relationships decides the query rules explicitly
(core/reads/rules.py, docs/data-model.md "Query rules"): whether retracted claims count,
and, over listings, whether cluster copies count. A query that decides neither fails here.

The queries are every Cypher text the product holds: the string constants of its modules
(and the values of their dicts of queries), the texts its query builders produce, and the
saved queries of ``cypher/queries/``. Writes (``CREATE``, ``MERGE``, ``SET``, ``DELETE``)
address elements by id and are the writers' own business (core/resolution/clusters.py).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator

import pytest

from entanglements.core.reads.exposure import exposure_query
from entanglements.core.reads.filters import Direction
from entanglements.core.reads.paths import _query as paths_query
from entanglements.core.reads.relationships import _query as relationships_query
from entanglements.core.reads.rules import LISTING_IN_FORCE, REL_DATES
from entanglements.core.saved_queries.library import load_folders
from entanglements.core.vocab import ENTITY_REL_TYPES, LISTED_ON, RelType
from tests.conftest import ROOT

_WRITE = re.compile(r"\b(CREATE|MERGE|SET|DELETE|REMOVE)\b")
_CYPHER = re.compile(r"\bMATCH\b")
#: A relationship read: one of the entity types, or an untyped relationship pattern.
_RELATIONSHIP = re.compile(r"\b(" + "|".join(ENTITY_REL_TYPES) + r")\b|-\[\w*\]-|\[:\$|STAKES")
_RETRACTION = re.compile(
    r"\.retracted IS (NOT )?NULL|\.retracted = |rule: retracted too|everyClaim|withRetracted"
)
_COPIES = re.compile(r"\.via IS (NOT )?NULL|rule: \w+ own or cluster copy")
#: A date comparison of a claim's period (a sort by ``listed_lo`` is none).
_DATED = re.compile(r"\.(start_lo|end_hi|listed_lo|delisted_hi) (<|>)")
_LAYERS = ("core", "ingest", "api", "cli")
QUERIES = ROOT / "cypher" / "queries"


def _module_queries() -> Iterator[tuple[str, str]]:
    for layer in _LAYERS:
        package = importlib.import_module(f"entanglements.{layer}")
        for info in pkgutil.walk_packages(package.__path__, f"entanglements.{layer}."):
            # the web app holds no Cypher; the saved queries' docs quote their rules as text
            if ".web" in info.name or info.name.endswith(("__main__", "saved_queries.docs")):
                continue
            module = importlib.import_module(info.name)
            for name, value in vars(module).items():
                values = value.values() if isinstance(value, dict) else [value]
                for text in values:
                    if isinstance(text, str) and _CYPHER.search(text):
                        yield f"{info.name}.{name}", text


def _built_queries() -> Iterator[tuple[str, str]]:
    types = tuple(RelType)
    for hops in (1, 3, 5):
        for dated in (False, True):
            yield (
                f"exposure_query({hops}, {dated})",
                exposure_query(types, hops, Direction.BOTH, dated=dated),
            )
    # judgement hops with a direction: the breadth-first reach is another query
    yield "exposure_query(5, OUTGOING)", exposure_query(types, 5, Direction.OUTGOING)
    for judgements in (False, True):
        yield f"paths({judgements})", paths_query(types, 3, 1, Direction.OUTGOING, judgements)
    yield "relationships", relationships_query(types, Direction.BOTH)


def _saved_queries() -> Iterator[tuple[str, str]]:
    for query in load_folders([QUERIES]):
        # a line comment is no decision (a `/* rule: ... */` in the query is one)
        yield f"cypher/queries/{query.name}", re.sub(r"//[^\n]*", "", query.text)


def _reads() -> list[tuple[str, str]]:
    found = [*_module_queries(), *_built_queries(), *_saved_queries()]
    return [(name, text) for name, text in found if not _WRITE.search(text)]


READS = _reads()


@pytest.mark.parametrize(("name", "text"), READS, ids=[n for n, _ in READS])
def test_every_read_decides_the_query_rules(name: str, text: str) -> None:
    if LISTED_ON in text or _RELATIONSHIP.search(text):
        assert _RETRACTION.search(text), f"{name} decides nothing about retracted claims"
    if LISTED_ON in text:
        assert _COPIES.search(text), f"{name} decides nothing about cluster copies"
    if not name.startswith("cypher/"):  # saved queries state it with $as_of (docs/queries.md)
        dated = _DATED.findall(text)
        rules = text.count(REL_DATES) * 2 + text.count(LISTING_IN_FORCE) * 2
        assert len(dated) <= rules, f"{name} compares dates outside the date rules"


def test_the_rules_see_the_queries() -> None:
    """The collection finds the queries it must judge (a test that judged none would pass)."""
    names = {n for n, _ in READS}
    assert len(READS) > 60
    assert {"paths(True)", "relationships", "entanglements.ingest.snapshot.PERIODS"} <= names
    assert any(n.startswith("cypher/queries/") for n in names)
