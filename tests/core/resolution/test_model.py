"""A model-based test of identity and corrections (Hypothesis stateful testing).

Random sequences of operations (ingest findings, ingest a UN list version with
``--snapshot``, judge SAME / DIFFERENT / NONE, retract and unretract relationships, listings
and sources, re-ingest) run against the real Neo4j and against a small in-memory reference
model of what must hold. After every step the graph must agree with the model on

- every entity's listings, own and cluster copies (id, delisted or not, retracted or not),
- the 3-hop sanctions exposure of the watched entity ``E0`` (party -> distance),
- ``E0``'s verdict under the ``ofac-50`` rule on this sequence's lists,

and a refused operation must be refused by both. After each sequence the graph's
invariants (``entangle db check``) hold for everything it wrote.

Seeded (``derandomize``), so a failure reproduces. ``ENTANGLE_MODEL_EXAMPLES`` sets the
number of sequences (``make test``: 200; ``make test-model``: more), of up to 25 steps.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from entanglements.core import invariants
from entanglements.core.corrections.retractions import Target, retract, unretract
from entanglements.core.errors import BadInputError
from entanglements.core.ownership.questions import ownership_status
from entanglements.core.resolution.judgements import Judgement, judge
from entanglements.core.settings import Settings
from entanglements.core.watch.check import current
from entanglements.core.watch.watches import Watch
from entanglements.ingest.pipeline import ingest_paths, ingest_records
from tests.db import SyncDb
from tests.ingest.lists.helpers import others_kept

EXAMPLES = int(os.environ.get("ENTANGLE_MODEL_EXAMPLES", "200"))
STEPS = 25
FINDINGS = ("E0", "E1", "E2", "E3")
#: Organisations of the UN list versions (no persons: the graph-wide saved queries the
#: seed's tests ask, such as bridging-people, must not meet this test's data).
LISTED = ("U0", "U1")
ENTITIES = FINDINGS + LISTED
SOURCES = ("S0", "S1")
FIRST_VERSION = date(2021, 1, 1)
TODAY = date.today()


@dataclass(frozen=True)
class Claim:
    """A relationship or finding listing a sequence may ingest."""

    key: str
    source: str
    frm: str
    to: str | None = None  # a relationship's other end
    type: str | None = None  # a relationship's type
    share: float | None = None


#: Shares into one asset add up to at most 100 %, so a verdict is never a conflict.
CLAIMS = (
    Claim("r10", "S0", "E1", "E0", "ownership", 50),
    Claim("r20", "S1", "E2", "E0", "ownership", 30),
    Claim("r30", "S0", "E3", "E0", "ownership", 20),
    Claim("ru1", "S1", "U0", "E1", "ownership", 60),
    Claim("r32", "S0", "E3", "E2", "partnership"),
    Claim("ru3", "S1", "U1", "E3", "partnership"),
    Claim("l2", "S0", "E2"),
    Claim("l3", "S1", "E3"),
)
BY_KEY = {c.key: c for c in CLAIMS}


@dataclass
class Listing:
    id: str
    entity: str  # model key (E2, U0, ...)
    delisted: bool = False
    retracted: str | None = None  # None, "self" or "source:S0"
    source: str | None = None  # findings listings: the source they rest on


@dataclass
class Model:
    """What the graph must say, in the model's own terms."""

    rels: dict[str, str | None] = field(default_factory=dict)  # key -> retracted
    listings: dict[str, Listing] = field(default_factory=dict)  # graph id -> listing
    #: UN entry -> its listing periods in order (the last one may be open).
    periods: dict[str, list[str]] = field(default_factory=dict)
    judged: dict[frozenset[str], Judgement] = field(default_factory=dict)
    sources_retracted: set[str] = field(default_factory=set)

    def clusters(self) -> dict[str, frozenset[str]]:
        found = {e: {e} for e in ENTITIES}
        for pair, verdict in self.judged.items():
            if verdict is Judgement.SAME:
                a, b = sorted(pair)
                merged = found[a] | found[b]
                for member in merged:
                    found[member] = merged
        return {e: frozenset(m) for e, m in found.items()}

    def live_rels(self) -> list[Claim]:
        return [BY_KEY[k] for k, r in self.rels.items() if r is None]

    def listed(self) -> set[str]:
        """Entities listed today (live and not delisted), cluster copies counted."""
        own = {
            listing.entity
            for listing in self.listings.values()
            if listing.retracted is None and not listing.delisted
        }
        clusters = self.clusters()
        return {e for e in ENTITIES if clusters[e] & own}


