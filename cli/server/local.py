"""Start, stop and inspect the local Neo4j server (pid file, log file, neo4j.conf)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from entanglements.cli.server.install import ensure_jars
from entanglements.core.errors import EntangleError, ServerError
from entanglements.core.settings import Settings

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"


@dataclass(frozen=True)
class Layout:
    """Where one local instance keeps its files: ``$ENTANGLE_HOME/server-<port>``."""

    root: Path

    @classmethod
    def of(cls, settings: Settings) -> Layout:
        return cls((settings.home / f"server-{settings.port}").resolve())

    @property
    def conf_dir(self) -> Path:
        return self.root / "conf"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @property
    def pid_file(self) -> Path:
        return self.root / "neo4j.pid"

    @property
    def console_log(self) -> Path:
        return self.logs_dir / "console.log"


def _conf(settings: Settings, layout: Layout) -> str:
    return "\n".join(
        [
            "# Written by `entangle db start`; edits are overwritten on the next start.",
            f"server.directories.data={layout.data_dir}",
            f"server.directories.logs={layout.logs_dir}",
            f"server.directories.import={layout.root / 'import'}",
            f"server.bolt.listen_address={settings.host}:{settings.port}",
            f"server.bolt.advertised_address={settings.host}:{settings.port}",
            "server.http.enabled=false",
            "server.https.enabled=false",
            "dbms.security.auth_enabled=true",
            f"server.memory.heap.initial_size={settings.neo4j_heap}",
            f"server.memory.heap.max_size={settings.neo4j_heap}",
            f"server.memory.pagecache.size={settings.neo4j_pagecache}",
            # A runaway query must not hold the server: every transaction is bounded.
            "db.transaction.timeout=120s",
            "dbms.memory.transaction.total.max=4g",
            "db.logs.query.enabled=OFF",
            "dbms.usage_report.enabled=false",
            "",
        ]
    )


def java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").exists():
        return str(Path(java_home) / "bin" / "java")
    found = shutil.which("java")
    if found is None:
        raise ServerError("Java 17 is not installed (no `java` on PATH and no JAVA_HOME)")
    return found


def read_pid(layout: Layout) -> int | None:
    """The server's pid if its pid file names a live Neo4j process."""
    try:
        pid = int(layout.pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return pid if ENTRY_POINT.encode() in cmdline else None


def bolt_open(settings: Settings, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((settings.host, settings.port), timeout=timeout):
            return True
    except OSError:
        return False


def _set_initial_password(settings: Settings, layout: Layout, lib: Path) -> None:
    """Before the very first start only: Neo4j's default password must be changed."""
    if (layout.data_dir / "dbms").exists():
        return
    env = {**os.environ, "NEO4J_HOME": str(layout.root), "NEO4J_CONF": str(layout.conf_dir)}
    command = [
        java(), "-cp", f"{lib}/*", ADMIN_TOOL,
        "dbms", "set-initial-password", settings.neo4j_password.get_secret_value(),
    ]  # fmt: skip
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ServerError(f"could not set Neo4j's initial password: {result.stderr.strip()}")


def log_tail(layout: Layout, lines: int = 20) -> str:
    for log in (layout.logs_dir / "neo4j.log", layout.console_log):
        if log.exists():
            return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    return "(no server log yet)"


def start(settings: Settings) -> tuple[bool, Layout]:
    """Start the local server unless it runs; return (started_now, layout)."""
    layout = Layout.of(settings)
    if read_pid(layout) is not None:
        return False, layout
    if bolt_open(settings):
        raise ServerError(
            f"port {settings.port} is taken by another process; set NEO4J_URI to a free port"
        )
    lib = ensure_jars(settings.home, settings.neo4j_version)
    for folder in (layout.conf_dir, layout.data_dir, layout.logs_dir, layout.root / "import"):
        folder.mkdir(parents=True, exist_ok=True)
    (layout.conf_dir / "neo4j.conf").write_text(_conf(settings, layout))
    _set_initial_password(settings, layout, lib)
    command = [
        java(), "-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow",
        "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8",
        "-cp", f"{lib}/*", ENTRY_POINT,
        f"--home-dir={layout.root}", f"--config-dir={layout.conf_dir}",
    ]  # fmt: skip
    with layout.console_log.open("ab") as console:
        process = subprocess.Popen(  # the server outlives this command by design
            command, stdout=console, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
    layout.pid_file.write_text(str(process.pid))
    asyncio.run(_wait_for_bolt(settings, layout, process))
    return True, layout


async def _wait_for_bolt(
    settings: Settings, layout: Layout, process: subprocess.Popen[bytes]
) -> None:
    """Poll until the server answers a query (one event loop for the whole wait)."""
    deadline = time.monotonic() + settings.start_timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            layout.pid_file.unlink(missing_ok=True)
            raise ServerError(
                f"Neo4j exited during start (code {process.returncode}). Last log lines:\n"
                + log_tail(layout)
            )
        if bolt_open(settings, timeout=0.5) and await _bolt_answers(settings):
            return
        await asyncio.sleep(0.5)
    stop(settings)
    raise ServerError(
        f"Neo4j did not answer on {settings.neo4j_uri} within {settings.start_timeout_s:.0f}s."
        " Last log lines:\n" + log_tail(layout)
    )


async def _bolt_answers(settings: Settings) -> bool:
    """The port opens before the databases are up; a real handshake and query tell."""
    # local import: the driver is not needed to stop a server
    from entanglements.core.db.database import Database

    try:
        async with Database.open(settings, role="cli"):
            return True
    except EntangleError:
        return False


def stop(settings: Settings, timeout: float = 60.0) -> bool:
    """Stop the local server; False when it was not running. Leaves no process behind."""
    layout = Layout.of(settings)
    pid = read_pid(layout)
    if pid is None:
        layout.pid_file.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and read_pid(layout) is not None:
        time.sleep(0.3)
        _reap(pid)
    if read_pid(layout) is not None:
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        _reap(pid)
    layout.pid_file.unlink(missing_ok=True)
    return True


def _reap(pid: int) -> None:
    """Collect the exit status when this process started the server (tests do)."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
