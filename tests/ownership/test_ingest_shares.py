"""Shares as evidence through the ingest: ranges, joint arrangements, FtM percentage text,
and bad shares refused with the file and line (nothing written)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from entanglements.core.models import RecordError, RelationshipRecord, parse_record
from entanglements.core.settings import Settings
from entanglements.ingest.errors import InvalidInputError
from entanglements.ingest.inputs import detect
from entanglements.ingest.parsers import parse
from entanglements.ingest.pipeline import ingest_paths
from tests.db import SyncDb
from tests.ingest.helpers import count, findings, write_jsonl

CITE = [{"source": "s"}]


def _rel(**fields: Any) -> dict[str, Any]:
    return {
        "record": "relationship",
        "id": "r",
        "type": "ownership",
        "from": "a",
        "to": "b",
        "citations": CITE,
        **fields,
    }


def test_ranges_and_arrangements_validate() -> None:
    record = parse_record(_rel(shareMin=25, shareMax=50, arrangement="jv-1"))
    assert isinstance(record, RelationshipRecord)
    assert (record.share_min, record.share_max, record.arrangement) == (25, 50, "jv-1")
    assert parse_record(_rel(type="control", role="board majority", arrangement="jv-1"))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"share": -1}, "share minimum -1 is outside 0-100 %"),
        ({"share": 100.5}, "share minimum 100.5 is outside 0-100 %"),
        ({"shareMin": 60, "shareMax": 40}, "share minimum 60 is above the maximum 40"),
        ({"shareMax": 140}, "share maximum 140 is outside 0-100 %"),
        ({"share": 70, "shareMin": 25, "shareMax": 50}, "share 70 is outside its range 25-50"),
        ({"type": "partnership", "shareMin": 10}, "are for ownership and control relationships"),
        ({"shareMin": "half"}, "shareMin: Input should be a valid number"),
    ],
)
def test_bad_shares_are_refused_with_a_reason(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(RecordError, match=message):
        parse_record(_rel(**fields))


def test_bad_share_in_a_file_names_the_line_and_writes_nothing(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    records = findings(prefix)
    records[6] = {**records[6], "shareMin": 60, "shareMax": 40}  # the ownership r2
    path = write_jsonl(tmp_path / "bad.jsonl", records)
    with pytest.raises(InvalidInputError) as caught:
        db.run(ingest_paths, [path])
    assert f"{path}:7: relationship '{prefix}r2'" in str(caught.value)
    assert "share minimum 60 is above the maximum 40" in str(caught.value)
    assert count(db, settings, prefix) == (0, 0)


def test_ranges_are_stored_and_kept_by_later_files(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    records = findings(prefix)
    records[6] = {k: v for k, v in records[6].items() if k != "share"}
    records[6].update(shareMin=25, shareMax=50, arrangement=f"{prefix}jv")
    db.run(ingest_paths, [write_jsonl(tmp_path / "a.jsonl", records)])
    again = {k: v for k, v in records[6].items() if k not in ("shareMin", "shareMax")}
    db.run(ingest_paths, [write_jsonl(tmp_path / "b.jsonl", [again])])
    [row] = db.rows(
        "MATCH ()-[r:OWNERSHIP {id: $id}]->() RETURN r.share AS share, r.share_min AS lo, "
        "r.share_max AS hi, r.arrangement AS arrangement",
        id=f"{prefix}r2",
    )
    assert row == {"share": None, "lo": 25, "hi": 50, "arrangement": f"{prefix}jv"}


def _ftm(tmp_path: Path, percentage: str) -> list:  # type: ignore[type-arg]
    lines = [
        {"id": "p", "schema": "Person", "properties": {"name": ["P"]}},
        {"id": "c", "schema": "Company", "properties": {"name": ["C"]}},
        {
            "id": "o",
            "schema": "Ownership",
            "properties": {"owner": ["p"], "asset": ["c"], "percentage": [percentage]},
        },
    ]
    path = tmp_path / "x.ftm.json"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return [i for i in parse(detect(path, str(path), "ftm")) if i.location.endswith(":3")]


@pytest.mark.parametrize(
    ("text", "share", "lo", "hi"),
    [("60%", 60, None, None), ("25-50%", None, 25, 50), ("over 50%", None, 50, 100)],
)
def test_ftm_percentage_text_becomes_a_share_or_a_range(
    tmp_path: Path, text: str, share: float | None, lo: float | None, hi: float | None
) -> None:
    [found] = _ftm(tmp_path, text)
    rel = found.record
    assert isinstance(rel, RelationshipRecord)
    assert (rel.share, rel.share_min, rel.share_max) == (share, lo, hi)


def test_ftm_unreadable_percentage_is_kept_as_text(tmp_path: Path) -> None:
    [found] = _ftm(tmp_path, "majority")
    rel = found.record
    assert isinstance(rel, RelationshipRecord)
    assert (rel.share, rel.share_min, rel.share_max) == (None, None, None)
    assert rel.description == "percentage: majority"


def test_ftm_impossible_percentage_is_an_error(tmp_path: Path) -> None:
    [found] = _ftm(tmp_path, "150%")
    assert found.record is None
    assert found.error == "percentage '150%': share minimum 150 is outside 0-100 %"
