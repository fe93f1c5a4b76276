"""`entangle query ...` as a person runs it: real processes against the real database."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ENTANGLE = str(Path(sys.executable).with_name("entangle"))


def entangle(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ENTANGLE, "query", *args],
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def one_line_error(result: subprocess.CompletedProcess[str], code: int) -> str:
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_list_and_show() -> None:
    listed = entangle("list")
    assert listed.returncode == 0 and listed.stderr == ""
    assert "exposure-paths" in listed.stdout and "[max_hops]" in listed.stdout
    as_json = json.loads(entangle("list", "--format", "json").stdout)
    exposure = next(q for q in as_json if q["name"] == "exposure-paths")
    assert exposure["path"].endswith("cypher/queries/exposure-paths.cypher")
    assert exposure["parameters"][0] == {
        "name": "entity_id",
        "type": "string",
        "required": True,
        "default": None,
        "description": "The entity to start from (its id, e.g. xjtlu).",
    }
    shown = entangle("show", "exposure-paths")
    assert shown.returncode == 0
    assert "(required)" in shown.stdout and "MATCH p = ANY SHORTEST" in shown.stdout


@pytest.mark.usefixtures("seeded")
def test_run_in_every_format() -> None:
    args = ("run", "exposure-paths", "-p", "entity_id=xjtlu", "-p", "max_hops=1")
    table = entangle(*args)
    assert table.returncode == 0, table.stderr
    assert "National Supercomputing Center in Wuxi" in table.stdout and "1 rows" in table.stdout

    document = json.loads(entangle(*args, "--format", "json").stdout)
    assert document["columns"][:2] == ["party_id", "party"] and document["truncated"] is False
    (row,) = document["rows"]
    assert row[0] == "nscc-wuxi" and row[-1]["nodes"][0]["properties"]["id"] == "xjtlu"

    rows = list(csv.reader(io.StringIO(entangle(*args, "-f", "csv").stdout)))
    assert rows[0][:4] == ["party_id", "party", "kind", "hops"]
    assert rows[1][:4] == [
        "nscc-wuxi",
        "National Supercomputing Center in Wuxi",
        "Organization",
        "1",
    ]
    assert json.loads(rows[1][4]) == ["Entity List (2021)"]  # lists as JSON text in a cell


@pytest.mark.usefixtures("seeded")
def test_truncation_is_a_warning_on_stderr() -> None:
    result = entangle("run", "hubs", "-f", "json", env={"ENTANGLE_MAX_ROWS": "2"})
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert len(document["rows"]) == 2 and document["truncated"] is True
    assert "warning: only the first 2 rows" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("run", "nope"), "error: no saved query 'nope' (known: authority-listed-links"),
        (("show", "nope"), "error: no saved query 'nope'"),
        (
            ("run", "exposure-paths"),
            "error: query 'exposure-paths': missing parameter 'entity_id' (expects string (text))",
        ),
        (
            ("run", "hubs", "-p", "limit=ten"),
            "error: query 'hubs': parameter 'limit' expects int (a whole number), got 'ten'",
        ),
        (
            ("run", "hubs", "-p", "lim=3"),
            "error: query 'hubs': unknown parameter 'lim'; it "
            "accepts: limit (int), kind (string), tag (string)",
        ),
        (("run", "hubs", "-p", "limit"), "error: -p 'limit': expected -p NAME=VALUE"),
        (("run", "hubs", "-p", "limit=1", "-p", "limit=2"), "error: parameter 'limit' given twice"),
        (
            ("run", "newly-listed-since", "-p", "since=2024-13", "-p", "entity_id=x"),
            "error: query 'newly-listed-since': parameter 'since' expects date",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    # Bad input is caught before connecting: these fail the same with the database down.
    down = {"NEO4J_URI": "bolt://127.0.0.1:7999"}
    assert one_line_error(entangle(*args, env=down), 2).startswith(message)


def test_refused_file_is_visible_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "wipe.cypher").write_text(
        "// name: wipe\n// description: d\nMATCH (n) DETACH DELETE n\n", encoding="utf-8"
    )
    env = {"ENTANGLE_QUERY_PATH": str(tmp_path)}
    listed = entangle("list", env=env)
    assert listed.returncode == 0 and "wipe.cypher: refused: DETACH is not allowed" in listed.stderr
    line = one_line_error(entangle("run", "wipe", env=env), 2)
    assert line.endswith("wipe.cypher: refused: DETACH is not allowed: saved queries only read")


def test_database_down_is_exit_1() -> None:
    result = entangle(
        "run", "hubs", env={"NEO4J_URI": "bolt://127.0.0.1:7999", "ENTANGLE_CONNECT_TIMEOUT": "1"}
    )
    assert one_line_error(result, 1) == "error: Neo4j is not reachable at bolt://127.0.0.1:7999"