class Identity(RuleBasedStateMachine):
    db: SyncDb
    settings: Settings
    tmp: Path

    def __init__(self) -> None:
        super().__init__()
        self.p = f"m{uuid.uuid4().hex[:10]}-"
        self.model = Model()
        self.version = FIRST_VERSION

    # --- ids -----------------------------------------------------------------------------

    def id(self, key: str) -> str:
        if key in LISTED:
            return f"un-sc:{self.p}{key}"
        return f"{self.p}{key}"

    @property
    def fl(self) -> str:
        return f"{self.p}fl"

    @property
    def un_list(self) -> str:
        return f"un-sc-test-{self.p.rstrip('-')}"

    # --- writes ----------------------------------------------------------------------------

    def _un_version(self, present: tuple[str, ...]) -> Path:
        entries = "".join(
            f"<ENTITY><DATAID>1</DATAID><FIRST_NAME>{key}</FIRST_NAME>"
            f"<UN_LIST_TYPE>Test {self.p}</UN_LIST_TYPE>"
            f"<REFERENCE_NUMBER>{self.p}{key}</REFERENCE_NUMBER>"
            "<LISTED_ON>2020-01-02</LISTED_ON></ENTITY>"
            for key in present
        )
        path = self.tmp / f"{self.p}un-{self.version}.xml"
        path.write_text(
            f'<CONSOLIDATED_LIST dateGenerated="{self.version}T00:00:00Z"><INDIVIDUALS/>'
            f"<ENTITIES>{entries}</ENTITIES></CONSOLIDATED_LIST>",
            encoding="utf-8",
        )
        return path

    def _record(self, claim: Claim) -> dict[str, Any]:
        cite = [{"source": self.id(claim.source), "quote": claim.key, "locator": ""}]
        if claim.to is None:
            return {
                "record": "listing",
                "id": self.id(claim.key),
                "entity": self.id(claim.frm),
                "list": self.fl,
                "listed": "2020-01-02",
                "citations": cite,
            }
        record: dict[str, Any] = {
            "record": "relationship",
            "id": self.id(claim.key),
            "type": claim.type,
            "from": self.id(claim.frm),
            "to": self.id(claim.to),
            "citations": cite,
        }
        if claim.share is not None:
            record["share"] = claim.share
        return record

    @initialize()
    def setup(self) -> None:
        records: list[dict[str, Any]] = [
            *(
                {"record": "source", "id": self.id(s), "title": s, "kind": "article"}
                for s in SOURCES
            ),
            {"record": "list", "id": self.fl, "name": "Findings list", "authority": "test"},
            *(
                {"record": "entity", "id": self.id(e), "kind": "Company", "name": e}
                for e in FINDINGS
            ),
        ]
        assert self.db.run(ingest_records, records).outcome == "ok"
        self._snapshot(LISTED)

    def _snapshot(self, present: tuple[str, ...]) -> None:
        path = self._un_version(present)
        summary = self.db.run(ingest_paths, [path], snapshot=True)
        assert summary.outcome == "ok", summary.errors
        # a version covers its whole publication: one that holds no entry at all (every
        # programme ended) delists every open listing of it
        for key in LISTED:
            periods = self.model.periods.setdefault(key, [])
            current_period = self.model.listings.get(periods[-1]) if periods else None
            is_open = current_period is not None and not current_period.delisted
            if key in present and not is_open:
                base = f"{self.id(key)}/{self.un_list}"
                period = base if not periods else f"{base}/{self.version}"
                periods.append(period)
                self.model.listings[period] = Listing(period, key)
            elif key not in present and current_period is not None and is_open:
                current_period.delisted = True
        self.version += timedelta(days=1)

    @rule(claim=st.sampled_from(CLAIMS))
    def ingest_claim(self, claim: Claim) -> None:
        """A findings file states a claim (a re-ingest when it is there: nothing changes,
        a retracted claim stays retracted)."""
        if claim.source in self.model.sources_retracted:
            return  # a claim citing a retracted source: outside the model
        summary = self.db.run(ingest_records, [self._record(claim)])
        assert summary.outcome == "ok", summary.errors
        if claim.to is not None:
            self.model.rels.setdefault(claim.key, None)
        elif self.id(claim.key) not in self.model.listings:
            listing = Listing(self.id(claim.key), claim.frm, source=claim.source)
            self.model.listings[listing.id] = listing

    @rule(present=st.sets(st.sampled_from(LISTED)).map(lambda s: tuple(sorted(s))))
    def list_version(self, present: tuple[str, ...]) -> None:
        self._snapshot(present)

    @rule(
        pair=st.lists(st.sampled_from(ENTITIES), min_size=2, max_size=2, unique=True),
        verdict=st.sampled_from([Judgement.SAME, Judgement.DIFFERENT, Judgement.NONE]),
    )
    def judge_pair(self, pair: list[str], verdict: Judgement) -> None:
        a, b = pair
        self.db.run(judge, self.id(a), self.id(b), verdict, note=None, by="model")
        self.model.judged[frozenset(pair)] = verdict

    def _correct(self, undo: bool, target: Target, target_id: str, expected: str | None) -> bool:
        """Run the retraction (or its undoing); ``expected`` is the model's refusal."""
        try:
            if undo:
                self.db.run(unretract, target, target_id, by="model")
            else:
                self.db.run(retract, target, target_id, reason="model", by="model")
        except BadInputError as exc:
            assert expected is not None, f"refused: {exc}"
            return False
        assert expected is None, f"not refused, the model says: {expected}"
        return True

    @rule(claim=st.sampled_from(CLAIMS), undo=st.booleans())
    def correct_claim(self, claim: Claim, undo: bool) -> None:
        if claim.to is not None:
            if claim.key not in self.model.rels:
                return
            state, target = self.model.rels[claim.key], Target.RELATIONSHIP
        else:
            if self.id(claim.key) not in self.model.listings:
                return
            state, target = self.model.listings[self.id(claim.key)].retracted, Target.LISTING
        refusal = _refusal(state, undo)
        if self._correct(undo, target, self.id(claim.key), refusal):
            new = None if undo else "self"
            if claim.to is not None:
                self.model.rels[claim.key] = new
            else:
                self.model.listings[self.id(claim.key)].retracted = new

    @rule(data=st.data(), undo=st.booleans())
    def correct_period(self, data: st.DataObject, undo: bool) -> None:
        """Retract or unretract a UN listing period (own), or try a cluster copy's id."""
        periods = [p for key in LISTED for p in self.model.periods.get(key, [])]
        period = self.model.listings[data.draw(st.sampled_from(periods))]
        if data.draw(st.booleans()):  # a copy's id: always refused
            member = data.draw(st.sampled_from(ENTITIES))
            if member == period.entity or member not in self.model.clusters()[period.entity]:
                return
            copy_id = f"{period.id}~{self.id(member)}"
            assert not self._correct(undo, Target.LISTING, copy_id, "a cluster copy")
            return
        if self._correct(undo, Target.LISTING, period.id, _refusal(period.retracted, undo)):
            period.retracted = None if undo else "self"

    @rule(source=st.sampled_from(SOURCES), undo=st.booleans())
    def correct_source(self, source: str, undo: bool) -> None:
        retracted = source in self.model.sources_retracted
        refusal = None if retracted == undo else "retracted already / not retracted"
        if not self._correct(undo, Target.SOURCE, self.id(source), refusal):
            return
        mark, new = (f"source:{source}", None) if undo else (None, f"source:{source}")
        for key, state in self.model.rels.items():
            if BY_KEY[key].source == source and state == mark:
                self.model.rels[key] = new
        for listing in self.model.listings.values():
            if listing.source == source and listing.retracted == mark:
                listing.retracted = new
        if undo:
            self.model.sources_retracted.discard(source)
        else:
            self.model.sources_retracted.add(source)

    # --- what must agree -----------------------------------------------------------------

    @invariant()
    def listings_agree(self) -> None:
        if not self.model.periods:
            return  # before setup
        rows = self.db.rows(
            "UNWIND $ids AS id MATCH (e:Entity {id: id})-[l:LISTED_ON]->() "
            "RETURN e.id AS e, l.id AS id, l.delisted IS NOT NULL AS delisted, "
            "l.retracted IS NOT NULL AS retracted, e:Listed AS labelled",
            ids=[self.id(e) for e in ENTITIES],
        )
        graph = {(r["e"], r["id"], r["delisted"], r["retracted"]) for r in rows}
        expected = set()
        clusters = self.model.clusters()
        for listing in self.model.listings.values():
            for member in clusters[listing.entity]:
                copy = "" if member == listing.entity else f"~{self.id(member)}"
                retracted = listing.retracted is not None
                expected.add((self.id(member), listing.id + copy, listing.delisted, retracted))
        assert graph == expected, (sorted(graph - expected), sorted(expected - graph))
        assert all(r["labelled"] for r in rows)

    @invariant()
    def exposure_agrees(self) -> None:
        if not self.model.periods:
            return
        watch = Watch(self.id("E0"), "E0", 3, (self.fl, self.un_list), None, "model")
        found = self.db.run(current, watch, TODAY)
        graph = {pid: p.distance for pid, p in found.parties.items()}
        expected = {self.id(e): d for e, d in _reach(self.model).items()}
        assert graph == expected

    @invariant()
    def verdict_agrees(self) -> None:
        if not self.model.periods:
            return
        lists = [self.fl, self.un_list]
        report = self.db.run(ownership_status, self.id("E0"), "ofac-50", lists=lists)
        assert str(report.verdict.verdict) == _verdict(self.model)

    def teardown(self) -> None:
        if self.model.periods:
            scopes = (self.p, f"un-sc:{self.p}")
            found = self.db.read_tx(lambda tx: invariants.check(tx, scopes))
            mine = [str(v) for v in found if any(self.p in i for i in v.ids)]
            assert mine == []


