"""Benchmarks: synthetic graphs, ingest, exposure latency, throughput (``make bench``)."""
