"""Fetch the Neo4j jars once with Maven and cache them under ENTANGLE_HOME."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from entanglements.core.errors import ServerError

POM = Path(__file__).with_name("pom.xml")


def lib_dir(home: Path, version: str) -> Path:
    return home / f"neo4j-{version}" / "lib"


def ensure_jars(home: Path, version: str) -> Path:
    """Return the folder of jars, resolving them with Maven the first time."""
    target = lib_dir(home, version)
    marker = target / ".complete"
    if marker.exists():
        return target
    if shutil.which("mvn") is None:
        raise ServerError("Maven (mvn) is not installed; it is needed once to fetch Neo4j's jars")
    partial = target.with_name("lib.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    command = [
        "mvn", "-B", "-q", "-f", str(POM),
        f"-Dneo4j.version={version}",
        "dependency:copy-dependencies",
        f"-DoutputDirectory={partial.resolve()}",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise ServerError(f"Maven could not fetch Neo4j {version}:\n{tail}")
    # Only a complete download replaces the cache, so an interrupted fetch retries cleanly.
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    marker.touch()
    return target