def _refusal(state: str | None, undo: bool) -> str | None:
    """Why the model refuses a retraction (``undo``: its undoing) of an element in
    ``state``; None when it goes through."""
    if not undo:
        return None if state is None else "retracted already"
    if state is None:
        return "not retracted"
    return "retracted with its source" if state.startswith("source:") else None


def _reach(model: Model) -> dict[str, int]:
    """Listed parties within 3 hops of E0 over live relationships and SAME judgements in
    force (judgement hops), by shortest distance."""
    links: dict[str, set[str]] = {e: set() for e in ENTITIES}
    ends = [(c.frm, c.to) for c in model.live_rels() if c.to is not None]
    ends += [tuple(sorted(p)) for p, v in model.judged.items() if v is Judgement.SAME]
    for a, b in ends:
        links[a].add(b)
        links[b].add(a)
    distance = {"E0": 0}
    frontier = ["E0"]
    for hop in range(1, 4):
        frontier = [n for e in frontier for n in sorted(links[e]) if n not in distance]
        for n in frontier:
            distance.setdefault(n, hop)
    listed = model.listed()
    return {e: d for e, d in distance.items() if d > 0 and e in listed}


def _verdict(model: Model) -> str:
    """OFAC 50 (aggregating, 50 % or more) on E0's party: least fixpoints over live stakes
    between parties (a cluster is one party, a stake between two of its members is no
    owner's; each claim is a holding of its own). Certain shares into one party adding up to
    more than 100 % are a conflict: no share there is certain (the engine's lower bound is
    0), so the party is restricted only possibly (core/ownership/engine.py)."""
    party = model.clusters()
    listed = {party[e] for e in model.listed()}
    stakes = [
        c
        for c in model.live_rels()
        if c.type == "ownership" and c.to is not None and party[c.frm] != party[c.to]
    ]
    conflicted = {
        asset
        for asset in set(party.values())
        if sum(c.share or 0 for c in stakes if party[c.to] == asset) > 100
    }
    certain = _restricted(party, listed, stakes, skip=conflicted)
    possible = _restricted(party, listed, stakes, skip=set())
    e0 = party["E0"]
    return "RESTRICTED" if e0 in certain else "UNDETERMINED" if e0 in possible else "CLEAR"


def _restricted(
    party: dict[str, frozenset[str]],
    listed: set[frozenset[str]],
    stakes: list[Claim],
    skip: set[frozenset[str]],
) -> set[frozenset[str]]:
    """The parties listed or held 50 % or more by restricted ones (``skip``: never)."""
    restricted = set(listed)
    changed = True
    while changed:
        changed = False
        for asset in set(party.values()) - restricted - skip:
            held = sum(
                c.share or 0 for c in stakes if party[c.to] == asset and party[c.frm] in restricted
            )
            if held >= 50:
                restricted.add(asset)
                changed = True
    return restricted


@pytest.mark.model
def test_identity_and_corrections_agree_with_the_model(
    db: SyncDb, settings: Settings, tmp_path: Path
) -> None:
    # the watch check after each write is the watch tests' business; here it is only time
    Identity.settings = settings.model_copy(update={"watch_after_ingest": False})
    Identity.db = db.using(Identity.settings)
    Identity.tmp = tmp_path
    run = Identity.TestCase
    run.settings = hypothesis_settings(
        max_examples=EXAMPLES,
        stateful_step_count=STEPS,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    # Each snapshot delists every open UN listing it does not state, the other tests' too.
    with others_kept(db, settings, "un-sc"):
        run().runTest()
