"""The real clients' fixtures: the app served as `make run` serves it (tests/web's server)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from entanglements.ingest.summary import IngestSummary
from tests.api.conftest import findings  # noqa: F401  (the fixture, for these tests too)
from tests.web.conftest import start_server, stop_server

REPO = Path(__file__).resolve().parents[2]
NODE_BIN = REPO / "node_modules" / ".bin"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, seed: IngestSummary) -> Iterator[str]:
    log = tmp_path_factory.mktemp("serve-clients") / "serve.log"
    process, url = start_server(log, anonymous_role="reader")
    try:
        yield url
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def node() -> str:
    found = shutil.which("node")
    assert found, "node is needed for the client tests (make install installs the npm packages)"
    return found
