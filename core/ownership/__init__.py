"""Restricted by ownership: the OFAC, BIS, EU and UK ownership-and-control rules.

- ``rules.yaml`` holds the rules as versioned data (periods, thresholds, lists, sources);
  ``rules`` loads and validates it, so a change of law is a data change;
- ``shares`` is a stake's share as evidence: an exact figure or a range;
- ``engine`` computes verdicts (RESTRICTED / CLEAR / UNDETERMINED) on an ``OwnershipGraph``
  held in memory, with the owners and shares behind each one;
- ``reads`` fetches that graph from Neo4j (batched, parameterised).

docs/ownership.md explains the rules, their sources and the engine's semantics.
"""
