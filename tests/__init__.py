"""The test suite; every database test runs against a real Neo4j."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
