"""No CSV the product writes has a cell a spreadsheet would run: each CSV output of the
command line, fed names that are formulas (issue #23), as a person runs it."""

from __future__ import annotations

import csv
import io
import os
import subprocess
from pathlib import Path

import pytest

from entanglements.cli.output import csv_cell, write_csv
from entanglements.core.settings import Settings
from tests.api.conftest import Findings
from tests.conftest import ROOT
from tests.db import SyncDb
from tests.hostile.graph import DANGEROUS_STARTS, FORMULAS, INVISIBLE, formula_graph

ENTANGLE = str(ROOT / ".venv" / "bin" / "entangle")


def entangle(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [ENTANGLE, *args], capture_output=True, text=True, env=os.environ.copy(), cwd=ROOT,
        timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def assert_safe(text: str, expected: list[str]) -> None:
    """No cell starts like a formula, and each expected name is there, neutralised."""
    found = cells(text)
    assert [c for c in found if c.startswith(DANGEROUS_STARTS)] == []
    for name in expected:
        assert any(c.startswith("'" + name) for c in found), (name, found)


@pytest.fixture(scope="module")
def graph(db: SyncDb, settings: Settings) -> Findings:
    import uuid

    return formula_graph(db, settings, f"t{uuid.uuid4().hex[:10]}-")


def test_the_writer_neutralises_every_dangerous_start() -> None:
    stream = io.StringIO()
    write_csv(stream, ["=name", "score"], [[n, 0.5] for n in FORMULAS + INVISIBLE])
    assert_safe(stream.getvalue(), FORMULAS + INVISIBLE)
    rows = list(csv.reader(io.StringIO(stream.getvalue(), newline="")))
    assert rows[0] == ["'=name", "score"] and len(rows) == 7
    assert csv_cell(-0.5) == -0.5  # a number the product computed stays a number
    assert (csv_cell("plain"), csv_cell(None), csv_cell(True)) == ("plain", "", "true")
    assert csv_cell("a,=b") == "a,=b"  # the csv module quotes it: one cell, not two


def test_compare_out(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    with pairs.open("w", newline="") as f:
        csv.writer(f).writerows(
            [["schema", "name1", "name2"], *(["Company", n, n] for n in FORMULAS)]
        )
    out = tmp_path / "scored.csv"
    entangle("compare", str(pairs), "--out", str(out))
    assert_safe(out.read_text(), FORMULAS)


def test_screen_out(graph: Findings, tmp_path: Path) -> None:
    partners = tmp_path / "partners.csv"
    with partners.open("w", newline="") as f:
        csv.writer(f).writerows([["name", "ref"], [FORMULAS[0], "@ref"], [FORMULAS[3], "+r2"]])
    out = tmp_path / "screened.csv"
    entangle("screen", str(partners), "--lists", graph.id("list"), "--exposure-hops", "2",
             "--out", str(out))  # fmt: skip
    text = out.read_text()
    assert graph.id("parent") in text  # the formula-named party was found
    assert_safe(text, [FORMULAS[0], FORMULAS[3], "@ref", "+r2"])


def test_resolve_out(graph: Findings, tmp_path: Path) -> None:
    out = tmp_path / "proposals.csv"
    entangle("resolve", "--lists", graph.id("list"), "--out", str(out))
    text = out.read_text()
    assert graph.id("twin") in text  # parent and twin proposed as one party
    assert_safe(text, [FORMULAS[0]])


def test_ownership_derive_out(graph: Findings, tmp_path: Path) -> None:
    out = tmp_path / "derived.csv"
    entangle("ownership", "derive", "--rule", "ofac-50", "--list", graph.id("list"),
             "--out", str(out))  # fmt: skip
    text = out.read_text()
    assert graph.id("child") in text
    assert_safe(text, [FORMULAS[1]])


def test_saved_query_csv(graph: Findings) -> None:
    done = entangle("query", "run", "entity-dossier", "-p", f"entity_id={graph.id('child')}",
                    "--format", "csv")  # fmt: skip
    assert_safe(done.stdout, [FORMULAS[0], FORMULAS[2], FORMULAS[3]])
