"""Parsers of the sanctions lists as their publishers issue them (UN, OFAC, EU, UK, BIS).

Each parser only *extracts* an ``Entry`` per listed party; ``entries.py`` maps every entry
to records the same way (ids, lists per programme, citations), so the mapping rules live in
one place and docs/ingest.md has one table per format.
"""
