"""The benchmark's own Neo4j: its folder, settings, jars, reset, start and stop.

It never shares a port or a folder with `make run` (7687) or `make test` (7688), so a
benchmark can neither read nor wipe anyone's graph.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

from bench import REPO_ROOT
from bench.profiles import Profile
from entanglements.cli.server import local
from entanglements.cli.server.install import ensure_jars, lib_dir
from entanglements.core.db.database import Database
from entanglements.core.settings import Settings

#: Reads of every entity (a million rows through the async driver) outlive the bench's 30 s
#: query budget; they get this one.
WHOLE_GRAPH_READ_S = 600.0

#: A throwaway instance on loopback only: the password protects nothing of value.
PASSWORD = "entangle-bench-only"  # noqa: S105


@dataclass(frozen=True)
class BenchInstance:
    profile: Profile
    home: Path
    settings: Settings

    @classmethod
    def of(cls, profile: Profile, root: Path | None = None) -> BenchInstance:
        home = (root or REPO_ROOT) / f".entangle-bench-{profile.name}"
        settings = Settings(
            neo4j_uri=f"bolt://127.0.0.1:{profile.bolt_port}",
            neo4j_password=SecretStr(PASSWORD),
            entangle_home=home,
            neo4j_heap=profile.heap,
            neo4j_pagecache=profile.pagecache,
            # Loading a million entities can take longer than the default query budget of an
            # analyst; the benchmark's own timeouts are counted, not raised (see latency.py).
            start_timeout_s=300.0,
            query_timeout_s=30.0,
        )
        return cls(profile, home, settings)

    def env(self) -> dict[str, str]:
        """The environment that points `entangle` (and the API server) at this instance."""
        s = self.settings
        return {
            **os.environ,
            "NEO4J_URI": s.neo4j_uri,
            "NEO4J_USER": s.neo4j_user,
            "NEO4J_PASSWORD": PASSWORD,
            "NEO4J_DATABASE": s.neo4j_database,
            "ENTANGLE_HOME": str(self.home),
            "ENTANGLE_NEO4J_HEAP": s.neo4j_heap,
            "ENTANGLE_NEO4J_PAGECACHE": s.neo4j_pagecache,
            "ENTANGLE_ANONYMOUS_ROLE": "reader",
            "ENTANGLE_QUERY_TIMEOUT": str(s.query_timeout_s),
        }

    def jars(self) -> Path:
        """The Neo4j jars: reused from another local instance when one has them (no
        Maven round trip), else fetched once by the product's own installer."""
        target = lib_dir(self.home, self.settings.neo4j_version)
        if not (target / ".complete").exists():
            for other in sorted(REPO_ROOT.glob(".entangle*")):
                candidate = lib_dir(other, self.settings.neo4j_version)
                if other != self.home and (candidate / ".complete").exists():
                    _link_tree(candidate, target)
                    break
        return ensure_jars(self.home, self.settings.neo4j_version)

    def reset(self) -> None:
        """Stop the server if a previous run left it up, and delete its data: every run
        loads into an empty store, so ingest figures never include a delete."""
        local.stop(self.settings)
        shutil.rmtree(local.Layout.of(self.settings).root, ignore_errors=True)

    def start(self) -> None:
        self.jars()
        local.start(self.settings)

    def stop(self) -> None:
        local.stop(self.settings)

    def pid(self) -> int | None:
        return local.read_pid(local.Layout.of(self.settings))


def _link_tree(source: Path, target: Path) -> None:
    """Hard-link the jars (same file system: instant, no disk); copy when linking fails."""
    partial = target.with_name("lib.partial")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        shutil.copytree(source, partial, copy_function=os.link)
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)
        shutil.copytree(source, partial)
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)


def patient(db: Database) -> Database:
    """``db`` with the budget of a read of every entity (``WHOLE_GRAPH_READ_S``)."""
    return db.with_settings(db.settings.model_copy(update={"query_timeout_s": WHOLE_GRAPH_READ_S}))
