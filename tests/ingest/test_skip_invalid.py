"""``--skip-invalid``: the valid records are written, the rejects go beside the input."""

from __future__ import annotations

import json
from pathlib import Path

from entanglements.core.settings import Settings
from entanglements.ingest.pipeline import ingest_paths
from tests.db import SyncDb
from tests.ingest.helpers import count, findings, write_jsonl


def test_rejects_file_and_cascade(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    records = findings(prefix)
    records[3]["kind"] = "Laboratory"  # the lab is invalid: so is the relationship to it
    path = write_jsonl(tmp_path / "f.jsonl", records)
    summary = db.run(ingest_paths, [path], skip_invalid=True)
    assert summary.outcome == "ok"
    assert summary.counts["entity"].rejected == 1 and summary.counts["entity"].created == 2
    assert summary.counts["relationship"].rejected == 2  # r1 and r2 both touch the lab
    rejects = path.with_name("f.jsonl.rejects.jsonl")
    assert summary.rejects_files == [str(rejects)]
    lines = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert [entry["location"] for entry in lines] == [f"{path}:4", f"{path}:6", f"{path}:7"]
    assert "unknown entity kind" in lines[0]["error"]
    assert lines[0]["input"]["kind"] == "Laboratory"
    assert f"{prefix}lab" in lines[1]["error"]
    assert count(db, settings, prefix) == (4, 1)  # source, list, uni, co; the listing
