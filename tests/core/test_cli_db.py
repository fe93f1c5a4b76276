"""`entangle db ...` as a person runs it: real processes, a real second Neo4j."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from entanglements.core.settings import Settings

ENTANGLE = str(Path(sys.executable).with_name("entangle"))


def run(*args: str, env: dict[str, str], timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ENTANGLE, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture
def own_instance(tmp_path: Path, settings: Settings) -> dict[str, str]:
    """Settings for a throw-away instance on port 7690 that reuses the cached jars."""
    home = tmp_path / "home"
    cached = settings.home.resolve() / f"neo4j-{settings.neo4j_version}"
    if cached.exists():
        shutil.copytree(cached, home / cached.name, symlinks=True)
    return {
        **os.environ,
        "NEO4J_URI": "bolt://127.0.0.1:7690",
        "ENTANGLE_HOME": str(home),
        "NEO4J_PASSWORD": "lifecycle-test",
        "ENTANGLE_NEO4J_HEAP": "512m",
        "ENTANGLE_NEO4J_PAGECACHE": "128m",
    }


def test_start_twice_status_stop_twice(own_instance: dict[str, str]) -> None:
    try:
        first = run("db", "start", env=own_instance)
        assert first.returncode == 0, first.stderr
        assert "Neo4j started" in first.stdout
        second = run("db", "start", env=own_instance)
        assert second.returncode == 0 and "already running" in second.stdout
        status = run("db", "status", env=own_instance)
        assert status.returncode == 0, status.stderr
        assert "5.26." in status.stdout and "bolt://127.0.0.1:7690" in status.stdout
        assert "running" in status.stdout
    finally:
        stopped = run("db", "stop", env=own_instance)
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    again = run("db", "stop", env=own_instance)
    assert again.returncode == 0 and "not running" in again.stdout
    pid_files = list(Path(own_instance["ENTANGLE_HOME"]).glob("server-*/neo4j.pid"))
    assert pid_files == []
    leftover = subprocess.run(
        ["pgrep", "-f", f"home-dir={own_instance['ENTANGLE_HOME']}"], capture_output=True
    )
    assert leftover.returncode == 1, "a Neo4j process outlived `entangle db stop`"


@pytest.mark.parametrize("args", [("db", "status"), ("db", "migrate"), ("db", "reset", "--yes")])
def test_unreachable_database_fails_fast_with_one_line(args: tuple[str, ...]) -> None:
    env = {**os.environ, "NEO4J_URI": "bolt://127.0.0.1:7999", "ENTANGLE_HOME": "/nonexistent"}
    started = time.monotonic()
    result = run(*args, env=env, timeout=30)
    assert time.monotonic() - started < 10
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == ["error: Neo4j is not reachable at bolt://127.0.0.1:7999"]
    assert "Traceback" not in result.stdout + result.stderr


def test_invalid_setting_is_one_clear_line() -> None:
    env = {**os.environ, "NEO4J_URI": "http://127.0.0.1:7474"}
    result = run("db", "status", env=env, timeout=30)
    assert result.returncode == 2
    assert "NEO4J_URI" in result.stderr and "Traceback" not in result.stderr
