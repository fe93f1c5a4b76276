"""Watches and alerts (issue 17): a watched entity gets exactly one alert when a new list
version (``ingest --snapshot``) lists a party within its reach, one when a later version
delists it, and none when nothing changed; alerts are read and acknowledged through the
API and never deleted."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import AsyncManagedTransaction

from entanglements.core.corrections.retractions import Target, retract
from entanglements.core.db.database import Database, rows
from entanglements.core.errors import BadInputError, NotFoundError
from entanglements.core.settings import Settings
from entanglements.core.watch import alerts, watches
from entanglements.core.watch.check import STORE, check_watches, current, with_verdicts
from entanglements.ingest.pipeline import ingest_paths, ingest_records
from tests.api.conftest import ClientFactory, Findings, codes, data, post
from tests.db import SyncDb
from tests.ingest.lists.helpers import others_kept
from tests.ingest.lists.test_snapshot import _version as list_version


def watch(db: SyncDb, settings: Settings, entity_id: str, hops: int = 3) -> watches.Watch:
    """``entangle watch add``: the exposure now is the baseline."""
    name = db.run(watches.validate, entity_id, hops, None)
    probe = watches.Watch(entity_id, name, hops, None, None, "tester")
    baseline = db.run(current, probe, datetime.now(UTC).date())
    return db.run(
        watches.save,
        entity_id,
        hops=hops,
        lists=None,
        rule=None,
        by="tester",
        baseline=baseline,
        run=None,
    )


def alerts_of(db: SyncDb, settings: Settings, entity_id: str) -> list[alerts.Alert]:
    return [a for a in db.run(alerts.all_alerts, since=None) if a.watch == entity_id]


@pytest.fixture
def watched(findings: Findings, db: SyncDb, settings: Settings) -> Iterator[Findings]:
    """start - mid - A (a person the UN list will name) - far; watched from ``start``."""
    f = findings
    party = f"un-sc:{f.prefix}A"
    f.entity("start")
    f.entity("mid")
    f.entity("far")
    f.records.append({"record": "entity", "id": party, "kind": "Person", "name": "A"})
    f.rel("r1", "partnership", "start", "mid")
    f.records.append(
        {
            "record": "relationship",
            "id": f.id("r2"),
            "type": "employment",
            "from": party,
            "to": f.id("mid"),
            "citations": [f.cite("A works at mid")],
        }
    )
    f.rel("r3", "partnership", "mid", "far")
    f.load(db, settings)
    watch(db, settings, f.id("start"))
    with others_kept(db, settings, "un-sc"):  # the tests' UN snapshots delist them
        yield f
    db.run(watches.remove, f.id("start"))


def test_one_alert_when_a_version_lists_a_party_in_reach_one_when_it_delists_it(
    watched: Findings, db: SyncDb, settings: Settings, tmp_path: Path
) -> None:
    f, start, party = watched, watched.id("start"), f"un-sc:{watched.prefix}A"
    v1 = list_version(tmp_path, f.prefix, "2024-01-10", ["A", "B"])
    first = db.run(ingest_paths, [v1], snapshot=True)
    raised = alerts_of(db, settings, start)
    assert [(a.kind, a.party, a.run) for a in raised] == [("listed", party, first.run_id)]
    assert raised[0].after is not None and raised[0].after["distance"] == 2
    assert first.alerts >= 1

    db.run(ingest_paths, [v1], snapshot=True)  # the same version: nothing changed
    db.run(ingest_records, f.records, origin="api")  # nor does the findings file
    db.run(check_watches)
    assert len(alerts_of(db, settings, start)) == 1

    v2 = list_version(tmp_path, f.prefix, "2024-02-20", ["B"])
    second = db.run(ingest_paths, [v2], snapshot=True)
    assert second.delisted >= 1  # a snapshot covers the publication: other tests' too
    raised = alerts_of(db, settings, start)
    assert [(a.kind, a.party, a.run) for a in raised[1:]] == [("delisted", party, second.run_id)]
    assert raised[1].before == raised[0].after and raised[1].after is None


def test_new_path_shorter_path_and_retraction(
    findings: Findings, db: SyncDb, settings: Settings
) -> None:
    f = findings
    f.sanctions_list("el")
    for key in ("w", "a", "b", "p"):
        f.entity(key)
    f.rel("wa", "partnership", "w", "a")
    f.rel("ab", "partnership", "a", "b")
    f.listing("lp", "p", "el", listed="2019")
    f.load(db, settings)
    w = f.id("w")
    watch(db, settings, w)
    try:
        far = Findings(f.prefix)
        far.rel("bp", "partnership", "b", "p")  # p now at 3 hops, listed long ago
        first = db.run(ingest_records, far.records[1:], origin="api")
        run = first.run_id
        assert first.alerts >= 1 and first.watch_error is None
        near = Findings(f.prefix)
        near.rel("wp", "funding", "w", "p")
        db.run(ingest_records, near.records[1:], origin="api")
        # the retraction runs the watch check itself, as an ingest does
        done = db.run(retract, Target.LISTING, f.id("lp"), reason="wrong person", by="t")
        assert done.alerts == 1 and done.watch_error is None
        raised = alerts_of(db, settings, w)
        assert [(a.kind, a.party) for a in raised] == [
            ("new_exposure", f.id("p")),
            ("shorter_path", f.id("p")),
            ("delisted", f.id("p")),
        ]
        assert raised[0].run == run and raised[0].after == {
            "distance": 3,
            "listings": [f.id("lp")],
        }
        assert (raised[1].before or {})["distance"] == 3 and (raised[1].after or {})[
            "distance"
        ] == 1
        assert raised[2].run == done.id  # the alert names the retraction as its cause
    finally:
        db.run(watches.remove, w)


def test_watch_refusals(findings: Findings, db: SyncDb, settings: Settings) -> None:
    f = findings
    f.entity("e")
    f.load(db, settings)
    with pytest.raises(NotFoundError):
        db.run(watches.validate, f.id("nope"), 3, None)
    with pytest.raises(BadInputError, match="--hops"):
        db.run(watches.validate, f.id("e"), settings.max_hops + 1, None)
    with pytest.raises(BadInputError, match="no list with id"):
        db.run(watches.validate, f.id("e"), 3, [f.id("no-list")])
    with pytest.raises(NotFoundError, match="is not watched"):
        db.run(watches.remove, f.id("e"))


ALERTS = """
query($since: PartialDate, $first: Int, $after: String, $open: Boolean) {
  alerts(since: $since, first: $first, after: $after, unacknowledged: $open) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id kind watchedEntity { id } party { id } partyName before after run { id }
                   acknowledgedAt acknowledgedBy } }
  }
}
"""
ACK = "mutation($ids: [ID!]!) { acknowledgeAlerts(ids: $ids) { id acknowledgedBy } }"


def test_alerts_are_paged_and_acknowledged_never_deleted(
    client: TestClient,
    make_client: ClientFactory,
    watched: Findings,
    db: SyncDb,
    settings: Settings,
    tmp_path: Path,
) -> None:
    f, start = watched, watched.id("start")
    for date, names in (("2024-01-10", ["A"]), ("2024-02-20", ["B"])):
        version = list_version(tmp_path, f.prefix, date, names)
        db.run(ingest_paths, [version], snapshot=True)
    mine = [f"alert:{a.id}" for a in alerts_of(db, settings, start)]
    assert len(mine) == 2
    today = datetime.now(UTC).date().isoformat()

    def page(**variables: Any) -> Any:
        return data(client, ALERTS, since=today, **variables)["alerts"]

    seen: list[str] = []
    after = None
    while True:  # one alert per page: the cursor walks them oldest first
        got = page(first=1, after=after)
        seen += [e["node"]["id"] for e in got["edges"]]
        if not got["pageInfo"]["hasNextPage"]:
            break
        after = got["pageInfo"]["endCursor"]
    assert [i for i in seen if i in mine] == mine
    assert len(seen) == page(first=0)["totalCount"]

    assert codes(post(client, ACK, {"ids": mine[:1]})) == ["FORBIDDEN"]
    with make_client(anonymous_role="editor") as editor:
        done = data(editor, ACK, ids=mine[:1])["acknowledgeAlerts"]
        assert done == [{"id": mine[0], "acknowledgedBy": "anonymous"}]
        assert codes(post(editor, ACK, {"ids": [mine[1], "al-nope"]})) == ["NOT_FOUND"]
    still_open = {e["node"]["id"] for e in page(first=500, open=True)["edges"]}
    assert mine[0] not in still_open and mine[1] in still_open
    everything = {e["node"]["id"] for e in page(first=500)["edges"]}
    assert set(mine) <= everything  # acknowledged, not gone
    assert codes(post(client, ALERTS, {"after": "bm9wZQ=="})) == ["BAD_USER_INPUT"]


def test_a_rule_verdict_change_is_an_alert(
    findings: Findings, db: SyncDb, settings: Settings
) -> None:
    f = findings
    sdn = f"ofac-sdn-{f.prefix}x"  # an OFAC list by its id: ofac-50 draws on it
    f.records.append({"record": "list", "id": sdn, "name": "SDN", "authority": "OFAC"})
    f.entity("owner")
    f.entity("asset", kind="Company")
    f.records.append(
        {"record": "listing", "id": f.id("lo"), "entity": f.id("owner"), "list": sdn,
         "listed": "2019", "citations": [f.cite("owner is on the SDN list")]}
    )  # fmt: skip
    f.rel("own", "ownership", "owner", "asset", share=60)
    f.load(db, settings)
    asset = f.id("asset")
    name = db.run(watches.validate, asset, 1, None)
    probe = watches.Watch(asset, name, 1, None, "ofac-50", "tester")
    today = datetime.now(UTC).date()
    [baseline] = db.run(with_verdicts, [probe], [db.run(current, probe, today)], today)
    assert baseline.verdict == "RESTRICTED (ownership)"
    db.run(watches.save, asset, hops=1, lists=None, rule="ofac-50", by="t", baseline=baseline,
        run=None,
    )  # fmt: skip
    try:
        db.run(retract, Target.RELATIONSHIP, f.id("own"), reason="no stake", by="t")
        db.run(check_watches)
        raised = {a.kind: a for a in alerts_of(db, settings, asset)}
        assert set(raised) == {"vanished_exposure", "verdict_changed"}
        change = raised["verdict_changed"]
        assert change.before == {"verdict": "RESTRICTED (ownership)"}
        assert change.after is not None and change.after["verdict"].startswith("CLEAR")
    finally:
        db.run(watches.remove, asset)


@contextmanager
def partner_listed_later(
    f: Findings, db: SyncDb, settings: Settings, **names: str
) -> Iterator[Findings]:
    """``watched`` - ``partner`` (watched from ``watched``); yields the records that list
    ``partner``, whose ingest's watch check raises one LISTED alert. ``names``: entity names."""
    f.entity("watched", **({"name": names["watched"]} if "watched" in names else {}))
    f.entity("partner", **({"name": names["partner"]} if "partner" in names else {}))
    f.rel("r1", "partnership", "watched", "partner")
    f.sanctions_list("l")
    f.load(db, settings)
    watch(db, settings, f.id("watched"))
    listing = Findings(f.prefix)
    listing.listing("li", "partner", "l", listed="2020")
    listing.records = [r for r in listing.records if r["record"] == "listing"]
    try:
        yield listing
    finally:
        db.run(watches.remove, f.id("watched"))


