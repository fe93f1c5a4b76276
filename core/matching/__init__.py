"""The matcher: scores a query party against a candidate with explained features."""

from entanglements.core.matching.compare import DEFAULT_THRESHOLD, Comparison, Feature, compare
from entanglements.core.matching.party import Party


def warm_up() -> None:
    """Build rigour's taggers and tables now (they load on first use, in seconds)."""
    for kind in ("Person", "Organization", "LegalEntity", "Vessel"):
        compare(Party(kind, ("Warm Up 1",)), Party(kind, ("Warm Up 1",)))


__all__ = ["DEFAULT_THRESHOLD", "Comparison", "Feature", "Party", "compare", "warm_up"]
