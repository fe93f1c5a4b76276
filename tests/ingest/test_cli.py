"""``entangle ingest`` as a person runs it: exit codes, --json, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.conftest import ROOT
from tests.ingest.helpers import findings, write_jsonl

ENTANGLE = str(ROOT / ".venv" / "bin" / "entangle")


def _run(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ENTANGLE, "ingest", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        cwd=cwd or ROOT,
        timeout=120,
        check=False,
    )


def test_ok_json(prefix: str, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "f.jsonl", findings(prefix))
    done = _run(str(path), "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["outcome"] == "ok" and summary["counts"]["entity"]["created"] == 3
    table = _run(str(path))
    assert table.returncode == 0 and "unchanged" in table.stdout


def test_invalid_input_exit_2(prefix: str, tmp_path: Path) -> None:
    records = findings(prefix)
    records[2]["kind"] = "Univ"
    done = _run(str(write_jsonl(tmp_path / "f.jsonl", records)), "--json")
    assert done.returncode == 2
    assert json.loads(done.stdout)["outcome"] == "invalid"
    assert f"{tmp_path / 'f.jsonl'}:3: entity" in done.stderr
    assert "Traceback" not in done.stderr


def test_stdin_and_skip_invalid(prefix: str, tmp_path: Path) -> None:
    lines = [json.dumps(r) for r in findings(prefix)] + ["{broken"]
    done = _run("-", "--skip-invalid", stdin="\n".join(lines) + "\n", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rejects = (tmp_path / "stdin.rejects.jsonl").read_text().splitlines()
    assert json.loads(rejects[0])["location"] == "<stdin>:9"


def test_missing_file_and_bad_format(tmp_path: Path) -> None:
    done = _run(str(tmp_path / "nope.jsonl"))
    assert done.returncode == 2 and "no such file" in done.stderr and "Traceback" not in done.stderr
    done = _run(str(tmp_path), "--format", "xml")
    assert done.returncode == 2 and "unknown format" in done.stderr


def test_database_down_exit_1(prefix: str, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "f.jsonl", findings(prefix))
    env = {**os.environ, "NEO4J_URI": "bolt://127.0.0.1:7999", "ENTANGLE_CONNECT_TIMEOUT": "1"}
    done = subprocess.run(
        [ENTANGLE, "ingest", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1 and "not reachable" in done.stderr
    assert "Traceback" not in done.stderr
