"""Ingest: parsers for findings, FollowTheMoney and CSL files, and the batched writer."""
