"""``entangle export`` as a person runs it: standard output, a file written all or nothing,
progress on standard error, one-line errors."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import threading
from pathlib import Path

from entanglements.core.settings import Settings
from entanglements.ingest.summary import IngestSummary
from tests.conftest import ROOT
from tests.db import SyncDb

ENTANGLE = str(ROOT / ".venv" / "bin" / "entangle")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ENTANGLE, "export", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=300,
        check=False,
    )


def test_dash_is_standard_output(seed: IngestSummary) -> None:
    done = _run("--entity", "xjtlu", "--hops", "1", "-o", "-")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert "xjtlu" in {line["id"] for line in lines}
    assert done.stderr.startswith("exported ") and " entities, " in done.stderr


def test_a_file_is_written_whole(seed: IngestSummary, tmp_path: Path) -> None:
    out = tmp_path / "xjtlu.graphml"
    done = _run("--exposure", "xjtlu", "--format", "graphml", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").endswith("</graphml>\n")
    assert [p.name for p in tmp_path.iterdir()] == ["xjtlu.graphml"]  # no temporary left
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask  # as a plain open, not 0600


def test_a_failed_export_leaves_no_file(seed: IngestSummary, tmp_path: Path) -> None:
    out = tmp_path / "nobody.ftm.jsonl"
    done = _run("--entity", "no-such-entity-here", "--out", str(out))
    assert done.returncode == 2 and "no entity with id 'no-such-entity-here'" in done.stderr
    assert "Traceback" not in done.stderr and list(tmp_path.iterdir()) == []


def test_a_named_pipe_is_written_in_place_not_replaced(seed: IngestSummary, tmp_path: Path) -> None:
    """``--out`` naming a pipe or a device (``/dev/null``) writes into it: renaming a
    temporary file over it would replace it. (A pipe here, so a regression cannot replace
    the machine's ``/dev/null``.)"""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text(encoding="utf-8")))
    reader.start()
    done = _run("--entity", "xjtlu", "--out", str(pipe))
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert '"id":"xjtlu"' in received[0]


def test_bad_arguments_fail_in_one_line(db: SyncDb, settings: Settings) -> None:
    for args, message in (
        (["--entity", "a", "--query", "b"], "one part at a time"),
        (["--hops", "2"], "hops applies to an entity or exposure export"),
        (["--exposure", "a", "--as-of", "2019-13"], "--as-of"),
        (["--types", "friendship"], "unknown relationship type"),
        (["-p", "a=b"], "-p applies to --query only"),
    ):
        done = _run(*args)
        assert done.returncode == 2 and message in done.stderr, (args, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1
