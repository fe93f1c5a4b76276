"""The pruned exposure search (core/reads/pruned.py) answers exactly what the reference
(unpruned) search answers, on a seeded random graph written by the product's own writers
(ingest in several runs, judgements, retractions), so their upkeep of the distance labels
and last hops (core/reach.py) is what is tested too.

The graph has hubs (the test's hub bound is low), listings on three lists with dates and
delistings, relationships of five types with dates, retracted relationships, a retracted
listing and entity, SAME_AS clusters (one undone). Random starts and filters: ``lists``,
``asOf``, ``relationshipTypes``, ``direction``, ``includeRetracted``, ``maxHops`` (every
depth from 1 to 5, deepening included), ``first``, derived parties.

Compared element by element: the parties in order, distances, listings, ``total``,
``searchedHops``; per party, the lengths of the 3 shortest trails (before the report drops
the walks that revisit an entity; these lengths are what ``SHORTEST 3`` determines, the
choice among equally long trails is not); every pruned path is checked hop by hop against
the reference search's own hop rule; and where the reference found fewer than 3 trails (so
no tie was cut) the paths and ``listedBeforeLink`` are the same.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from entanglements.core import reach
from entanglements.core.corrections.retractions import Target, retract, unretract
from entanglements.core.dates import PartialDate
from entanglements.core.db.database import Database
from entanglements.core.reads import exposure, pruned
from entanglements.core.reads.exposure import EVERY_CLAIM, exposure_params, reference_query
from entanglements.core.reads.filters import Direction, oriented, search_hop
from entanglements.core.resolution.judgements import Judgement, judge
from entanglements.core.vocab import RelType
from tests.api.conftest import Findings
from tests.db import SyncDb

SEED = 27
HUB_DEGREE = 14
TYPES = ("partnership", "funding", "ownership", "membership", "collaboration")
LISTS = ("el", "uk", "eu")
ENTITIES = 180
RELATIONSHIPS = 420
STARTS = 80


def _graph(f: Findings, rng: random.Random) -> tuple[list[list[dict[str, Any]]], list[str]]:
    """Records of three ingest runs (entities and a first part of the relationships;
    listings; the rest), with power-law ends so that a few entities are hubs."""
    for key in LISTS:
        f.sanctions_list(key)
    keys = [f"e{i}" for i in range(ENTITIES)]
    for key in keys:
        f.entity(key)
    weights = [1 / (rank + 1) ** 0.9 for rank in range(ENTITIES)]
    for i in range(RELATIONSHIPS):
        a, b = rng.choices(keys, weights)[0], rng.choice(keys)
        if a == b:
            continue
        dates: dict[str, str] = {}
        if rng.random() < 0.5:
            start = rng.randint(2010, 2022)
            dates["start"] = str(start)
            if rng.random() < 0.4:
                dates["end"] = str(start + rng.randint(0, 4))
        f.rel(f"r{i}", rng.choice(TYPES), a, b, **dates)
    listed = rng.sample(keys, 24)
    for n, key in enumerate(listed):
        for lst in rng.sample(LISTS, rng.choice((1, 1, 2))):
            dates = {}
            if rng.random() < 0.7:
                dates["listed"] = str(rng.randint(2012, 2022))
            if rng.random() < 0.25:
                dates["delisted"] = str(rng.randint(2021, 2024))
            f.listing(f"x{n}-{lst}", key, lst, **dates)
    records = f.records
    first = [r for r in records if r["record"] != "listing"]
    split = len(first) - 120  # the last relationships come after the listings
    runs = [first[:split], [r for r in records if r["record"] in ("source", "listing")]]
    runs.append([records[0], *first[split:]])
    return runs, keys


@pytest.fixture(scope="module")
def graph(db: SyncDb) -> Iterator[tuple[str, list[str]]]:
    rng = random.Random(SEED)
    prefix = f"pr{uuid.uuid4().hex[:10]}-"  # the graph is the seed's, the ids this run's
    f = Findings(prefix)
    runs, keys = _graph(f, rng)
    from entanglements.ingest.pipeline import ingest_records

    for run in runs:
        summary = db.run(ingest_records, run, origin="api")
        assert summary.outcome == "ok", summary.errors
    ids = [prefix + k for k in keys]
    # Clusters: two SAME judgements joining a listed and an unlisted entity, one undone.
    listed = [r["id"] for r in db.rows(_LISTED, prefix=prefix)]
    unlisted = sorted(set(ids) - set(listed))
    pairs = [(listed[0], unlisted[0]), (unlisted[1], unlisted[2]), (listed[1], unlisted[3])]
    for a, b in pairs:
        db.run(judge, a, b, Judgement.SAME, note=None, by="test")
    db.run(judge, *pairs[2], Judgement.DIFFERENT, note=None, by="test")
    rels = [prefix + f"r{i}" for i in rng.sample(range(RELATIONSHIPS - 130), 25)]
    done = []
    for rid in rels:
        if db.rows(_REL_EXISTS, id=rid):
            done.append(db.run(retract, Target.RELATIONSHIP, rid, reason="t", by="t"))
    db.run(unretract, Target.RELATIONSHIP, done[0].target_id, reason="back", by="t")
    db.run(retract, Target.ENTITY, unlisted[4], reason="t", by="t")
    listing = db.rows(_A_LISTING, prefix=prefix)[0]["id"]
    db.run(retract, Target.LISTING, listing, reason="t", by="t")
    yield prefix, ids  # left in place, like every test's graph (its sources exist)


_LISTED = "MATCH (e:Listed) WHERE e.id STARTS WITH $prefix RETURN e.id AS id ORDER BY id"
_REL_EXISTS = (
    "MATCH ()-[r:PARTNERSHIP|FUNDING|OWNERSHIP|MEMBERSHIP|COLLABORATION {id: $id}]->() RETURN r.id"
)
_A_LISTING = (
    "MATCH (:Entity)-[l:LISTED_ON]->() WHERE l.id STARTS WITH $prefix AND l.via IS NULL "
    "AND l.retracted IS NULL RETURN l.id AS id ORDER BY id LIMIT 1"
)


def test_writers_keep_labels_and_last_hops(graph: tuple[str, list[str]], db: SyncDb) -> None:
    """After ingests in three runs, judgements and retractions, the structures agree with
    the graph (the checks of ``entangle db check``), and some listed parties exist."""
    prefix, _ = graph
    found = db.read_tx(lambda tx: reach.violations(tx, 100_000))
    assert [v for v in found if any(prefix in str(i) for i in v[1])] == []
    mirrors = db.rows(
        "MATCH (x:Entity)-[q:LISTED_HOP]->() WHERE x.id STARTS WITH $p RETURN count(q) AS n",
        p=prefix,
    )
    assert mirrors[0]["n"] > 50


def _cases(ids: list[str], prefix: str) -> Iterator[dict[str, Any]]:
    rng = random.Random(SEED + 1)
    for n in range(STARTS):
        types = None if rng.random() < 0.5 else rng.sample(TYPES, rng.randint(1, 4))
        lists = None if rng.random() < 0.5 else [prefix + x for x in rng.sample(LISTS, 2)]
        yield {
            "entity_id": rng.choice(ids[:40] if n % 2 else ids),  # hubs and others
            "max_hops": 1 + n % 5,
            "as_of": None if rng.random() < 0.5 else PartialDate(rng.randint(2012, 2024)),
            "lists": lists,
            "types": tuple(RelType(t) for t in types) if types else tuple(RelType),
            "first": rng.choice((50, 50, 3, 0)),
            "direction": rng.choice(list(Direction)),
            "include_retracted": rng.random() < 0.3,
            "judgements": rng.random() < 0.7,
        }


def _ids(result: Any) -> list[Any]:
    return [(e.entity.id, e.distance, sorted(li.id for li in e.listings)) for e in result.exposures]


async def _compare(database: Database, prefix: str, ids: list[str]) -> tuple[int, int]:
    db = database.with_settings(database.settings.model_copy(update={"hub_degree": HUB_DEGREE}))
    compared = same_paths = 0
    for case in _cases(ids, prefix):
        got = await exposure.sanctions_exposure(db, **case)
        want = await exposure.sanctions_exposure(db, **case, reference=True)
        label = f"{case}"
        assert got.total == want.total, label
        assert got.searched_hops == want.searched_hops, label
        assert _ids(got) == _ids(want), label
        uncut = await _same_trails(db, case, want.searched_hops, label)
        for g, w in zip(got.exposures, want.exposures, strict=True):
            if g.entity.id in uncut:
                assert [_walk(p) for p in g.paths] == [_walk(p) for p in w.paths], label
                assert g.listed_before_link == w.listed_before_link, label
                same_paths += 1
        compared += len(got.exposures)
    # derived parties: the reference search answers both
    case = next(_cases(ids, prefix))
    derived = [ids[3], ids[7]]
    got = await exposure.sanctions_exposure(db, **case, derived=derived)
    want = await exposure.sanctions_exposure(db, **case, derived=derived, reference=True)
    assert _ids(got) == _ids(want)
    return compared, same_paths


def _walk(path: Any) -> list[str]:
    return [h.id for h in path.hops]


async def _same_trails(db: Database, case: dict[str, Any], hops: int, label: str) -> set[str]:
    """Per party, the 3 shortest trails' lengths of both searches at the searched depth
    (raw rows), and every pruned trail valid by the reference search's hop rule. Returns
    the parties to which the reference found fewer than 3 trails: every trail, no tie cut,
    so both must report the same paths."""
    if case["first"] == 0:
        return set()
    types, direction, judgements = case["types"], case["direction"], case["judgements"]
    params = exposure_params(
        case["entity_id"],
        db.settings.hub_degree,
        as_of=case["as_of"],
        lists=case["lists"],
        first=case["first"],
        include_retracted=case["include_retracted"],
        types=types,
        judgements=judgements,
    )
    dated = case["as_of"] is not None
    kinds = {"dated": dated, "judgements": judgements}
    ref = (await db.read(reference_query(types, hops, direction, **kinds), params))[0]
    want = {x["entity"]["id"]: sorted(len(p["rels"]) for p in x["paths"]) for x in ref["exposures"]}
    row = (await db.read(exposure.exposure_query(types, hops, direction, **kinds), params))[0]
    got = {}
    levels = pruned.index(row["edges"])
    for f in row["found"]:
        walks = pruned.walks(row["s"], levels, f["t"], f["distance"])
        got[f["entity"]["id"]] = sorted(len(w) for w in walks)
        for w in walks:
            assert len({e.key for e in w}) == len(w), label  # a trail
            assert w[0].x == row["s"] and w[-1].y == f["t"], label
            await _valid(db, params, (types, direction, judgements), dated, w, label)
    if hops >= exposure.BFS_FROM_HOPS:  # paths only for the page, and point to point
        return set()
    assert got == want, label
    return {party for party, lengths in want.items() if len(lengths) < pruned.PATHS}


async def _valid(
    db: Database,
    params: dict[str, Any],
    search: tuple[tuple[RelType, ...], Direction, bool],
    dated: bool,
    walk: list[pruned.Edge],
    label: str,
) -> None:
    """Each hop of ``walk`` passes the reference search's own hop rule (``_hop_filter``,
    and the direction rule of a judgement hop, ``oriented``)."""
    types, direction, judgements = search
    query: Any = (
        "MATCH (s:Entity {id: $id}) WITH s, " + EVERY_CLAIM + " "
        "UNWIND $hops AS h MATCH (x:Entity)"
        + search_hop(types, direction, judgements)
        + "(y:Entity) WHERE "
        + oriented(direction, judgements)
        + " AND "
        "elementId(x) = h.x AND elementId(y) = h.y AND type(r) = h.type "
        "AND coalesce(r.id, r.judgement) = h.rel AND "
        + exposure._hop_filter(dated).removeprefix("WHERE ")
        + " "
        "RETURN count(*) AS n"
    )
    hops = [{"x": e.x, "y": e.y, "type": e.type, "rel": e.id} for e in walk]
    rows = await db.read(query, {**params, "hops": hops})
    assert rows[0]["n"] == len(walk), (label, walk)


def test_pruned_equals_reference(graph: tuple[str, list[str]], db: SyncDb) -> None:
    prefix, ids = graph
    compared, same_paths = db.wait(_compare(db.database, prefix, ids))
    assert compared > 80 and same_paths > 20  # the cases found parties and paths to compare
