"""Benchmarks: synthetic graphs, ingest, exposure latency, throughput (``make bench``)."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
