"""The matcher: scores a query party against a candidate with explained features."""

from entanglements.core.matching.compare import DEFAULT_THRESHOLD, Comparison, Feature, compare
from entanglements.core.matching.party import Party

__all__ = ["DEFAULT_THRESHOLD", "Comparison", "Feature", "Party", "compare"]
