"""Every writer keeps clusters right in its own transaction (core/resolution/): the issue's
reproduction with the UN list excerpt, a listing ingested after a judgement, and
retractions carried to every member."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from entanglements.core.corrections.retractions import Target, retract, unretract
from entanglements.core.resolution.judgements import Judgement, judge
from entanglements.core.settings import Settings
from entanglements.ingest.pipeline import ingest_paths, ingest_records
from tests.conftest import SHARED
from tests.db import SyncDb
from tests.ingest.lists.helpers import others_kept

SAMPLE = SHARED / "data" / "official" / "un" / "sample_unsc.xml"


def _un_version(tmp: Path, prefix: str, date: str, *, without: str | None = None) -> Path:
    """The UN excerpt under this test's own references and programmes (so its snapshot
    delists nothing of other tests), dated ``date``, optionally without one entry."""
    text = SAMPLE.read_text(encoding="utf-8")
    text = re.sub(r'dateGenerated="[^"]*"', f'dateGenerated="{date}T00:00:00Z"', text)
    text = re.sub(r"<REFERENCE_NUMBER>", f"<REFERENCE_NUMBER>{prefix}", text)
    text = re.sub(r"<UN_LIST_TYPE>", f"<UN_LIST_TYPE>Test {prefix} ", text)
    if without is not None:
        entries = re.split(r"(?=<INDIVIDUAL>)|(?<=</INDIVIDUAL>)", text)
        text = "".join(e for e in entries if f">{prefix}{without}<" not in e)
    path = tmp / f"un-{date}.xml"
    path.write_text(text, encoding="utf-8")
    return path


def _party(p: str, name: str) -> list[dict[str, Any]]:
    return [
        {"record": "source", "id": f"{p}src", "title": "Notes", "kind": "article"},
        {"record": "entity", "id": f"{p}{name}", "kind": "Person", "name": name},
    ]


def _listings(db: SyncDb, settings: Settings, ids: list[str]) -> dict[str, list[Any]]:
    rows = db.rows(
        "UNWIND $ids AS id MATCH (e:Entity {id: id}) "
        "OPTIONAL MATCH (e)-[l:LISTED_ON]->(s:SanctionsList) "
        "WITH e, l, s ORDER BY s.id "
        "RETURN e.id AS id, collect([s.id, l.delisted, l.retracted IS NOT NULL]) AS found, "
        "e:Listed AS labelled",
        ids=ids,
    )
    return {r["id"]: [*r["found"], r["labelled"]] for r in rows}


def test_snapshot_gives_both_ids_of_a_party_one_listing_state(
    db: SyncDb, settings: Settings, tmp_path: Path, prefix: str
) -> None:
    """The issue's reproduction: a later version without TAi.013 delists TAi.013 and its
    judged twin; TAi.036 and its twin stay listed."""
    first = _un_version(tmp_path, prefix, "2024-10-17")
    later = _un_version(tmp_path, prefix, "2024-11-17", without="TAi.013")
    a036, a013 = f"un-sc:{prefix}TAi.036", f"un-sc:{prefix}TAi.013"
    with others_kept(db, settings, "un-sc"):  # a snapshot covers the whole publication
        db.run(ingest_paths, [first], snapshot=True)
        db.run(ingest_records, _party(prefix, "a") + _party(prefix, "b"))
        db.run(judge, f"{prefix}a", a036, Judgement.SAME, note=None, by="test")
        db.run(judge, f"{prefix}b", a013, Judgement.SAME, note=None, by="test")
        summary = db.run(ingest_paths, [later], snapshot=True)
    assert summary.delisted >= 1  # TAi.013's own listing (others' too); copies are not counted

    found = _listings(db, settings, [f"{prefix}a", a036, f"{prefix}b", a013])
    assert found[f"{prefix}a"] == found[a036]
    assert found[f"{prefix}b"] == found[a013]
    assert [d for _, d, _ in found[a036][:-1]] == [None]
    assert [d for _, d, _ in found[a013][:-1]] == ["2024-11-17"]


def test_a_listing_ingested_after_a_judgement_reaches_every_member(
    db: SyncDb, settings: Settings, prefix: str
) -> None:
    p = prefix
    db.run(ingest_records, _party(p, "x") + _party(p, "y") + _party(p, "z"))
    db.run(judge, f"{p}x", f"{p}y", Judgement.SAME, note=None, by="test")
    db.run(judge, f"{p}y", f"{p}z", Judgement.SAME, note=None, by="test")
    cite = [{"source": f"{p}src", "quote": "listed", "locator": ""}]
    db.run(
        ingest_records,
        [
            {"record": "list", "id": f"{p}el", "name": "Entity List", "authority": "US BIS"},
            {
                "record": "listing",
                "id": f"{p}l1",
                "entity": f"{p}z",
                "list": f"{p}el",
                "listed": "2020-01-02",
                "citations": cite,
            },
        ],
    )
    found = _listings(db, settings, [f"{p}x", f"{p}y", f"{p}z"])
    assert found[f"{p}x"] == found[f"{p}y"] == found[f"{p}z"] == [[f"{p}el", None, False], True]

    # a retraction of the listing is every member's; undoing it too
    db.run(retract, Target.LISTING, f"{p}l1", reason="misread", by="test")
    found = _listings(db, settings, [f"{p}x", f"{p}y", f"{p}z"])
    assert {str(v) for v in found.values()} == {str([[f"{p}el", None, True], True])}
    with pytest.raises(Exception, match="cluster copy"):
        db.run(retract, Target.LISTING, f"{p}l1~{p}x", reason="x", by="test")
    db.run(unretract, Target.LISTING, f"{p}l1", by="test")
    found = _listings(db, settings, [f"{p}x", f"{p}y", f"{p}z"])
    assert {str(v) for v in found.values()} == {str([[f"{p}el", None, False], True])}

    # a retracted member's own listings leave the others with it
    db.run(retract, Target.ENTITY, f"{p}z", reason="no such party", by="test")
    found = _listings(db, settings, [f"{p}x", f"{p}y"])
    assert found[f"{p}x"] == found[f"{p}y"] == [[f"{p}el", None, True], True]
    db.run(unretract, Target.ENTITY, f"{p}z", by="test")

    # NONE on y-z splits the cluster: x and y lose z's listing at once
    db.run(judge, f"{p}y", f"{p}z", Judgement.NONE, note=None, by="test")
    found = _listings(db, settings, [f"{p}x", f"{p}y", f"{p}z"])
    assert found[f"{p}x"] == found[f"{p}y"] == [[None, None, False], False]
    assert found[f"{p}z"] == [[f"{p}el", None, False], True]
