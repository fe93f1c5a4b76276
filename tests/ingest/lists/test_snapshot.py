"""``--snapshot``: absent entries are delisted on the version's date citing it, returning
entries get a new listing period, the same version twice changes nothing, and ``asOf``
exposure queries see the delisting (they compare ``delisted_hi``). A snapshot covers its
whole publication (a programme that leaves is delisted) and nothing else.

The test graph is shared: a snapshot delists every open listing of its publication that
other tests left there, so these tests assert about their own listings only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from entanglements.core.settings import Settings
from entanglements.core.vocab import ListPublication
from entanglements.ingest.pipeline import ingest_paths, ingest_records
from tests.db import SyncDb
from tests.ingest.lists.helpers import others_kept


@pytest.fixture(autouse=True)
def _others(db: SyncDb, settings: Settings) -> Iterator[None]:
    with others_kept(db, settings, *ListPublication):
        yield


_ENTRY = """<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>{name}</FIRST_NAME>
<UN_LIST_TYPE>{programme}</UN_LIST_TYPE><REFERENCE_NUMBER>{ref}</REFERENCE_NUMBER>
<LISTED_ON>2020-01-02</LISTED_ON></INDIVIDUAL>"""


def _version(tmp: Path, prefix: str, date: str, names: list[str]) -> Path:
    """A UN list version holding ``names`` on a programme of this test's own."""
    entries = "".join(
        _ENTRY.format(name=n, programme=f"Test {prefix}", ref=f"{prefix}{n}") for n in names
    )
    path = tmp / f"un-{date}.xml"
    path.write_text(
        f'<CONSOLIDATED_LIST dateGenerated="{date}T00:00:00Z"><INDIVIDUALS>{entries}'
        "</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    return path


def _periods(db: SyncDb, settings: Settings, prefix: str) -> list[dict[str, object]]:
    return db.rows(
        "MATCH (e:Entity)-[r:LISTED_ON]->(:SanctionsList) WHERE e.id STARTS WITH $p "
        "RETURN r.id AS id, r.delisted AS delisted, r.cite_source AS cs ORDER BY id",
        p=f"un-sc:{prefix}",
    )


def test_delisting_relisting_and_same_version_twice(
    db: SyncDb, settings: Settings, tmp_path: Path, prefix: str
) -> None:
    list_id = f"un-sc-test-{prefix.rstrip('-')}"
    a, b = f"un-sc:{prefix}A/{list_id}", f"un-sc:{prefix}B/{list_id}"
    v1 = db.run(ingest_paths, [_version(tmp_path, prefix, "2024-01-10", ["A", "B"])], snapshot=True)
    assert v1.versions == ["un-sc-2024-01-10"]

    v2 = db.run(ingest_paths, [_version(tmp_path, prefix, "2024-02-20", ["A"])], snapshot=True)
    assert v2.delisted >= 1
    assert _periods(db, settings, prefix) == [
        {"id": a, "delisted": None, "cs": ["un-sc-2024-01-10", "un-sc-2024-02-20"]},
        {"id": b, "delisted": "2024-02-20", "cs": ["un-sc-2024-01-10", "un-sc-2024-02-20"]},
    ]
    again = db.run(ingest_paths, [tmp_path / "un-2024-02-20.xml"], snapshot=True)
    assert again.delisted == 0
    assert sum(c.created + c.updated for c in again.counts.values()) == 0

    v3 = db.run(ingest_paths, [_version(tmp_path, prefix, "2024-03-30", ["A", "B"])], snapshot=True)
    assert v3.counts["listing"].created == 1
    periods = _periods(db, settings, prefix)
    assert [(p["id"], p["delisted"]) for p in periods] == [
        (a, None),
        (b, "2024-02-20"),
        (f"{b}/2024-03-30", None),
    ]
    # As of a day inside the gap, B is not listed; before and after it is.
    query = (
        "MATCH (:Entity {id: $e})-[l:LISTED_ON]->() WHERE l.listed_lo <= date($d) "
        "AND (l.delisted_hi IS NULL OR l.delisted_hi >= date($d)) RETURN count(l) AS n"
    )
    entity = f"un-sc:{prefix}B"
    counts = [
        db.rows(query, e=entity, d=d)[0]["n"] for d in ("2024-02-01", "2024-03-01", "2024-04-01")
    ]
    assert counts == [1, 0, 1]  # the new period begins on the version's date
    listed = db.rows(
        "MATCH ()-[l:LISTED_ON {id: $id}]->() RETURN l.listed AS d",
        id=f"{b}/2024-03-30",
    )
    assert listed == [{"d": "2024-03-30"}]


def test_snapshot_without_a_date_is_refused(db: SyncDb, settings: Settings, tmp_path: Path) -> None:
    from entanglements.core.errors import BadInputError
    from tests.ingest.lists.helpers import BIS

    with pytest.raises(BadInputError, match=r"--snapshot needs the date .* --version-date"):
        db.run(ingest_paths, [BIS], snapshot=True)


def _sdn(folder: Path, rows: list[tuple[int, str, str]]) -> Path:
    """An OFAC SDN CSV version (sdn.csv only): (entry number, name, programme) per row."""
    folder.mkdir()
    lines = [
        f'{n},"{name}","individual","{programme}",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
        for n, name, programme in rows
    ]
    (folder / ("cons_prim.csv" if folder.name.startswith("cons") else "sdn.csv")).write_text(
        "".join(lines), encoding="cp1252"
    )
    return folder


def _listings(db: SyncDb, settings: Settings, ids: list[str]) -> dict[str, object]:
    rows = db.rows(
        "MATCH ()-[r:LISTED_ON]->() WHERE r.id IN $ids "
        "RETURN r.id AS id, r.delisted AS delisted, r.cite_locator AS locators",
        ids=ids,
    )
    return {r["id"]: (r["delisted"], r["locators"][-1]) for r in rows}


def test_a_programme_that_leaves_the_publication_is_delisted_and_nothing_else(
    db: SyncDb, settings: Settings, tmp_path: Path, prefix: str
) -> None:
    """The issue's OFAC case: the 2024 SDN file has no ZIMBABWE entries at all, and every
    ZIMBABWE listing of the earlier version is delisted on the new date, citing it. A
    findings list named like OFAC's (``ofac-sdn-…``), a findings listing on OFAC's own
    list, and a listing of OFAC's other publication (non-SDN) stay as they are."""
    base = 900_000_000 + int(prefix[1:9], 16) % 90_000_000
    zw = f"ZW{prefix[1:9].upper()}"  # this test's own Zimbabwe programme
    zw_list, sdgt_list = f"ofac-sdn-{zw.lower()}", f"ofac-sdn-sd{prefix[1:9]}"
    rows = [(base, "ONE, Stays", f"SD{prefix[1:9].upper()}"), (base + 1, "TWO, Zim", zw)]
    rows.append((base + 2, "THREE, Zim", zw))
    cons = _sdn(tmp_path / "cons", [(base + 3, "FOUR, Other", f"CMIC{prefix[1:9]}")])
    db.run(ingest_paths, [cons], snapshot=True, version_date="2022-04-01")
    db.run(ingest_paths, [_sdn(tmp_path / "v2021", rows)], snapshot=True, version_date="2021-06-30")
    own = [  # a user's findings: an ofac-sdn-… list of its own, and OFAC's own ZW list
        {"record": "source", "id": f"{prefix}src", "title": "Our notes"},
        {"record": "list", "id": f"ofac-sdn-{prefix}own", "name": "Ours", "authority": "Us"},
        {"record": "entity", "id": f"{prefix}e", "kind": "Person", "name": "Our Party"},
    ]
    for key, list_id in (("own", f"ofac-sdn-{prefix}own"), ("zw", zw_list)):
        own.append(
            {"record": "listing", "id": f"{prefix}{key}", "entity": f"{prefix}e",
             "list": list_id, "citations": [{"source": f"{prefix}src"}]}
        )  # fmt: skip
    db.run(ingest_records, own)

    v2024 = _sdn(tmp_path / "v2024", rows[:1])
    summary = db.run(ingest_paths, [v2024], snapshot=True, version_date="2024-05-03")
    assert summary.delisted >= 2
    absent = "absent from the ofac-sdn version of 2024-05-03"
    ids = [f"ofac:{base}/{sdgt_list}", f"ofac:{base + 1}/{zw_list}", f"ofac:{base + 2}/{zw_list}"]
    others = [f"ofac:{base + 3}/ofac-cons-cmic{prefix[1:9]}", f"{prefix}own", f"{prefix}zw"]
    assert _listings(db, settings, ids + others) == {
        ids[0]: (None, f"ofac-sdn:{base}"),
        ids[1]: ("2024-05-03", absent),
        ids[2]: ("2024-05-03", absent),
        others[0]: (None, f"ofac-cons:{base + 3}"),
        others[1]: (None, ""),
        others[2]: (None, ""),
    }
    cited = db.rows(
        "MATCH ()-[r:LISTED_ON {id: $id}]->() RETURN r.cite_source[-1] AS source",
        id=ids[1],
    )
    assert cited == [{"source": "ofac-sdn-2024-05-03"}]


def test_listings_written_before_publications_were_recorded_are_migrated(
    db: SyncDb, settings: Settings, tmp_path: Path, prefix: str
) -> None:
    """cypher/schema/030: an official listing without ``publication`` (as earlier versions
    wrote them) gets it from the version it cites; a findings listing on a list with the
    same prefix does not."""
    from entanglements.core.schema import migrate

    path = _version(tmp_path, prefix, "2024-01-10", ["A"])
    db.run(ingest_paths, [path])
    own = [
        {"record": "source", "id": f"un-sc-{prefix}notes", "title": "Our notes"},
        {"record": "list", "id": f"un-sc-{prefix}own", "name": "Ours", "authority": "Us"},
        {"record": "listing", "id": f"{prefix}mine", "entity": f"un-sc:{prefix}A",
         "list": f"un-sc-{prefix}own", "citations": [{"source": f"un-sc-{prefix}notes"}]},
    ]  # fmt: skip
    db.run(ingest_records, own)
    official = f"un-sc:{prefix}A/un-sc-test-{prefix.rstrip('-')}"
    query = "MATCH ()-[r:LISTED_ON]->() WHERE r.id IN $ids RETURN r.id AS id, r.publication AS p"
    ids = [official, f"{prefix}mine"]
    db.write_rows("MATCH ()-[r:LISTED_ON {id: $id}]->() REMOVE r.publication", id=official)
    db.run(migrate)
    found = {r["id"]: r["p"] for r in db.rows(query, ids=ids)}
    assert found == {official: "un-sc", f"{prefix}mine": None}
