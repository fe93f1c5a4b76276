"""``entangle screen``, ``compare``, ``judge`` and ``resolve`` as a person runs them."""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import uuid
from pathlib import Path

import pytest

from entanglements.core.resolution.judgements import history
from entanglements.core.settings import Settings
from entanglements.ingest.pipeline import ingest_records
from tests.conftest import ROOT
from tests.db import SyncDb

ENTANGLE = str(ROOT / ".venv" / "bin" / "entangle")
WORD = "".join(random.Random().choices("bdfgklmnprstvz", k=5)) + "ia"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ENTANGLE, *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        cwd=ROOT,
        timeout=180,
        check=False,
    )


@pytest.fixture(scope="module")
def graph(db: SyncDb, settings: Settings) -> str:
    p = f"t{uuid.uuid4().hex[:10]}-"
    records = [
        {"record": "source", "id": p + "s1", "title": "An article"},
        {"record": "source", "id": p + "s2", "title": "A list"},
        {"record": "list", "id": p + "el", "name": "Entity List", "authority": "BIS"},
        {
            "record": "entity",
            "id": p + "a",
            "kind": "Company",
            "name": f"{WORD} Robotics Co., Ltd.",
            "citations": [{"source": p + "s1"}],
        },
        {
            "record": "entity",
            "id": p + "b",
            "kind": "Company",
            "name": f"{WORD.upper()} ROBOTICS",
            "citations": [{"source": p + "s2"}],
        },
        {
            "record": "listing",
            "id": p + "lb",
            "entity": p + "b",
            "list": p + "el",
            "citations": [{"source": p + "s2"}],
        },
    ]
    assert db.run(ingest_records, records, origin="api").outcome == "ok"
    return p


def test_screen_writes_every_row_with_candidates(graph: str, tmp_path: Path) -> None:
    partners = tmp_path / "partners.csv"
    partners.write_text(f"name,countries,ref\n{WORD} Robotics,cn,R1\nNobody Known Zzqx,,R2\n")
    out = tmp_path / "out.jsonl"
    done = run("screen", str(partners), "--lists", graph + "el", "--out", str(out))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["ref"] for r in rows] == ["R1", "R2"]
    assert rows[0]["match_id"] == graph + "b" and rows[0]["match"] is True
    assert rows[0]["lists"] == [graph + "el"] and "robotics=robotics" in rows[0]["explanation"]
    assert rows[1]["match_id"] == "" and rows[1]["candidates"] == []
    table = run("screen", str(partners))
    assert table.returncode == 0 and graph + "a" in table.stdout  # a tie: the smaller id


def test_screen_csv_with_exposure(graph: str, tmp_path: Path) -> None:
    partners = tmp_path / "p.csv"
    partners.write_text(f"name\n{WORD} Robotics Co Ltd\n")
    out = tmp_path / "out.csv"
    done = run("screen", str(partners), "--exposure-hops", "2", "--out", str(out))
    assert done.returncode == 0, done.stderr
    row = next(csv.DictReader(out.open()))
    assert row["match_id"] in (graph + "a", graph + "b") and row["match"] == "true"
    assert "exposure" in row


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("nom\nx\n", "p.csv:1: no 'name' column"),
        ("name\nAlpha\n\x00\xff\n", "p.csv: not a UTF-8 CSV file"),
    ],
)
def test_screen_bad_file(tmp_path: Path, content: str, message: str) -> None:
    partners = tmp_path / "p.csv"
    partners.write_bytes(content.encode("latin-1"))
    out = tmp_path / "out.csv"
    done = run("screen", str(partners), "--out", str(out))
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