@pytest.mark.asyncio
async def test_two_checks_storing_at_once_raise_a_change_once(
    watched: Findings, database: Database
) -> None:
    """Check B reads the watch's version while check A's store is not yet committed: B
    must wait for A and then store nothing (read-committed would let it raise A's alert
    again, issue 29)."""
    wid = watched.id("start")
    [state] = await database.read(
        "MATCH (w:Watch {id: $id}) RETURN w.version AS version, w.snapshot AS snapshot",
        {"id": wid},
    )

    def batch() -> dict[str, Any]:  # a real alert id: the feeds order alerts by it
        row = {"id": wid, "version": state["version"], "snapshot": state["snapshot"]}
        party = {"kind": "listed", "watch": wid, "entity_name": "start", "party": "p", "run": None}
        return {
            "rows": [row | {"alerts": [party | {"id": alerts.new_alert_ids(1)[0]}]}],
            "run": None,
        }

    stored, release = asyncio.Event(), asyncio.Event()

    async def first_store(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        found = await rows(tx, STORE, batch())
        stored.set()
        await release.wait()  # A's transaction stays open, holding the watch's lock
        return found

    first = asyncio.create_task(database.write(first_store))
    await asyncio.wait_for(stored.wait(), 30)
    second = asyncio.create_task(database.write_query(STORE, batch()))
    await asyncio.sleep(1.0)
    assert not second.done()  # B waits for the watch's lock, A holding it
    release.set()
    assert len(await first) == 1
    assert await second == []  # B saw A's version: nothing stored twice
    [after] = await database.read(
        "MATCH (w:Watch {id: $id}) RETURN w.version AS version, w._lock AS lock", {"id": wid}
    )
    assert after == {"version": state["version"] + 1, "lock": None}
