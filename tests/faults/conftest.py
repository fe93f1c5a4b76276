"""Fixtures of the fault scenarios.

* ``fault_db``: a Neo4j of these tests' own (port 7691, a temporary ENTANGLE_HOME, the jars
  copied from the calling environment's cache), started with `entangle db start` and stopped
  at the end, even after a failure. Scenarios stop and start it at will; the shared test
  instance (7688) is never touched by a stop.
* ``fault_api``: `entangle serve` on a free loopback port against ``fault_db``.
* ``shared_api``: `entangle serve` against the shared test instance, for the quick scenarios
  (hostile GraphQL, injection, auth) that run in the normal suite and never stop Neo4j.

Every scenario records its measured figures with ``figures``; they are printed at the end
of the run (and written to $ENTANGLE_FAULTS_REPORT when set) for docs/reliability.md.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from entanglements.core.keys import create_key, revoke_key
from entanglements.core.settings import Settings
from tests.db import SyncDb
from tests.faults.harness import Instance, Server

_FIGURES: dict[str, dict[str, Any]] = {}


class Figures:
    def __init__(self, scenario: str) -> None:
        self.values = _FIGURES.setdefault(scenario, {})

    def __setitem__(self, key: str, value: Any) -> None:
        self.values[key] = round(value, 3) if isinstance(value, float) else value


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Figures:
    return Figures(request.node.name)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _FIGURES:
        return
    terminalreporter.section("fault scenarios: measured figures")
    for scenario, values in _FIGURES.items():
        terminalreporter.write_line(f"{scenario}: {json.dumps(values, ensure_ascii=False)}")
    target = os.environ.get("ENTANGLE_FAULTS_REPORT")
    if target:
        Path(target).write_text(json.dumps(_FIGURES, indent=2, ensure_ascii=False) + "\n")


@pytest.fixture(scope="session")
def fault_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Instance]:
    instance = Instance.create(tmp_path_factory.mktemp("fault-home"), Settings())
    try:
        instance.start()
        instance.migrate()
        yield instance
    finally:
        instance.shutdown()


@pytest.fixture
def running_db(fault_db: Instance) -> Instance:
    """The fault instance, started again if an earlier scenario left it down."""
    fault_db.ensure_running()
    return fault_db


@pytest.fixture(scope="session")
def fault_api(fault_db: Instance, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    fault_db.ensure_running()
    env = {**fault_db.env, "ENTANGLE_ANONYMOUS_ROLE": "reader"}
    server = Server.start(env, tmp_path_factory.mktemp("fault-api") / "serve.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def shared_api(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The API on the shared test Neo4j (the calling environment's), without anonymous access."""
    env = {k: v for k, v in os.environ.items() if k != "ENTANGLE_ANONYMOUS_ROLE"}
    server = Server.start(env, tmp_path_factory.mktemp("shared-api") / "serve.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def shared_keys(db: SyncDb, settings: Settings) -> Iterator[dict[str, str]]:
    """A key per role on the shared instance (revoked at the end): role -> secret."""
    made = {
        role: db.run(create_key, name=f"faults-{role}-{uuid.uuid4().hex[:6]}", role=role)
        for role in ("reader", "editor", "admin")
    }
    yield {role: secret for role, (_, secret) in made.items()}
    for key, _ in made.values():
        db.run(revoke_key, key.id)
