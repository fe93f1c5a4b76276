"""Replace the local server's store with one built by ``neo4j-admin database import full``.

The tool writes into a staging instance folder (``server-<port>/import-staging``) beside the
server's; only when it succeeded are the database's store and transaction folders moved in
place of the served ones (the server stopped meanwhile), so a failed import leaves the
served store as it was. The tool runs with the server's memory settings
(``ENTANGLE_NEO4J_HEAP`` as its heap, ``ENTANGLE_NEO4J_PAGECACHE`` as its off-heap limit):
the memory the server itself had until it stopped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from entanglements.cli.server import local
from entanglements.cli.server.install import ensure_jars
from entanglements.core.errors import ServerError
from entanglements.core.settings import Settings
from entanglements.ingest.bulk_csv import ARRAY_DELIMITER, ImportFiles

STAGING = "import-staging"


def command(settings: Settings, lib: Path, files: ImportFiles, staging: Path) -> list[str]:
    multiline = sorted(str(p) for p in files.multiline)
    return [
        local.java(), f"-Xmx{settings.neo4j_heap}", "-cp", f"{lib}/*", local.ADMIN_TOOL,
        "database", "import", "full",
        # The database name first: after --relationships it would be read as one more file.
        settings.neo4j_database,
        f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}",
        f"--max-off-heap-memory={settings.neo4j_pagecache}",
        f"--report-file={staging / 'import.report'}",
        *(f"--nodes={label}={path}" for label, path in files.nodes.items()),
        *(f"--relationships={rel}={path}" for rel, path in files.relationships.items()),
        *(["--multiline-fields-format=v2", f"--multiline-fields={','.join(multiline)}"]
          if multiline else []),
    ]  # fmt: skip


def _failure(output: str) -> str:
    """The tool's own reason, one line (its progress dots and stack frames left out)."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    reasons = [
        line
        for line in lines
        if not line.startswith(("at ", "...", ".")) and "%" not in line and "Caused by" not in line
    ]
    for line in reversed(reasons):
        if "error" in line.lower() or "exception" in line.lower() or "fail" in line.lower():
            return line
    return reasons[-1] if reasons else "no output"


def run_import(settings: Settings, files: ImportFiles) -> tuple[Path, float]:
    """Import into the staging folder (deleted first); its path and the tool's seconds."""
    layout = local.Layout.of(settings)
    staging = layout.root / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "conf").mkdir(parents=True)
    (staging / "conf" / "neo4j.conf").write_text(
        f"server.directories.data={staging / 'data'}\nserver.directories.logs={staging / 'logs'}\n"
    )
    lib = ensure_jars(settings.home, settings.neo4j_version)
    env = {**os.environ, "NEO4J_HOME": str(staging), "NEO4J_CONF": str(staging / "conf")}
    began = time.perf_counter()
    result = subprocess.run(
        command(settings, lib, files, staging),
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - began
    (staging / "import.log").write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        reason = _failure(result.stdout + result.stderr)
        raise ServerError(
            f"neo4j-admin database import failed, the store is unchanged: {reason} "
            f"(full output: {staging / 'import.log'})"
        )
    return staging, seconds


def swap_in(settings: Settings, staging: Path) -> None:
    """Move the imported database in place of the served one (the server is stopped)."""
    layout = local.Layout.of(settings)
    name = settings.neo4j_database
    for kind in ("databases", "transactions"):
        served, imported = layout.data_dir / kind / name, staging / "data" / kind / name
        old = served.with_name(f"{name}.replaced")
        shutil.rmtree(old, ignore_errors=True)
        served.parent.mkdir(parents=True, exist_ok=True)
        if served.exists():
            served.rename(old)
        imported.rename(served)
        shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)


def replace_store(settings: Settings, files: ImportFiles, say: Callable[[str], None]) -> float:
    """Stop the server, import, swap the store in on success, start the server again
    (also when the import failed). Returns the import tool's seconds."""
    say("stopping Neo4j")
    local.stop(settings)
    try:
        say(
            f"neo4j-admin database import full: {files.node_count:,} nodes, "
            f"{files.relationship_count:,} relationships"
        )
        staging, seconds = run_import(settings, files)
        swap_in(settings, staging)
    finally:
        say("starting Neo4j")
        local.start(settings)
    return seconds
