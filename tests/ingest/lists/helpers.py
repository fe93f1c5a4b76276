"""Paths of the official-list samples, and reading one file's records without the graph."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from entanglements.core.models import AnyRecord
from entanglements.core.settings import Settings
from entanglements.ingest.inputs import resolve
from entanglements.ingest.parsers import parse
from tests.conftest import SHARED
from tests.db import SyncDb

OFFICIAL = SHARED / "data" / "official"
UN = OFFICIAL / "un" / "sample_unsc.xml"
OFAC_XML = OFFICIAL / "ofac" / "sample_ofac_consolidated.xml"
OFAC_SDN = [OFFICIAL / "ofac" / n for n in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")]
OFAC_CONS = OFFICIAL / "ofac" / "non-sdn"
EU = OFFICIAL / "eu" / "sample_eu.xml"
UK = OFFICIAL / "uk" / "sample_hmt.csv"
BIS = OFFICIAL / "bis" / "dpl_2022.txt"


def records(paths: list[Path], tmp: Path, **options: Any) -> tuple[list[AnyRecord], dict[str, int]]:
    """Every valid record the files give, and the skip counts; fails on any error."""
    found: list[AnyRecord] = []
    skipped: dict[str, int] = {}
    for source in resolve(list(paths), "auto", tmp, **options):
        for item in parse(source):
            assert item.error is None, f"{item.location}: {item.error}"
            if item.skipped:
                skipped[item.skipped] = skipped.get(item.skipped, 0) + 1
            elif item.record is not None:
                found.append(item.record)
    return found, skipped


def one(found: list[AnyRecord], record: str, id_: str) -> dict[str, Any]:
    """The one record of a type and id, as a plain dict (dates as text)."""
    matches = [r for r in found if r.record == record and r.id == id_]
    assert len(matches) == 1, f"{len(matches)} {record} records {id_!r}"
    return matches[0].model_dump(mode="json", by_alias=True, exclude_defaults=True)


@contextmanager
def others_kept(db: SyncDb, settings: Settings, *publications: str) -> Iterator[None]:
    """Snapshot tests share the graph with every other test, and a snapshot delists every
    open listing of its publication that it does not state, other tests' included: the
    listings of ``publications`` that exist before are put back as they were after."""
    query = (
        "MATCH ()-[r:LISTED_ON]->() WHERE r.publication IN $publications "
        "RETURN collect({id: r.id, props: properties(r)}) AS found"
    )
    before = db.rows(query, publications=list(publications))[0]["found"]
    try:
        yield
    finally:
        db.write_rows(
            "UNWIND $rows AS row MATCH ()-[r:LISTED_ON {id: row.id}]->() SET r = row.props",
            rows=before,
        )
