"""The real clients' fixtures: the app served as `make run` serves it (tests/web's server)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.api.conftest import findings  # noqa: F401  (the fixture, for these tests too)
from tests.web.conftest import server  # noqa: F401  (the live server, shared)

REPO = Path(__file__).resolve().parents[2]
NODE_BIN = REPO / "node_modules" / ".bin"


@pytest.fixture(scope="session")
def node() -> str:
    found = shutil.which("node")
    assert found, "node is needed for the client tests (make install installs the npm packages)"
    return found