def test_screen_takes_dirty_rows(graph: str, tmp_path: Path) -> None:
    """Issue 24: a broken date, an unknown country or kind is ignored for its row (the
    warnings column); every row is screened and the command exits 0."""
    partners = tmp_path / "p.csv"
    partners.write_text(
        "name,kind,birth_date,countries,ref\n"
        f"{WORD} Robotics,Company,,cn,R1\n"
        f"{WORD} Robotics,Company,1974-01-32,,R2\n"
        f"{WORD} Robotics,Starship,,Atlantis,R3\n"
    )
    out = tmp_path / "out.csv"
    done = run("screen", str(partners), "--lists", graph + "el", "--out", str(out))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.open()))
    assert [(r["ref"], r["match_id"], r["error"]) for r in rows] == [
        ("R1", graph + "b", ""),
        ("R2", graph + "b", ""),
        ("R3", graph + "b", ""),
    ]
    assert rows[0]["warnings"] == ""
    assert (
        rows[1]["warnings"]
        == "birth date '1974-01-32' ignored: impossible date '1974-01-32': no such day"
    )
    assert "kind 'Starship' ignored" in rows[2]["warnings"]
    assert "country 'Atlantis' ignored" in rows[2]["warnings"]


def test_screen_reports_rows_it_cannot_screen_by_line(graph: str, tmp_path: Path) -> None:
    """A row with no usable name is named on standard error by its line and in the output
    by its error; every other row is screened; exit 3 (some rows not screened)."""
    partners = tmp_path / "p.csv"
    partners.write_text(f"name,ref\n{WORD} Robotics,R1\n---,R2\n,R3\n{WORD} Robotics,R4\n")
    out = tmp_path / "out.jsonl"
    done = run("screen", str(partners), "--lists", graph + "el", "--out", str(out))
    assert done.returncode == 3, done.stderr
    assert f"{partners}:3: not screened: no usable name" in done.stderr
    assert f"{partners}:4: not screened: no usable name" in done.stderr
    assert "2 of 4 rows not screened" in done.stderr and "Traceback" not in done.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["ref"], r.get("match_id"), bool(r["error"])) for r in rows] == [
        ("R1", graph + "b", False),
        ("R2", None, True),
        ("R3", None, True),
        ("R4", graph + "b", False),
    ]


def test_compare_csv_and_jsonl(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(
        'schema,name1,name2,id\nPerson,Vladimir Putin,"PUTIN, Vladimir",1\n'
        "Vessel,Victory 3,Victory,2\n"
    )
    out = tmp_path / "scored.csv"
    assert run("compare", str(pairs), "--out", str(out)).returncode == 0
    rows = list(csv.DictReader(out.open()))
    assert [(r["id"], r["match"]) for r in rows] == [("1", "true"), ("2", "false")]
    lines = tmp_path / "pairs.jsonl"
    lines.write_text(
        json.dumps({"schema": "Person", "a": {"name": "Emma"}, "b": {"name": "Emma Watson"}}) + "\n"
    )
    out = tmp_path / "scored.jsonl"
    assert run("compare", str(lines), "--out", str(out)).returncode == 0
    scored = json.loads(out.read_text())
    assert scored["match"] is False and "only one word in common" in scored["explanation"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"a": {"name": "x"}, "b": {"nom": "y"}}\n')
    done = run("compare", str(bad))
    assert done.returncode == 2 and "bad.jsonl:1: unknown field 'nom'" in done.stderr


def test_resolve_proposes_and_judge_decides(graph: str, db: SyncDb, settings: Settings) -> None:
    done = run("resolve", "--lists", graph + "el", "--out", "/no/such/folder/x.csv")
    assert done.returncode == 2  # no such folder: nothing written, a clear error
    table = run("resolve", "--lists", graph + "el")
    assert table.returncode == 0, table.stderr
    assert graph + "a" in table.stdout and graph + "b" in table.stdout
    judged = run("judge", graph + "a", graph + "b", "different", "--note", "two firms")
    assert judged.returncode == 0, judged.stderr
    again = run("resolve", "--lists", graph + "el")
    assert graph + "a" not in again.stdout
    [kept] = db.run(history, graph + "a", graph + "b")
    assert kept.verdict.value == "different" and kept.note == "two firms"
    assert kept.by.startswith("cli")
    assert run("judge", graph + "a", graph + "a", "same").returncode == 2
    assert run("judge", graph + "a", graph + "zz", "same").returncode == 2
