"""``entangle retract / unretract / history / watch / alerts`` as a person runs them: exit
codes, one-line errors, JSON lines, and the alert log a mail or chat tool follows."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from entanglements.core.settings import Settings
from tests.api.conftest import Findings
from tests.conftest import ROOT
from tests.db import SyncDb

ENTANGLE = str(ROOT / ".venv" / "bin" / "entangle")


@pytest.fixture
def findings(prefix: str) -> Findings:
    return Findings(prefix)


def entangle(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ENTANGLE, *args],
        capture_output=True,
        text=True,
        env=os.environ | (env or {}),
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def refused(done: subprocess.CompletedProcess[str], message: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_retract_history_unretract(findings: Findings, db: SyncDb, settings: Settings) -> None:
    f = findings
    f.entity("a")
    f.entity("b")
    rel = f.rel("r", "partnership", "a", "b")
    f.load(db, settings)
    done = entangle("retract", "relationship", rel, "--reason", "misread the article")
    assert done.returncode == 0 and f"retracted relationship {rel}" in done.stdout, done.stderr
    refused(entangle("retract", "relationship", rel, "--reason", "again"), "retracted already")
    refused(entangle("retract", "relationship", f.id("nope"), "--reason", "x"), "no relationship")
    refused(entangle("retract", "claim", rel, "--reason", "x"), "KIND: unknown 'claim'")
    refused(entangle("retract", "--source", f.id("src"), "entity", rel), "not both")
    refused(entangle("retract", "entity", f.id("a"), "--reason", " "), "reason")
    assert entangle("unretract", "relationship", rel, "--reason", "fine").returncode == 0
    lines = entangle("history", rel, "--json").stdout.splitlines()
    events = [json.loads(line) for line in lines]
    assert [e["action"] for e in events] == ["created", "retracted", "unretracted"]
    assert events[1]["reason"] == "misread the article" and events[1]["by"].startswith("cli")
    refused(entangle("history", f.id("nothing")), "nothing has the id")


def test_watch_alerts_and_the_alert_log(
    findings: Findings, db: SyncDb, settings: Settings, tmp_path: Path
) -> None:
    f = findings
    f.sanctions_list("el")
    f.entity("w")
    f.entity("p")
    f.rel("wp", "partnership", "w", "p")
    f.load(db, settings)
    w = f.id("w")
    assert entangle("watch", "add", w, "--hops", "2").returncode == 0
    try:
        listed = Findings(f.prefix)
        listed.listing("lp", "p", "el", listed="2020")
        path = tmp_path / "listing.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in listed.records[1:]))
        log = tmp_path / "alerts.jsonl"
        done = entangle("ingest", str(path), env={"ENTANGLE_ALERT_LOG": str(log)})
        assert done.returncode == 0 and "watch alert(s) raised" in done.stdout, done.stderr
        logged = [json.loads(line) for line in log.read_text().splitlines()]
        mine = [a for a in logged if a["watch"] == w]
        assert [(a["kind"], a["party"]) for a in mine] == [("listed", f.id("p"))]
        out = entangle("alerts", "--unacknowledged", "--json").stdout.splitlines()
        assert mine[0]["id"] in {json.loads(line)["id"] for line in out}
        assert entangle("alerts", "ack", mine[0]["id"]).returncode == 0
        out = entangle("alerts", "--unacknowledged", "--json").stdout.splitlines()
        assert mine[0]["id"] not in {json.loads(line)["id"] for line in out}
        refused(entangle("alerts", "ack", "al-nope"), "no alert with id")
        refused(entangle("alerts", "--since", "2026-13"), "--since")
        listing = entangle("watch", "list").stdout
        assert any(line.startswith(w + "\t2\tall") for line in listing.splitlines())
    finally:
        assert entangle("watch", "remove", w).returncode == 0
    refused(entangle("watch", "remove", w), "is not watched")
