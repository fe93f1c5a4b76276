"""``--snapshot``: absent entries are delisted on the version's date citing it, returning
entries get a new listing period, the same version twice changes nothing, and ``asOf``
exposure queries see the delisting (they compare ``delisted_hi``)."""

from __future__ import annotations

from pathlib import Path

from neo4j import Driver

from entanglements.core.db.driver import run_read
from entanglements.core.settings import Settings
from entanglements.ingest.pipeline import ingest_paths

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


def _periods(driver: Driver, settings: Settings, prefix: str) -> list[dict[str, object]]:
    return run_read(
        driver,
        settings,
        "MATCH (e:Entity)-[r:LISTED_ON]->(:SanctionsList) WHERE e.id STARTS WITH $p "
        "RETURN r.id AS id, r.delisted AS delisted, r.cite_source AS cs ORDER BY id",
        p=f"un-sc:{prefix}",
    )


def test_delisting_relisting_and_same_version_twice(
    driver: Driver, settings: Settings, tmp_path: Path, prefix: str
) -> None:
    list_id = f"un-sc-test-{prefix.rstrip('-')}"
    a, b = f"un-sc:{prefix}A/{list_id}", f"un-sc:{prefix}B/{list_id}"
    v1 = ingest_paths(
        driver, settings, [_version(tmp_path, prefix, "2024-01-10", ["A", "B"])], snapshot=True
    )
    assert v1.delisted == 0 and v1.versions == ["un-sc-2024-01-10"]

    v2 = ingest_paths(
        driver, settings, [_version(tmp_path, prefix, "2024-02-20", ["A"])], snapshot=True
    )
    assert v2.delisted == 1
    assert _periods(driver, settings, prefix) == [
        {"id": a, "delisted": None, "cs": ["un-sc-2024-01-10", "un-sc-2024-02-20"]},
        {"id": b, "delisted": "2024-02-20", "cs": ["un-sc-2024-01-10", "un-sc-2024-02-20"]},
    ]
    again = ingest_paths(driver, settings, [tmp_path / "un-2024-02-20.xml"], snapshot=True)
    assert again.delisted == 0
    assert sum(c.created + c.updated for c in again.counts.values()) == 0

    v3 = ingest_paths(
        driver, settings, [_version(tmp_path, prefix, "2024-03-30", ["A", "B"])], snapshot=True
    )
    assert v3.delisted == 0 and v3.counts["listing"].created == 1
    periods = _periods(driver, settings, prefix)
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
        run_read(driver, settings, query, e=entity, d=d)[0]["n"]
        for d in ("2024-02-01", "2024-03-01", "2024-04-01")
    ]
    assert counts == [1, 0, 1]  # the new period begins on the version's date
    listed = run_read(
        driver,
        settings,
        "MATCH ()-[l:LISTED_ON {id: $id}]->() RETURN l.listed AS d",
        id=f"{b}/2024-03-30",
    )
    assert listed == [{"d": "2024-03-30"}]


def test_snapshot_without_a_date_is_refused(
    driver: Driver, settings: Settings, tmp_path: Path
) -> None:
    import pytest

    from entanglements.core.errors import BadInputError
    from tests.ingest.lists.helpers import BIS

    with pytest.raises(BadInputError, match=r"--snapshot needs the date .* --version-date"):
        ingest_paths(driver, settings, [BIS], snapshot=True)
