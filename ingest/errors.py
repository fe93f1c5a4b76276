"""The error raised for invalid input: readable lines, with every problem attached."""

from __future__ import annotations

from entanglements.core.errors import BadInputError
from entanglements.ingest.summary import IngestSummary, Problem

#: How many problems the message itself lists (all of them are on ``.errors``).
SHOWN = 20


class InvalidInputError(BadInputError):
    def __init__(self, summary: IngestSummary) -> None:
        self.summary = summary
        self.errors: list[Problem] = summary.errors
        lines = [str(p) for p in self.errors[:SHOWN]]
        more = len(self.errors) - SHOWN
        if more > 0:
            lines.append(f"... and {more} more")
        head = f"invalid input, nothing written ({len(self.errors)} problem"
        head += "s)" if len(self.errors) != 1 else ")"
        super().__init__("\n".join([head, *lines]))
