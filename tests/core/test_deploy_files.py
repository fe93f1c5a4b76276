"""docker-compose.yml and the Dockerfile (no Docker engine here to run them: the
structure `docker compose config` would check is checked instead)."""

from __future__ import annotations

from typing import Any

import yaml

from tests import REPO_ROOT


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
    return loaded


def test_neo4j_service_is_526_community_with_healthcheck_and_volume() -> None:
    neo4j = compose()["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert {"test", "interval", "retries"} <= set(neo4j["healthcheck"])
    volume = neo4j["volumes"][0].split(":")[0]
    assert volume in compose()["volumes"]


def test_api_is_built_here_and_waits_for_a_healthy_neo4j() -> None:
    api = compose()["services"]["api"]
    assert api["build"] == "."
    assert api["depends_on"] == {"neo4j": {"condition": "service_healthy"}}
    assert api["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"


def test_dockerfile_ships_every_package_and_the_cypher_files() -> None:
    dockerfile = (REPO_ROOT / "Dockerfile").read_text()
    for folder in ("core", "api", "ingest", "cli", "cypher", "data"):
        assert f"COPY {folder} {folder}" in dockerfile
    assert "constraints.txt" in dockerfile and "entangle serve" in dockerfile
    install = next(line for line in dockerfile.splitlines() if "pip install" in line)
    assert " -e " not in install, "the image installs the package, not the checkout"
    # the web app's libraries come from the lockfile (npm ci in `make vendor`) into the package
    assert "COPY Makefile package.json package-lock.json" in dockerfile
    assert "COPY --from=web /src/api/web/static/vendor api/web/static/vendor" in dockerfile
