"""The dossier's structure: sections of lines, each line naming the footnotes it rests on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from entanglements.core.reads.records import CitationRow, References, SourceRow
from entanglements.core.reads.runs import IngestRuns


@dataclass(frozen=True, slots=True)
class Footnote:
    number: int
    source: SourceRow
    quote: str | None
    locator: str | None


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    level: int = 0  # nesting: 0 a claim, 1 a path under it, 2 a hop of the path
    notes: tuple[int, ...] = ()
    entity_id: str | None = None  # the entity the line is about, for clients that link


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Dossier:
    entity_id: str
    title: str
    generated_at: str  # ISO 8601, UTC
    parameters: tuple[tuple[str, str], ...]
    runs: IngestRuns
    sections: tuple[Section, ...]
    footnotes: tuple[Footnote, ...]


@dataclass
class Footnotes:
    """Numbers citations in order of first use; the same source, quote and locator cited
    twice (a listing's evidence reused on a path) keeps its first number."""

    references: References
    notes: list[Footnote] = field(default_factory=list)
    _numbers: dict[tuple[str, str | None, str | None], int] = field(default_factory=dict)

    def cite(self, citations: Iterable[CitationRow]) -> tuple[int, ...]:
        numbers: list[int] = []
        for c in citations:
            key = (c.source_id, c.quote, c.locator)
            if key not in self._numbers:
                number = len(self.notes) + 1
                self._numbers[key] = number
                source = self.references.source(c.source_id)
                self.notes.append(Footnote(number, source, c.quote, c.locator))
            if self._numbers[key] not in numbers:
                numbers.append(self._numbers[key])
        return tuple(numbers)
