"""`entangle ownership` as a person runs it: real processes against the real database."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from entanglements.core.settings import Settings
from tests.db import SyncDb
from tests.ownership.stored import store

ENTANGLE = str(Path(sys.executable).with_name("entangle"))


def entangle(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ENTANGLE, "ownership", *args],
        env={**os.environ, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _graph(db: SyncDb, settings: Settings, tmp_path: Path, p: str) -> list[str]:
    stakes: list[Any] = [("x", "a", 50), ("x", "b", 10), ("a", "b", 40), ("b", "a", 5)]
    stakes += [("z", "c", None)]
    store(db, settings, tmp_path, p, stakes, {"x": {"list": f"{p}sdn"}, "z": {"list": f"{p}sdn"}})
    return ["--rule", "ofac-50", "--list", f"{p}sdn"]


def test_verdict_as_a_tree(db: SyncDb, settings: Settings, tmp_path: Path, prefix: str) -> None:
    ask = _graph(db, settings, tmp_path, prefix)
    shown = entangle(f"{prefix}b", *ask, "--as-of", "2026-12-01")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == "OFAC 50 Percent Rule, as of 2026-12-01"
    assert lines[1].startswith("RESTRICTED: listed or restricted owners hold 50 % of Company b")
    assert f"Company b ({prefix}b): RESTRICTED (restricted share 50 %)" in lines[2]
    text = shown.stdout
    assert f"Company a ({prefix}a) holds 40 %: RESTRICTED" in text
    assert f"Company x ({prefix}x) holds 10 %: listed on {prefix}sdn" in text
    assert f'ownership {prefix}own-a-b — Register extract "a owns b"' in text
    # the cycle a <-> b ends: b is named, not expanded again below a
    assert f"Company b ({prefix}b): shown above" in text


def test_verdict_as_json(db: SyncDb, settings: Settings, tmp_path: Path, prefix: str) -> None:
    ask = _graph(db, settings, tmp_path, prefix)
    shown = entangle(f"{prefix}c", *ask, "--json")
    assert shown.returncode == 0, shown.stderr
    found = json.loads(shown.stdout)
    [c] = found["verdicts"]
    assert (c["entity_id"], c["verdict"], c["share_min"], c["share_max"]) == (
        f"{prefix}c",
        "UNDETERMINED",
        0,
        100,
    )
    assert c["owners"][0]["listed_on"] == [f"{prefix}sdn"]


def test_derive_to_a_file(db: SyncDb, settings: Settings, tmp_path: Path, prefix: str) -> None:
    ask = _graph(db, settings, tmp_path, prefix)
    out = tmp_path / "derived.csv"
    done = entangle("derive", *ask, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("3 parties restricted or undetermined under ofac-50 as of ")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["entity_id"], r["verdict"], r["share_min"]) for r in rows] == [
        (f"{prefix}a", "RESTRICTED", "55.0"),
        (f"{prefix}b", "RESTRICTED", "50.0"),
        (f"{prefix}c", "UNDETERMINED", "0.0"),
    ]
    lines = tmp_path / "derived.jsonl"
    assert entangle("derive", *ask, "--out", str(lines)).returncode == 0
    assert [json.loads(line)["entity_id"] for line in lines.open()] == [
        r["entity_id"] for r in rows
    ]


def test_bad_input_is_one_line(prefix: str) -> None:
    for args, message in [
        (["x", "--rule", "ofac-99"], "error: rule: unknown ownership rule 'ofac-99'"),
        (["x", "--rule", "ofac-50", "--as-of", "2025-13"], "error: --as-of: invalid date"),
        ([f"{prefix}none", "--rule", "ofac-50"], f"error: no entity with id '{prefix}none'"),
        (["derive", "--rule", "ofac-50", "--out", "x.txt"], "error: --out x.txt: expected a .csv"),
    ]:
        result = entangle(*args)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        [line] = result.stderr.strip().splitlines()
        assert line.startswith(message), line
